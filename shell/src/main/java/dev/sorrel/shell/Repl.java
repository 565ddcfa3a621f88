package dev.sorrel.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell: JLine line editing with multi-line statements, persistent
 * history in {@code ~/.sorrel_history}, Ctrl-C to drop the input or cancel a running
 * statement, and Ctrl-D (or {@code \q}) to quit. Statement errors are printed and the
 * session goes on.
 */
final class Repl {

    /** The prompt for the first line of an input. */
    static final String PROMPT = "sorrel> ";
    /** As wide as {@link #PROMPT}, so continuation lines align with the first one. */
    static final String CONTINUATION_PROMPT = "   ...> ";
    /** History file name, in the user's home directory. */
    static final String HISTORY_FILE = ".sorrel_history";

    private final Connection connection;
    private final ShellSettings settings;
    private final String url;
    private final boolean defaultDatabase;

    /**
     * @param defaultDatabase whether the user gave no database, so the throw-away
     *                        in-memory default is in use and deserves a warning
     */
    Repl(Connection connection, ShellSettings settings, String url, boolean defaultDatabase) {
        this.connection = connection;
        this.settings = settings;
        this.url = url;
        this.defaultDatabase = defaultDatabase;
    }

    /**
     * Runs until the user quits.
     *
     * @param err where statement errors go (stderr)
     * @return the process exit status: 0, or 2 if no terminal could be opened
     */
    int run(PrintWriter err) {
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).name("sorrel").build();
        } catch (IOException e) {
            err.println("sorrel: cannot open the terminal: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        try (terminal) {
            loop(terminal, err);
        } catch (IOException e) {
            err.println("sorrel: warning: closing the terminal failed: " + e.getMessage());
        }
        return Main.EXIT_OK;
    }

    private void loop(Terminal terminal, PrintWriter err) {
        settings.ellipsis(canEncode(terminal.encoding(), "\u2026") ? "\u2026" : "...");
        PrintWriter out = terminal.writer();
        ScriptRunner runner = new ScriptRunner(connection, settings, out, err);
        TableCatalog catalog = new TableCatalog(connection);
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("sorrel")
                .parser(new SqlLineParser())
                .completer(new SqlCompleter(() -> tableNames(catalog)))
                .variable(LineReader.HISTORY_FILE,
                        Path.of(System.getProperty("user.home"), HISTORY_FILE))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
                // "!" is common in SQL (!=); history expansion would rewrite it.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                .build();
        // Outside readLine, Ctrl-C raises SIGINT: stop the statement, not the shell.
        terminal.handle(Terminal.Signal.INT, signal -> runner.cancel());

        out.println("Sorrel shell " + Version.get() + ". Type \\? for help, \\q or Ctrl-D to quit.");
        if (url.regionMatches(true, 0, "jdbc:sorrel://", 0, 14)) {
            // Only host and port: the parameters may hold a password.
            int query = url.indexOf('?');
            out.println("Connected to the Sorrel server at "
                    + (query < 0 ? url : url.substring(0, query)) + ".");
        }
        if (defaultDatabase) {
            out.println("Connected to a temporary in-memory database (" + url
                    + "); its data is lost on exit. Run 'sorrel PATH' to keep data.");
        }
        out.flush();
        while (true) {
            String input;
            try {
                input = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C while typing: drop the buffer, fresh prompt
            } catch (EndOfFileException e) {
                break; // Ctrl-D on an empty line
            }
            if (SqlLineParser.isQuitWord(input) || runner.runInteractive(input) == Outcome.QUIT) {
                break;
            }
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            err.println("sorrel: warning: cannot save history: " + e.getMessage());
        }
    }

    private static List<String> tableNames(TableCatalog catalog) {
        List<String> names = new ArrayList<>();
        try {
            for (TableCatalog.Table table : catalog.list(false)) {
                names.add(table.name());
            }
        } catch (SQLException | RuntimeException e) {
            // Completion is best effort; a failing metadata call must not disturb typing.
        }
        return names;
    }

    private static boolean canEncode(Charset charset, String text) {
        return charset != null && charset.newEncoder().canEncode(text);
    }
}
