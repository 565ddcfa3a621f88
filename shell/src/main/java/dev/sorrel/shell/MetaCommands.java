package dev.sorrel.shell;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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

    /** The text printed by {@code \?}. */
    static final String HELP = String.join(System.lineSeparator(),
            "SQL statements end with ';' and may span several lines.",
            "Meta commands (no ';' needed):",
            "  \\q                   quit (Ctrl-D works too)",
            "  \\? or \\help          show this help",
            "  \\dt                  list tables and views (\\dtS includes system tables)",
            "  \\d [NAME]            describe table NAME ([schema.]table), or list tables",
            "  \\timing [on|off]     toggle printing of statement execution time",
            "  \\format [FORMAT]     show or set the result format: " + OutputFormat.choices(),
            "  \\i FILE              run the SQL script FILE",
            "Ctrl-C clears the current input, or cancels a running statement.");

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

    private void timing(String argument) throws CommandException {
        switch (argument.toLowerCase(Locale.ROOT)) {
            case "" -> settings.timing(!settings.timing());
            case "on" -> settings.timing(true);
            case "off" -> settings.timing(false);
            default -> throw new CommandException("\\timing expects on or off, not " + argument);
        }
        executor.status("Timing is " + (settings.timing() ? "on." : "off."));
    }

    private void format(String argument) throws CommandException {
        if (!argument.isEmpty()) {
            settings.format(OutputFormat.parse(argument).orElseThrow(() -> new CommandException(
                    "unknown format " + argument + "; expected " + OutputFormat.choices())));
        }
        executor.status("Output format is " + settings.format().displayName() + ".");
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
