package dev.sorrel.shell;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Entry point of the {@code sorrel} command: parses the command line, connects, and runs
 * either the interactive shell or the given scripts.
 */
public final class Main {

    /** Exit status when everything ran. */
    public static final int EXIT_OK = 0;
    /** Exit status when a statement of a script or {@code -c} failed. */
    public static final int EXIT_STATEMENT_FAILED = 1;
    /** Exit status for an invalid command line or a database that cannot be opened. */
    public static final int EXIT_USAGE = 2;

    private Main() {
    }

    /** Runs the shell and exits the JVM with its status. */
    public static void main(String[] args) {
        // Raw stdout rather than System.out: a PrintStream swallows write errors, and the
        // shell needs to see them to stop fetching rows when a pipe reader (head) is gone.
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        int status = run(args, System.in, stdout, System.err, System.console() != null);
        // Exit explicitly: terminal and driver threads must not keep the JVM alive.
        System.exit(status);
    }

    /**
     * Runs the shell as {@code main} would, without exiting the JVM, and returns the exit
     * status. Script input and output are UTF-8, whatever the platform default.
     *
     * @param interactive whether stdin and stdout are a terminal; when true and no
     *                    {@code -c}/{@code -f} is given, the line-editing REPL runs on the
     *                    system terminal
     */
    public static int run(String[] args, InputStream stdin, OutputStream stdout,
                          OutputStream stderr, boolean interactive) {
        PrintWriter out = writer(stdout);
        PrintWriter err = writer(stderr);
        try {
            return run(args, stdin, out, err, interactive);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err,
                           boolean interactive) {
        CommandLineOptions options;
        try {
            options = CommandLineOptions.parse(args);
            checkScriptsReadable(options);
        } catch (UsageException e) {
            err.println("sorrel: " + e.getMessage());
            err.println("Try 'sorrel --help' for more information.");
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.print(CommandLineOptions.USAGE);
            return EXIT_OK;
        }
        if (options.version()) {
            out.println("sorrel " + Version.get());
            return EXIT_OK;
        }
        ShellSettings settings = new ShellSettings().format(options.format())
                .timing(options.timing()).echo(options.echo()).quiet(options.quiet())
                .color(options.color() && noColorUnset());
        String url = options.jdbcUrl();
        Connection connection;
        try {
            connection = DriverManager.getConnection(url);
        } catch (SQLException | RuntimeException e) {
            err.println("sorrel: cannot open " + withoutParameters(url) + ": "
                    + ErrorReporter.describe(e));
            return EXIT_USAGE;
        }
        try (connection) {
            if (options.actions().isEmpty() && interactive) {
                out.flush();
                return new Repl(connection, settings, url, !options.hasDatabase()).run(err);
            }
            return runScripts(options, connection, settings, stdin, out, err);
        } catch (SQLException e) {
            // Closing failed after the work was done; worth a warning, not a failure.
            err.println("sorrel: warning: closing the connection failed: "
                    + ErrorReporter.describe(e));
            return EXIT_OK;
        }
    }

    private static int runScripts(CommandLineOptions options, Connection connection,
                                  ShellSettings settings, InputStream stdin, PrintWriter out,
                                  PrintWriter err) {
        ScriptRunner runner = new ScriptRunner(connection, settings, out, err);
        if (options.actions().isEmpty()) {
            return exitStatus(runner.runScript(reader(stdin))); // plain stdin piping
        }
        for (CommandLineOptions.Action action : options.actions()) {
            Outcome outcome;
            if (action.kind() == CommandLineOptions.Action.Kind.COMMAND) {
                outcome = runner.runScript(new StringReader(action.value()));
            } else if (action.value().equals("-")) {
                outcome = runner.runScript(reader(stdin));
            } else {
                try (Reader file = Files.newBufferedReader(Path.of(action.value()),
                        StandardCharsets.UTF_8)) {
                    outcome = runner.runScript(file);
                } catch (IOException e) {
                    err.println("sorrel: cannot read " + action.value() + ": " + e.getMessage());
                    return EXIT_STATEMENT_FAILED;
                }
            }
            if (outcome != Outcome.CONTINUE) {
                return exitStatus(outcome);
            }
        }
        return EXIT_OK;
    }

    /** Fails fast on missing scripts, before a database directory gets created for nothing. */
    private static void checkScriptsReadable(CommandLineOptions options) throws UsageException {
        for (CommandLineOptions.Action action : options.actions()) {
            if (action.kind() != CommandLineOptions.Action.Kind.FILE || action.value().equals("-")) {
                continue;
            }
            try {
                Path path = Path.of(action.value());
                if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                    throw new UsageException("cannot read file '" + action.value() + "'");
                }
            } catch (InvalidPathException e) {
                throw new UsageException("invalid file name '" + action.value() + "'");
            }
        }
    }

    /** Whether the NO_COLOR convention (no-color.org) leaves colors on: unset or empty. */
    private static boolean noColorUnset() {
        String value = System.getenv("NO_COLOR");
        return value == null || value.isEmpty();
    }

    /** A server URL without its parameters, which may hold a password, for messages. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return url.regionMatches(true, 0, "jdbc:sorrel://", 0, 14) && query >= 0
                ? url.substring(0, query) : url;
    }

    private static int exitStatus(Outcome outcome) {
        return outcome == Outcome.ERROR ? EXIT_STATEMENT_FAILED : EXIT_OK;
    }

    private static Reader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static PrintWriter writer(OutputStream stream) {
        // An explicit UTF-8 encoder, so that exported data does not depend on the platform
        // charset (Java 17 still takes it from the locale, which is ASCII under LANG=C).
        return new PrintWriter(new BufferedWriter(
                new OutputStreamWriter(stream, StandardCharsets.UTF_8)), false);
    }
}
