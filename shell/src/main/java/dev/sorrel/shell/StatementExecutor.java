package dev.sorrel.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs single SQL statements and prints what they return: result sets through the active
 * {@link ResultFormatter}, update counts as {@code N rows affected}, anything else as
 * {@code OK}, then the elapsed time when timing is on.
 *
 * <p>Status lines go to stdout in the table format but to stderr in the machine formats,
 * so that {@code --format csv > out.csv} captures nothing but data.
 */
final class StatementExecutor {

    /** SQLState PostgreSQL uses for a cancelled query; as good a choice as any. */
    static final String CANCELLED_STATE = "57014";

    /**
     * Guard against drivers that never report the end of a statement's results (by not
     * resetting the update count to -1 in {@link Statement#getMoreResults()}).
     */
    private static final int MAX_RESULTS_PER_STATEMENT = 10_000;

    /**
     * Verbs whose zero update count means "no rows matched" rather than "not applicable";
     * for other statements (DDL) a zero count prints as {@code OK}, because JDBC cannot
     * otherwise tell the two apart.
     */
    private static final Set<String> DML_VERBS =
            Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE");

    /** Verbs of statements that change what completion knows. */
    private static final Set<String> DDL_VERBS =
            Set.of("CREATE", "DROP", "ALTER", "COMMENT", "RENAME", "TRUNCATE");

    /** Rows between checks that stdout still accepts output. */
    private static final int OUTPUT_CHECK_INTERVAL = 4096;

    private static final Pattern FIRST_WORD = Pattern.compile("^\\s*\\(*\\s*([A-Za-z]+)");

    private final Connection connection;
    private final ShellSettings settings;
    /** Where results go: the console, or the file of {@code \o}. */
    private PrintWriter out;
    private final PrintWriter console;
    private Path outputFile;
    private final PrintWriter err;
    private volatile Statement running;
    private volatile boolean cancelRequested;
    private long rowsSinceOutputCheck;
    private Runnable definitionsChanged = () -> { };

    StatementExecutor(Connection connection, ShellSettings settings, PrintWriter out,
                      PrintWriter err) {
        this.connection = connection;
        this.settings = settings;
        this.out = out;
        this.console = out;
        this.err = err;
    }

    /**
     * Sends results and status lines to {@code file} (created or truncated), or back to the
     * console for null; errors stay on stderr.
     */
    void redirect(Path file) throws CommandException {
        PrintWriter next = console;
        if (file != null) {
            try {
                next = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                throw new CommandException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
        if (out != console) {
            out.close();
            if (out.checkError()) {
                err.println("sorrel: warning: writing " + outputFile + " failed");
                err.flush();
            }
        }
        out = next;
        outputFile = file;
    }

    /** The file results go to, or null for the console. */
    Path outputFile() {
        return outputFile;
    }

    /** Sets what runs after a statement that may have changed definitions (DDL). */
    void onDefinitionsChanged(Runnable listener) {
        this.definitionsChanged = listener;
    }

    /**
     * Executes one statement and prints its results.
     *
     * @throws SQLException when the statement fails or is cancelled; output printed before
     *                      the failure (such as the first rows) has been flushed
     */
    void execute(String sql) throws SQLException {
        cancelRequested = false;
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            running = statement;
            boolean isResultSet = statement.execute(sql);
            int results = 0;
            while (results < MAX_RESULTS_PER_STATEMENT) {
                if (isResultSet) {
                    try (ResultSet rs = statement.getResultSet()) {
                        printRows(new ResultSetRowSource(rs, this::stopReadingRows));
                    }
                } else {
                    int count = statement.getUpdateCount();
                    if (count < 0) {
                        break;
                    }
                    printUpdateCount(sql, count);
                }
                results++;
                if (cancelRequested) {
                    throw new SQLException("canceling statement due to user request",
                            CANCELLED_STATE);
                }
                try {
                    isResultSet = statement.getMoreResults();
                } catch (SQLFeatureNotSupportedException e) {
                    break; // single-result driver: nothing more to read
                }
            }
            if (results == 0) {
                note("OK");
            }
            printWarnings(warnings(statement));
        } finally {
            running = null;
            out.flush();
            if (isDdl(sql)) {
                definitionsChanged.run();
            }
        }
        if (settings.timing()) {
            note(String.format(Locale.ROOT, "Time: %.3f ms", (System.nanoTime() - start) / 1e6));
        }
    }

    /**
     * Whether to stop fetching rows: on Ctrl-C, or once stdout is gone (as with
     * {@code sorrel -c ... | head}), where fetching millions more rows would be wasted work.
     * The output check flushes, so it runs only every few thousand rows.
     */
    private boolean stopReadingRows() {
        if (cancelRequested) {
            return true;
        }
        if (++rowsSinceOutputCheck >= OUTPUT_CHECK_INTERVAL) {
            rowsSinceOutputCheck = 0;
            return out.checkError();
        }
        return false;
    }

    /** Prints a result in the active format, then its row count as a status line. */
    void printRows(RowSource rows) throws SQLException {
        long count = settings.format().formatter(out, settings).write(rows);
        status(count == 1 ? "(1 row)" : "(" + count + " rows)");
    }

    /**
     * Asks the running statement, if any, to stop. Safe to call from a signal handler
     * thread; output stops at the next row even if the driver cannot cancel.
     */
    void cancel() {
        cancelRequested = true;
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException | RuntimeException ignored) {
                // Not every driver can cancel; the row loop still honours the flag.
            }
        }
    }

    private void printUpdateCount(String sql, int count) {
        if (count == 0 && !isDml(sql)) {
            note("OK");
        } else {
            note(count == 1 ? "1 row affected" : count + " rows affected");
        }
    }

    /** Returns whether the statement may change definitions: CREATE, DROP, ALTER, ... */
    static boolean isDdl(String sql) {
        Matcher m = FIRST_WORD.matcher(sql);
        return m.find() && DDL_VERBS.contains(m.group(1).toUpperCase(Locale.ROOT));
    }

    /** Returns whether the statement starts with a DML verb such as INSERT. */
    static boolean isDml(String sql) {
        Matcher m = FIRST_WORD.matcher(sql);
        return m.find() && DML_VERBS.contains(m.group(1).toUpperCase(Locale.ROOT));
    }

    private static SQLWarning warnings(Statement statement) {
        try {
            return statement.getWarnings();
        } catch (SQLException e) {
            return null; // warnings are advisory; never fail a statement that succeeded
        }
    }

    private void printWarnings(SQLWarning warning) {
        for (int n = 0; warning != null && n < 20; warning = warning.getNextWarning(), n++) {
            String state = warning.getSQLState();
            out.flush();
            err.println("WARNING" + (state == null ? "" : " " + state) + ": "
                    + warning.getMessage());
        }
        err.flush();
    }

    /**
     * Prints a statement before it runs, after the comment lines above it in its script,
     * with a blank line before a commented statement so that each step stands apart.
     */
    void echo(ScriptStatement statement) {
        if (settings.quiet()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        if (!statement.comment().isEmpty()) {
            text.append(System.lineSeparator()).append(statement.comment())
                    .append(System.lineSeparator());
        }
        text.append(statement.text());
        if (!statement.isMeta()) {
            text.append(';');
        }
        status(text.toString().replace("\n", System.lineSeparator()));
    }

    /**
     * Prints a status line that quiet mode suppresses: {@code OK}, update counts, timing,
     * the confirmation of a setting.
     */
    void note(String line) {
        if (!settings.quiet()) {
            status(line);
        }
    }

    /** Prints lines of output, such as a chart, where results go. */
    void printLines(List<String> lines) {
        for (String line : lines) {
            out.println(line);
        }
        out.flush();
    }

    /** Prints the title of a description, in the formats for people only. */
    void heading(String line) {
        if (settings.format().isForHumans()) {
            out.println(line);
        }
    }

    /** Prints a status line where it does not pollute machine-readable output. */
    void status(String line) {
        if (settings.format().isForHumans()) {
            out.println(line);
            out.flush();
        } else {
            out.flush();
            err.println(line);
            err.flush();
        }
    }
}
