package dev.sorrel.shell;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The backslash commands ({@code \q}, {@code \dt}, {@code \d NAME}, ...). They end at the
 * end of their line and need no semicolon.
 */
final class MetaCommands {

    /** Runs an included script and reports its errors itself. */
    @FunctionalInterface
    interface ScriptIncluder {
        /** Runs the script at {@code file}. */
        Outcome include(Path file) throws CommandException;
    }

    /** One line of {@code \?}: how a command is typed, and what it does. */
    record Help(String usage, String description) {

        /** The command's name: the usage up to its first space. */
        String name() {
            int space = usage.indexOf(' ');
            return space < 0 ? usage : usage.substring(0, space);
        }
    }

    /** The commands as {@code \?} lists them, in that order. */
    static final List<Help> COMMANDS = List.of(
            new Help("\\q", "quit (also \\quit, quit, exit, Ctrl-D)"),
            new Help("\\?", "show this help (also \\help)"),
            new Help("\\dt", "list tables and views (\\dtS includes system tables)"),
            new Help("\\d [NAME]", "describe table NAME ([schema.]table), or list tables"),
            new Help("\\timing [on|off]", "toggle printing of statement execution time"),
            new Help("\\echo [on|off]", "toggle printing each script statement before its result"),
            new Help("\\quiet [on|off]",
                    "toggle quiet mode: no OK, row counts of writes, timing or echo"),
            new Help("\\format [FORMAT]", "show or set the result format: "
                    + OutputFormat.choices()),
            new Help("\\i FILE", "run the SQL script FILE"));

    /** The text printed by {@code \?}. */
    static final String HELP = help();

    private static String help() {
        int width = COMMANDS.stream().mapToInt(h -> h.usage().length()).max().orElse(0) + 2;
        StringBuilder sb = new StringBuilder();
        sb.append("SQL statements end with ';' and may span several lines.")
                .append(System.lineSeparator())
                .append("Meta commands (no ';' needed):").append(System.lineSeparator());
        for (Help h : COMMANDS) {
            sb.append("  ").append(h.usage()).append(" ".repeat(width - h.usage().length()))
                    .append(h.description()).append(System.lineSeparator());
        }
        sb.append("Tab completes names and keywords; Ctrl-C clears the current input, or"
                + " cancels a running statement.");
        return sb.toString();
    }

    /** Command name to description, for completion. */
    static Map<String, String> commandNames() {
        Map<String, String> names = new LinkedHashMap<>();
        for (Help h : COMMANDS) {
            names.put(h.name(), h.description());
        }
        return names;
    }

    private final TableCatalog catalog;
    private final ShellSettings settings;
    private final StatementExecutor executor;
    private final PrintWriter out;
    private final ScriptIncluder includer;

    /** Creates the commands; {@code includer} runs the scripts of {@code \i}. */
    MetaCommands(TableCatalog catalog, ShellSettings settings, StatementExecutor executor,
                 PrintWriter out, ScriptIncluder includer) {
        this.catalog = catalog;
        this.settings = settings;
        this.executor = executor;
        this.out = out;
        this.includer = includer;
    }

    /**
     * Runs one meta command line such as {@code \d users}.
     *
     * @return {@link Outcome#QUIT} for {@code \q}; {@link Outcome#ERROR} when an included
     *         script failed (its error is already printed); else {@link Outcome#CONTINUE}
     * @throws CommandException for unknown commands and bad arguments
     */
    Outcome run(String line) throws SQLException, CommandException {
        String trimmed = line.strip();
        int space = indexOfWhitespace(trimmed);
        String name = space < 0 ? trimmed : trimmed.substring(0, space);
        String argument = space < 0 ? "" : trimmed.substring(space).strip();
        switch (name) {
            case "\\q", "\\quit" -> {
                return Outcome.QUIT;
            }
            case "\\?", "\\help", "\\h" -> {
                out.println(HELP);
                out.flush();
            }
            case "\\dt" -> listTables(false);
            case "\\dtS" -> listTables(true);
            case "\\d" -> {
                if (argument.isEmpty()) {
                    listTables(false);
                } else {
                    describe(argument);
                }
            }
            case "\\timing" -> timing(argument);
            case "\\echo" -> {
                settings.echo(toggle("\\echo", argument, settings.echo()));
                executor.note("Echo is " + (settings.echo() ? "on." : "off."));
            }
            case "\\quiet" -> settings.quiet(toggle("\\quiet", argument, settings.quiet()));
            case "\\format" -> format(argument);
            case "\\i", "\\include" -> {
                return includer.include(scriptPath(argument));
            }
            default -> throw new CommandException("unknown command " + name
                    + "; type \\? for help");
        }
        return Outcome.CONTINUE;
    }

    private void listTables(boolean includeSystem) throws SQLException {
        List<List<?>> rows = new ArrayList<>();
        for (TableCatalog.Table table : catalog.list(includeSystem)) {
            rows.add(Arrays.asList(table.schema(), table.name(), table.type()));
        }
        executor.printRows(new ListRowSource(
                List.of(Column.text("Schema"), Column.text("Name"), Column.text("Type")), rows));
    }

    private void describe(String typedName) throws SQLException, CommandException {
        TableCatalog.Table table = catalog.resolve(typedName);
        Set<String> primaryKey = catalog.primaryKey(table);
        List<TableCatalog.TableColumn> columns = catalog.columns(table);
        // A Comment column only where there is a comment, so the common case stays narrow.
        boolean commented = columns.stream().anyMatch(c -> c.remarks() != null);
        List<List<?>> rows = new ArrayList<>();
        for (TableCatalog.TableColumn column : columns) {
            List<Object> row = new ArrayList<>(Arrays.asList(column.name(), column.typeName(),
                    column.size(), column.nullable(),
                    primaryKey.contains(column.name()) ? "PK" : "",
                    column.defaultValue() == null ? "" : column.defaultValue()));
            if (commented) {
                row.add(column.remarks() == null ? "" : column.remarks());
            }
            rows.add(row);
        }
        if (settings.format().isForHumans()) {
            out.println("Table \"" + table.qualifiedName() + "\""
                    + (table.remarks() == null ? "" : ": " + table.remarks()));
        }
        List<Column> header = new ArrayList<>(List.of(Column.text("Column"), Column.text("Type"),
                Column.number("Size"), Column.text("Nullable"), Column.text("Key"),
                Column.text("Default")));
        if (commented) {
            header.add(Column.text("Comment"));
        }
        executor.printRows(new ListRowSource(header, rows));
    }

    /** The new value of an on/off setting: as given, or the opposite of {@code current}. */
    static boolean toggle(String command, String argument, boolean current)
            throws CommandException {
        return switch (argument.toLowerCase(Locale.ROOT)) {
            case "" -> !current;
            case "on" -> true;
            case "off" -> false;
            default -> throw new CommandException(command + " expects on or off, not " + argument);
        };
    }

    private void timing(String argument) throws CommandException {
        settings.timing(toggle("\\timing", argument, settings.timing()));
        executor.note("Timing is " + (settings.timing() ? "on." : "off."));
    }

    private void format(String argument) throws CommandException {
        if (!argument.isEmpty()) {
            settings.format(OutputFormat.parse(argument).orElseThrow(() -> new CommandException(
                    "unknown format " + argument + "; expected " + OutputFormat.choices())));
        }
        executor.note("Output format is " + settings.format().displayName() + ".");
    }

    /** Parses the file argument of {@code \i}: optional quotes, {@code ~} for home. */
    static Path scriptPath(String argument) throws CommandException {
        String file = argument;
        if (file.length() >= 2 && (file.startsWith("'") && file.endsWith("'")
                || file.startsWith("\"") && file.endsWith("\""))) {
            file = file.substring(1, file.length() - 1);
        }
        if (file.isEmpty()) {
            throw new CommandException("\\i expects a file name");
        }
        if (file.equals("~") || file.startsWith("~/")) {
            file = System.getProperty("user.home") + file.substring(1);
        }
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw new CommandException("invalid file name: " + file, e);
        }
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
