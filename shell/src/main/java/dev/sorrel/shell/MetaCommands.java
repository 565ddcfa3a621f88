package dev.sorrel.shell;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

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
            new Help("\\d [NAME]", "describe a table, view, feature view (entity, TTL, segment),"
                    + " model (versions, aliases, signature), experiment (variants, status),"
                    + " monitor or entity; without NAME, list tables"),
            new Help("\\dt", "list tables and views (\\dtS includes system tables)"),
            new Help("\\dv", "list views"),
            new Help("\\dfv", "list feature views with their entity, TTL and segment state"),
            new Help("\\de", "list entities"),
            new Help("\\dm", "list models"),
            new Help("\\dx", "list experiments"),
            new Help("\\dmon", "list monitors"),
            new Help("\\df [TEXT]", "list functions (whose name contains TEXT)"),
            new Help("\\dn", "list schemas"),
            new Help("\\format [FORMAT]", "show or set the result format: "
                    + OutputFormat.choices() + " (also \\mode)"),
            new Help("\\x [on|off|auto]", "toggle expanded display, one line per field;"
                    + " auto: for rows wider than the terminal"),
            new Help("\\timing [on|off]", "toggle printing of statement execution time"),
            new Help("\\echo [on|off]", "toggle printing each script statement before its result"),
            new Help("\\quiet [on|off]",
                    "toggle quiet mode: no OK, row counts of writes, timing or echo"),
            new Help("\\o [FILE]", "send results to FILE; without FILE, back to the terminal"),
            new Help("\\i FILE", "run the SQL script FILE"),
            new Help("\\e [FILE]", "edit the last statement (or FILE) in $VISUAL or $EDITOR,"
                    + " then review it at the prompt"),
            new Help("\\watch SECONDS [COUNT]", "run the last statement again every SECONDS"
                    + " (COUNT times; until Ctrl-C without COUNT)"),
            new Help("\\conninfo", "show the database, user and driver of the connection"),
            new Help("\\hist TABLE.COLUMN [BINS]", "histogram of a numeric column in BINS"
                    + " bins (10 by default), drawn in the terminal's width"));

    /** The text printed by {@code \?}. */
    static final String HELP = help();

    private static String help() {
        int width = COMMANDS.stream().mapToInt(h -> h.usage().length()).max().orElse(0) + 2;
        StringBuilder sb = new StringBuilder();
        sb.append("SQL statements end with ';' and may span several lines.")
                .append(System.lineSeparator())
                .append("Meta commands (no ';' needed):").append(System.lineSeparator());
        for (Help h : COMMANDS) {
            // Descriptions wrap at 80 columns, aligned under their first line.
            sb.append("  ").append(h.usage()).append(" ".repeat(width - h.usage().length()));
            int column = 2 + width;
            for (String word : h.description().split(" ")) {
                if (column > 2 + width && column + 1 + word.length() > 80) {
                    sb.append(System.lineSeparator()).append(" ".repeat(2 + width));
                    column = 2 + width;
                } else if (column > 2 + width) {
                    sb.append(' ');
                    column++;
                }
                sb.append(word);
                column += word.length();
            }
            sb.append(System.lineSeparator());
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

    private final Connection connection;
    private final ObjectDescriber objects;
    private final Supplier<String> lastStatement;
    private volatile boolean watchStopped;
    private final TableCatalog catalog;
    private final ShellSettings settings;
    private final StatementExecutor executor;
    private final PrintWriter out;
    private final ScriptIncluder includer;

    /**
     * Creates the commands; {@code includer} runs the scripts of {@code \i},
     * {@code lastStatement} gives the SQL {@code \watch} runs again (null if none yet).
     */
    MetaCommands(Connection connection, ShellSettings settings, StatementExecutor executor,
                 PrintWriter out, ScriptIncluder includer, Supplier<String> lastStatement) {
        this.connection = connection;
        this.catalog = new TableCatalog(connection);
        this.objects = new ObjectDescriber(connection, executor);
        this.lastStatement = lastStatement;
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
            case "\\dv" -> listTables("VIEW");
            case "\\dfv" -> objects.listFeatureViews();
            case "\\de" -> objects.listEntities();
            case "\\dm" -> objects.listModels();
            case "\\dx" -> objects.listExperiments();
            case "\\dmon" -> objects.listMonitors();
            case "\\df" -> objects.listFunctions(argument);
            case "\\dn" -> listSchemas();
            case "\\x" -> expanded(argument);
            case "\\o", "\\out" -> executor.redirect(argument.isEmpty() ? null
                    : scriptPath("\\o", argument));
            case "\\watch" -> watch(argument);
            case "\\conninfo" -> conninfo();
            case "\\hist" -> histogram(argument);
            case "\\e", "\\edit" -> throw new CommandException(
                    name + " works in the interactive shell only");
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
            case "\\format", "\\mode" -> format(argument);
            case "\\i", "\\include" -> {
                return includer.include(scriptPath("\\i", argument));
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

    private void listTables(String type) throws SQLException {
        List<List<?>> rows = new ArrayList<>();
        for (TableCatalog.Table table : catalog.list(false)) {
            if (type.equals(table.type())) {
                rows.add(Arrays.asList(table.schema(), table.name(), table.remarks()));
            }
        }
        executor.printRows(new ListRowSource(
                List.of(Column.text("Schema"), Column.text("Name"), Column.text("Comment")), rows));
    }

    private void listSchemas() throws SQLException {
        List<List<?>> rows = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getSchemas()) {
            while (rs.next()) {
                rows.add(List.of(rs.getString("TABLE_SCHEM")));
            }
        }
        executor.printRows(new ListRowSource(List.of(Column.text("Schema")), rows));
    }

    private void describe(String typedName) throws SQLException, CommandException {
        TableCatalog.Table table;
        try {
            table = catalog.resolve(typedName);
        } catch (CommandException notATable) {
            ObjectDescriber.Found found = objects.find(typedName);
            if (found == null) {
                throw new CommandException("no table, view, feature view, model, experiment,"
                        + " monitor or entity named " + typedName);
            }
            objects.describe(found);
            return;
        }
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
        String featureView = "FEATURE VIEW".equals(table.type())
                && !"ONLINE".equals(table.schema()) ? objects.featureViewHeading(table.name())
                : null;
        executor.heading(featureView != null ? featureView
                : ("VIEW".equals(table.type()) ? "View" : "Table") + " \""
                + table.qualifiedName() + "\""
                + (table.remarks() == null ? "" : ": " + table.remarks()));
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

    private void expanded(String argument) throws CommandException {
        TableFormatter.Expanded mode = switch (argument.toLowerCase(Locale.ROOT)) {
            case "" -> settings.expanded() == TableFormatter.Expanded.OFF
                    ? TableFormatter.Expanded.ON : TableFormatter.Expanded.OFF;
            case "on" -> TableFormatter.Expanded.ON;
            case "off" -> TableFormatter.Expanded.OFF;
            case "auto" -> TableFormatter.Expanded.AUTO;
            default -> throw new CommandException("\\x expects on, off or auto, not " + argument);
        };
        settings.expanded(mode);
        executor.note(mode == TableFormatter.Expanded.AUTO ? "Expanded display is used"
                + " automatically." : "Expanded display is "
                + (mode == TableFormatter.Expanded.ON ? "on." : "off."));
    }

    /** Stops a running {@code \watch}; for a Ctrl-C handler on another thread. */
    void stopWatching() {
        watchStopped = true;
    }

    private void watch(String argument) throws SQLException, CommandException {
        String[] parts = argument.isEmpty() ? new String[0] : argument.split("\\s+");
        double seconds;
        long count = Long.MAX_VALUE;
        try {
            seconds = parts.length == 0 ? 2 : Double.parseDouble(parts[0]);
            if (parts.length > 1) {
                count = Long.parseLong(parts[1]);
            }
        } catch (NumberFormatException e) {
            throw new CommandException("\\watch expects SECONDS [COUNT], not " + argument);
        }
        if (parts.length > 2 || !(seconds > 0) || seconds > 86_400 || count < 1) {
            throw new CommandException("\\watch expects SECONDS (above 0, at most 86400) and"
                    + " COUNT (at least 1), not " + argument);
        }
        String sql = lastStatement.get();
        if (sql == null) {
            throw new CommandException("\\watch runs the last statement again; there is none");
        }
        watchStopped = false;
        long intervalNanos = (long) (seconds * 1e9);
        for (long run = 0; run < count && !watchStopped; run++) {
            long start = System.nanoTime();
            executor.heading(String.format(Locale.ROOT, "%s (every %ss)",
                    java.time.LocalDateTime.now().withNano(0).toString().replace('T', ' '),
                    parts.length == 0 ? "2" : parts[0]));
            executor.execute(sql);
            if (run + 1 < count) {
                executor.heading("");
                pause(start + intervalNanos);
            }
        }
    }

    /** Sleeps until {@code deadline} ({@link System#nanoTime}) or until Ctrl-C. */
    private void pause(long deadline) {
        long left;
        while (!watchStopped && (left = deadline - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                watchStopped = true;
            }
        }
    }

    private void histogram(String argument) throws SQLException, CommandException {
        String usage = "\\hist expects TABLE.COLUMN [BINS], not " + argument;
        String[] parts = argument.isEmpty() ? new String[0] : argument.split("\\s+");
        if (parts.length < 1 || parts.length > 2) {
            throw new CommandException(usage);
        }
        int bins = Histogram.DEFAULT_BINS;
        if (parts.length == 2) {
            try {
                bins = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new CommandException(usage);
            }
            if (bins < 1 || bins > Histogram.MAX_BINS) {
                throw new CommandException("\\hist takes 1 to " + Histogram.MAX_BINS
                        + " bins, not " + bins);
            }
        }
        // Only names and dots: the parts are put into the counting queries as typed.
        List<SqlLexer.Token> tokens = SqlLexer.tokenize(parts[0]);
        int dot = -1;
        for (int i = 0; i < tokens.size(); i++) {
            SqlLexer.Token t = tokens.get(i);
            boolean name = t.kind() == SqlLexer.Kind.WORD
                    || t.kind() == SqlLexer.Kind.QUOTED_NAME && t.closed();
            boolean isDot = t.kind() == SqlLexer.Kind.OPERATOR && parts[0].charAt(t.start()) == '.';
            if (i % 2 == 0 ? !name : !isDot) {
                throw new CommandException(usage);
            }
            if (isDot) {
                dot = t.start();
            }
        }
        if (dot < 0 || tokens.size() % 2 == 0) {
            throw new CommandException(usage);
        }
        int width = settings.screenWidth() > 0 ? settings.screenWidth() : Histogram.DEFAULT_WIDTH;
        executor.printLines(Histogram.draw(connection, parts[0].substring(0, dot),
                parts[0].substring(dot + 1), bins, width));
    }

    private void conninfo() throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String url = md.getURL();
        if (url != null && url.indexOf('?') >= 0) {
            url = url.substring(0, url.indexOf('?')); // parameters may hold a password
        }
        String user = md.getUserName();
        out.println("Connected to " + (url == null ? "an unnamed database" : url)
                + (user == null || user.isEmpty() ? "" : " as user " + user) + ".");
        out.println("Database: " + md.getDatabaseProductName() + " "
                + md.getDatabaseProductVersion() + "; driver: " + md.getDriverName() + " "
                + md.getDriverVersion() + ".");
        out.println("Auto-commit is " + (connection.getAutoCommit() ? "on" : "off")
                + (connection.isReadOnly() ? "; the connection is read-only." : "."));
        out.flush();
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

    /** Parses the file argument of {@code \i} or {@code \o}: optional quotes, {@code ~}. */
    static Path scriptPath(String command, String argument) throws CommandException {
        String file = argument;
        if (file.length() >= 2 && (file.startsWith("'") && file.endsWith("'")
                || file.startsWith("\"") && file.endsWith("\""))) {
            file = file.substring(1, file.length() - 1);
        }
        if (file.isEmpty()) {
            throw new CommandException(command + " expects a file name");
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
