package dev.sorrel.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The parsed {@code sorrel} command line.
 *
 * <p>Parsing is hand-written rather than via a CLI library: the grammar is tiny and the
 * launcher jar should stay small.
 */
public final class CommandLineOptions {

    /** Something to run non-interactively, in command-line order. */
    public record Action(Kind kind, String value) {

        /** What an {@link Action} runs. */
        public enum Kind {
            /** SQL text given with {@code -c}. */
            COMMAND,
            /** A script file given with {@code -f}; {@code -} means standard input. */
            FILE
        }

        /** Validates the components. */
        public Action {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(value, "value");
        }
    }

    /** The database used when none is given. */
    public static final String DEFAULT_URL = "jdbc:sorrel:mem:shell";

    /** The text printed by {@code --help}. */
    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: sorrel [OPTIONS] [DATABASE]",
            "",
            "Interactive SQL shell and script runner for Sorrel databases.",
            "",
            "DATABASE is one of:",
            "  PATH             a database directory, created if missing (jdbc:sorrel:PATH)",
            "  mem:NAME         an in-memory database (jdbc:sorrel:mem:NAME)",
            "  sorrel://HOST:PORT[?user=U&password=P&tls=true]",
            "                   a Sorrel server started with 'sorrel serve'",
            "                   (jdbc:sorrel://HOST:PORT...; TLS is off by default only for",
            "                   localhost and loopback addresses)",
            "  jdbc:...         any JDBC URL whose driver is on the class path",
            "Without DATABASE, a throw-away in-memory database (" + DEFAULT_URL + ") is used.",
            "",
            "Options:",
            "  -c, --command SQL    run SQL (one or more ';'-separated statements) and exit",
            "  -f, --file FILE      run the script FILE and exit; '-' reads standard input",
            "      --format FORMAT  result format: table (default), csv, tsv or json",
            "      --no-timing      do not print the execution time of statements",
            "  -e, --echo           print each statement of a script, with the comment lines",
            "                       above it, before its result (\\echo in the shell)",
            "  -q, --quiet          print results and errors only: no OK, no row counts of",
            "                       writes, no timing, no echo (\\quiet in the shell)",
            "      --no-color       no syntax highlighting in the shell (as when the NO_COLOR",
            "                       environment variable is set, or output is not a terminal)",
            "  -h, --help           print this help and exit",
            "      --version        print the version and exit",
            "",
            "-c and -f may be repeated and run in order. Without them, sorrel is interactive",
            "on a terminal and otherwise runs standard input as a script. Scripts stop at the",
            "first failing statement. With csv, tsv or json, stdout carries only the data;",
            "row counts, OK and timing go to stderr.",
            "",
            "Exit status: 0 on success, 1 if a statement failed, 2 for bad usage or when the",
            "database cannot be opened.",
            "",
            "In the shell, Tab completes keywords, names, columns of the statement's tables,",
            "model references in PREDICT(' and file paths in COPY ... FROM '.",
            MetaCommands.HELP,
            "");

    private final List<Action> actions = new ArrayList<>();
    private String database;
    private OutputFormat format = OutputFormat.TABLE;
    private boolean timing = true;
    private boolean echo;
    private boolean quiet;
    private boolean color = true;
    private boolean help;
    private boolean version;

    private CommandLineOptions() {
    }

    /** Parses {@code args}. */
    public static CommandLineOptions parse(String... args) throws UsageException {
        CommandLineOptions options = new CommandLineOptions();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                options.setDatabase(arg);
                continue;
            }
            String inlineValue = null;
            String name = arg;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            } else if (arg.length() > 2 && !arg.startsWith("--")
                    && (arg.startsWith("-c") || arg.startsWith("-f"))) {
                name = arg.substring(0, 2); // psql-style attached value: -cSQL, -fFILE
                inlineValue = arg.substring(2);
            }
            switch (name) {
                case "--" -> optionsEnded = true;
                case "-h", "--help" -> options.help = true;
                case "--version" -> options.version = true;
                case "--no-timing" -> options.timing = false;
                case "-e", "--echo" -> options.echo = true;
                case "-q", "--quiet" -> options.quiet = true;
                case "--no-color" -> options.color = false;
                case "-c", "--command" -> options.actions.add(new Action(Action.Kind.COMMAND,
                        inlineValue != null ? inlineValue : value(args, ++i, arg)));
                case "-f", "--file" -> options.actions.add(new Action(Action.Kind.FILE,
                        inlineValue != null ? inlineValue : value(args, ++i, arg)));
                case "--format" -> {
                    String value = inlineValue != null ? inlineValue : value(args, ++i, arg);
                    options.format = OutputFormat.parse(value).orElseThrow(() -> new UsageException(
                            "unknown format '" + value + "'; expected " + OutputFormat.choices()));
                }
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
            if (inlineValue != null && !takesValue(name)) {
                throw new UsageException("option '" + name + "' takes no value");
            }
        }
        return options;
    }

    private static boolean takesValue(String name) {
        return switch (name) {
            case "-c", "--command", "-f", "--file", "--format" -> true;
            default -> false;
        };
    }

    private static String value(String[] args, int index, String option) throws UsageException {
        if (index >= args.length) {
            throw new UsageException("option '" + option + "' needs a value");
        }
        return args[index];
    }

    private void setDatabase(String arg) throws UsageException {
        if (database != null) {
            throw new UsageException("more than one database given: '" + database + "' and '"
                    + arg + "'");
        }
        if (arg.isBlank() || arg.equals("-")) {
            throw new UsageException("invalid database '" + arg + "'");
        }
        database = arg;
    }

    /** The {@code -c}/{@code -f} actions in command-line order; empty if none. */
    public List<Action> actions() {
        return List.copyOf(actions);
    }

    /** Whether the database was given on the command line. */
    public boolean hasDatabase() {
        return database != null;
    }

    /** The JDBC URL to connect to: from the DATABASE argument, else {@link #DEFAULT_URL}. */
    public String jdbcUrl() {
        return database == null ? DEFAULT_URL : toJdbcUrl(database);
    }

    /**
     * Maps a DATABASE argument to a JDBC URL: {@code jdbc:} URLs are taken as they are,
     * {@code sorrel://HOST:PORT} (a server) gets the {@code jdbc:} prefix, {@code mem:NAME}
     * and paths get the {@code jdbc:sorrel:} prefix.
     */
    static String toJdbcUrl(String database) {
        if (database.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return database;
        }
        if (database.regionMatches(true, 0, "sorrel://", 0, 9)) {
            return "jdbc:" + database;
        }
        return "jdbc:sorrel:" + database;
    }

    /** The initial result format. */
    public OutputFormat format() {
        return format;
    }

    /** Whether timing is initially on. */
    public boolean timing() {
        return timing;
    }

    /** Whether {@code --echo} was given. */
    public boolean echo() {
        return echo;
    }

    /** Whether {@code --quiet} was given. */
    public boolean quiet() {
        return quiet;
    }

    /** Whether colors are allowed: no {@code --no-color}. */
    public boolean color() {
        return color;
    }

    /** Whether {@code --help} was given. */
    public boolean help() {
        return help;
    }

    /** Whether {@code --version} was given. */
    public boolean version() {
        return version;
    }
}
