package dev.sorrel.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.jline.utils.InfoCmp;

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
    private Path historyFile = Path.of(System.getProperty("user.home"), HISTORY_FILE);
    private String editor = defaultEditor();

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

    /**
     * Runs the session on {@code terminal} until the user quits; the terminal stays open.
     * Tests run it on a terminal over piped streams.
     */
    void loop(Terminal terminal, PrintWriter err) {
        settings.ellipsis(canEncode(terminal.encoding(), "\u2026") ? "\u2026" : "...");
        PrintWriter out = terminal.writer();
        ScriptRunner runner = new ScriptRunner(connection, settings, out, err);
        SchemaCache cache = new SchemaCache(connection);
        runner.onDefinitionsChanged(cache::invalidate);
        LineReader reader = lineReader(terminal, cache);
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
        String prefill = null; // what \e left for the user to review
        while (true) {
            String input;
            try {
                input = reader.readLine(PROMPT, null, prefill);
                prefill = null;
            } catch (UserInterruptException e) {
                prefill = null;
                continue; // Ctrl-C while typing: drop the buffer, fresh prompt
            } catch (EndOfFileException e) {
                break; // Ctrl-D on an empty line
            }
            String edit = editArgument(input);
            if (edit != null) {
                try {
                    prefill = edit(terminal, reader, edit);
                } catch (CommandException e) {
                    err.println(ErrorReporter.format(e, null));
                    err.flush();
                }
                continue;
            }
            settings.screenWidth(terminal.getWidth()); // it may have been resized
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

    /** The argument of a {@code \e} input (empty for none), or null for any other input. */
    static String editArgument(String input) {
        String trimmed = input.strip();
        for (String name : List.of("\\e", "\\edit")) {
            if (trimmed.equals(name)) {
                return "";
            }
            if (trimmed.startsWith(name) && trimmed.length() > name.length()
                    && Character.isWhitespace(trimmed.charAt(name.length()))) {
                return trimmed.substring(name.length()).strip();
            }
        }
        return null;
    }

    /**
     * Opens the editor on FILE, or on the last statement in a temporary file, and returns
     * the edited text for the next prompt, where the user reviews it and presses Enter.
     */
    String edit(Terminal terminal, LineReader reader, String argument) throws CommandException {
        Path file;
        boolean temporary = argument.isEmpty();
        try {
            if (temporary) {
                file = Files.createTempFile("sorrel-edit-", ".sql");
                Files.writeString(file, lastStatement(reader), StandardCharsets.UTF_8);
            } else {
                file = MetaCommands.scriptPath("\\e", argument);
            }
        } catch (IOException e) {
            throw new CommandException("cannot create a file to edit: " + e.getMessage(), e);
        }
        try {
            List<String> command = new ArrayList<>(List.of(editor.strip().split("\\s+")));
            command.add(file.toString());
            terminal.pause();
            try {
                int status = new ProcessBuilder(command).inheritIO().start().waitFor();
                if (status != 0) {
                    throw new CommandException("the editor (" + editor + ") exited with status "
                            + status);
                }
            } finally {
                terminal.resume();
            }
            return Files.exists(file)
                    ? Files.readString(file, StandardCharsets.UTF_8).stripTrailing() : "";
        } catch (IOException e) {
            throw new CommandException("cannot run the editor (" + editor + "): "
                    + e.getMessage() + "; set VISUAL or EDITOR", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted while the editor ran", e);
        } finally {
            if (temporary) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** The newest history entry that is not an edit command; empty if none. */
    private static String lastStatement(LineReader reader) {
        for (int i = reader.getHistory().last(); i >= reader.getHistory().first(); i--) {
            String line = reader.getHistory().get(i);
            if (editArgument(line) == null) {
                return line;
            }
        }
        return "";
    }

    /** Uses {@code command} (a program and its options) to edit, instead of the environment's. */
    Repl editor(String command) {
        this.editor = command;
        return this;
    }

    /** The line reader of a session: SQL-aware parsing, completion and history. */
    LineReader lineReader(Terminal terminal, SchemaCache cache) {
        boolean color = settings.color() && hasColors(terminal);
        return LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("sorrel")
                .parser(new SqlLineParser())
                .completer(new SqlCompleter(cache, MetaCommands.commandNames()))
                .highlighter(new SqlHighlighter())
                .option(LineReader.Option.DISABLE_HIGHLIGHTER, !color)
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
                // "!" is common in SQL (!=); history expansion would rewrite it.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                .build();
    }

    /** Keeps the history in {@code file} instead of {@code ~/.sorrel_history}. */
    Repl historyFile(Path file) {
        this.historyFile = file;
        return this;
    }

    /** Whether the terminal shows colors: not a dumb one, and at least 8 of them. */
    static boolean hasColors(Terminal terminal) {
        if (terminal.getType() == null || terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
            return false;
        }
        Integer colors = terminal.getNumericCapability(InfoCmp.Capability.max_colors);
        return colors != null && colors >= 8;
    }

    /** {@code $VISUAL}, else {@code $EDITOR}, else vi, as psql and git choose. */
    private static String defaultEditor() {
        for (String variable : List.of("VISUAL", "EDITOR")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "vi";
    }

    private static boolean canEncode(Charset charset, String text) {
        return charset != null && charset.newEncoder().canEncode(text);
    }
}
