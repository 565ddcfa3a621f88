package dev.sorrel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.reader.Parser.ParseContext;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Completion on a Sorrel database, through the line reader the REPL builds: its parser
 * finds the word, its completer offers the candidates for the statement around the cursor.
 */
class CompletionTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path dir;

    private Connection connection;
    private SchemaCache cache;
    private LineReader reader;
    private Terminal terminal;

    @BeforeEach
    void open() throws Exception {
        connection = DriverManager.getConnection("jdbc:sorrel:mem:completion"
                + DATABASES.incrementAndGet());
        cache = new SchemaCache(connection);
        terminal = new ExternalTerminal("test", "dumb", new PipedInputStream(new PipedOutputStream()),
                new ByteArrayOutputStream(), StandardCharsets.UTF_8);
        reader = new Repl(connection, new ShellSettings(), "jdbc:sorrel:mem:x", false)
                .historyFile(dir.resolve("history")).lineReader(terminal, cache);
    }

    @AfterEach
    void close() throws Exception {
        terminal.close();
        connection.close();
    }

    private void sql(String... statements) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private void schema() throws SQLException {
        Path model = Path.of("..", "examples", "models", "multi_input_tips.onnx").toAbsolutePath();
        sql("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, driver_id BIGINT,"
                        + " ordered_at TIMESTAMP, total DOUBLE)",
                "CREATE TABLE users (user_id VARCHAR(20) PRIMARY KEY, country VARCHAR(2))",
                "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100",
                "CREATE ENTITY driver (driver_id BIGINT)",
                "CREATE FEATURE VIEW driver_stats ENTITY driver (conv_rate DOUBLE)"
                        + " TTL INTERVAL '2' HOUR",
                "CREATE MODEL tipper FROM '" + model + "'",
                "ALTER MODEL tipper SET ALIAS production = 1",
                "CREATE EXPERIMENT \"checkout_v2\" (control WEIGHT 50, treatment WEIGHT 50)");
    }

    /** The candidates Tab offers with the cursor at {@code |} in {@code typed}. */
    private List<Candidate> complete(String typed) {
        int cursor = typed.indexOf('|');
        String buffer = typed.substring(0, cursor) + typed.substring(cursor + 1);
        ParsedLine line = reader.getParser().parse(buffer, cursor, ParseContext.COMPLETE);
        List<Candidate> candidates = new ArrayList<>();
        ((LineReaderImpl) reader).getCompleter().complete(reader, line, candidates);
        // As JLine does: only what starts with the word typed, ignoring case.
        return candidates.stream().filter(c -> c.value().toLowerCase()
                .startsWith(line.word().toLowerCase())).toList();
    }

    private List<String> values(String typed) {
        return complete(typed).stream().map(Candidate::value).sorted().toList();
    }

    private List<String> values(String typed, String group) {
        return complete(typed).stream().filter(c -> group.equals(c.group()))
                .map(Candidate::value).sorted().toList();
    }

    @Test
    void afterFromTheTablesViewsAndFeatureViewsInTheUsersCase() throws SQLException {
        schema();
        assertEquals(List.of("orders", "users"), values("select * from |", "tables"));
        assertEquals(List.of("big_orders"), values("select * from |", "views"));
        assertEquals(List.of("driver_stats"), values("select * from |", "feature views"));
        assertEquals(List.of("ORDERS"), values("SELECT * FROM OR|"));
        assertTrue(values("select * from |", "schemas").contains("online."));
        // System tables are behind their schema, not in the way.
        assertTrue(values("select * from |").stream().noneMatch(v -> v.equals("models")));
        assertTrue(values("select * from sys.|").contains("models"));
        assertEquals(List.of("driver_stats"), values("select * from online.|"));
        assertEquals(List.of("users"), values("insert into us|"));
    }

    @Test
    void columnsOfTheTableAnAliasNames() throws SQLException {
        schema();
        assertEquals(List.of("driver_id", "order_id", "ordered_at", "total"),
                values("select o.| from orders o join users u on true"));
        assertEquals(List.of("order_id", "ordered_at"), values("select o.ord| from orders o"));
        assertEquals(List.of("country"), values("select o.order_id, u.c| from orders as o, users u"));
        assertEquals(List.of("conv_rate"),
                values("select f.co| from orders o left asof join driver_stats f"
                        + " match_condition (o.ordered_at >= f.event_timestamp)"
                        + " on o.driver_id = f.driver_id"));
        // A table's own name qualifies its columns too, even before the FROM is typed.
        assertEquals(List.of("USER_ID"), values("SELECT USERS.US|"));
    }

    @Test
    void columnsOfTheStatementsTablesInSelectAndWhere() throws SQLException {
        schema();
        List<String> columns = values("select | from orders o join users u on o.order_id = 1",
                "columns");
        assertEquals(List.of("country", "driver_id", "order_id", "ordered_at", "total",
                "user_id"), columns);
        assertEquals(List.of("total"), values("select * from orders where to|", "columns"));
        // The aliases themselves, to qualify with.
        assertEquals(List.of("o.", "u."),
                values("select | from orders o join users u on true", "tables in scope"));
        // Only the tables of the statement at the cursor.
        assertEquals(List.of("country", "user_id"),
                values("select * from orders; select | from users; select 1 from orders",
                        "columns"));
    }

    @Test
    void modelReferencesInsidePredictAndExperimentsInsideAssignVariant() throws SQLException {
        schema();
        assertEquals(List.of("tipper", "tipper:1", "tipper@production"),
                values("select predict('|"));
        assertEquals(List.of("tipper@production"), values("select predict_label('tipper@p|"));
        assertEquals(List.of("TIPPER:1"), values("SELECT PREDICT('TIPPER:|"));
        assertTrue(complete("select predict('|").get(0).descr().contains("amount FLOAT"),
                complete("select predict('|").get(0).descr());
        assertEquals(List.of("checkout_v2"), values("select assign_variant('ch|"));
        assertEquals(List.of("checkout_v2"), values("select * from users where"
                + " predict_variant('|', user_id, 1, 2, 'web') > 0.5"));
        // Any other string is just a string.
        assertEquals(List.of(), values("select 'ti|"));
        assertEquals(List.of(), values("select 1 -- predict('|"));
    }

    @Test
    void namesAfterTheObjectKeyword() throws SQLException {
        schema();
        assertEquals(List.of("tipper"), values("drop model |"));
        assertEquals(List.of("\"checkout_v2\""), values("alter experiment |"));
        assertEquals(List.of("driver"), values("drop entity if exists |"));
    }

    @Test
    void filePathsInsideCopyFrom() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/orders.csv"), "order_id\n1\n");
        Files.writeString(dir.resolve("data/other.parquet"), "");
        String base = dir.toString().replace('\\', '/');
        assertEquals(List.of(base + "/data/"), values("copy orders from '" + base + "/da|"));
        assertEquals(List.of(base + "/data/orders.csv"),
                values("COPY orders FROM '" + base + "/data/or|"));
        Candidate directory = complete("copy orders from '" + base + "/da|").get(0);
        assertFalse(directory.complete(), "a directory is not finished");
        assertEquals(List.of(base + "/data/orders.csv"),
                values("copy orders to '" + base + "/data/or|"));
    }

    @Test
    void functionsWithTheirSignaturesAndSorrelsKeywords() throws SQLException {
        List<Candidate> candidates = complete("select pred|");
        Candidate predict = candidates.stream().filter(c -> c.value().equals("predict"))
                .findFirst().orElseThrow();
        assertEquals("functions", predict.group());
        assertTrue(predict.descr().startsWith("PREDICT(model, arg, ...)"), predict.descr());
        assertTrue(values("select * from a left as|").contains("asof"));
        assertTrue(values("SELECT * FROM A LEFT ASOF JOIN B MATCH|").contains("MATCH_CONDITION"));
        assertTrue(values("create feat|").contains("feature"));
        for (String keyword : List.of("EXPERIMENT", "MONITOR", "MODEL", "ONLINE", "TTL")) {
            assertTrue(values("CREATE " + keyword.charAt(0) + "|").contains(keyword), keyword);
        }
    }

    @Test
    void metaCommandsAndTheirArguments() throws SQLException {
        schema();
        assertTrue(values("\\ti|").contains("\\timing"));
        assertEquals(List.of("off", "on"), values("\\timing |"));
        assertEquals(List.of("orders"), values("\\d ord|", "tables"));
        assertEquals(List.of("csv"), values("\\format c|"));
    }

    @Test
    void theCacheIsReadOnceAndAgainAfterDefinitionsChange() throws SQLException {
        schema();
        StringWriter out = new StringWriter();
        ScriptRunner runner = new ScriptRunner(connection, new ShellSettings(),
                new PrintWriter(out), new PrintWriter(out));
        runner.onDefinitionsChanged(cache::invalidate);
        assertEquals(List.of("orders"), values("select * from ord|"));
        assertEquals(List.of("orders"), values("select * from ord|"));
        assertEquals(1, cache.loads());
        runner.runInteractive("select * from orders;");
        assertEquals(1, cache.loads());
        runner.runInteractive("create table ordinals (n int primary key);");
        assertEquals(List.of("orders", "ordinals"), values("select * from ord|"));
        assertEquals(2, cache.loads());
    }

    /**
     * A thousand tables: the metadata is read once, and Tab answers from memory after that.
     * The times are printed for the record; the bound is loose for loaded machines.
     */
    @Test
    void fastOnAThousandTables() throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (int i = 0; i < 1000; i++) {
                s.execute("CREATE TABLE t" + i + " (id INTEGER PRIMARY KEY, a DOUBLE, b VARCHAR(10),"
                        + " c TIMESTAMP, d BIGINT)");
            }
        }
        long start = System.nanoTime();
        List<String> first = values("select * from t99|");
        long firstNanos = System.nanoTime() - start;
        assertEquals(List.of("t99", "t990", "t991", "t992", "t993", "t994", "t995", "t996",
                "t997", "t998", "t999"), first);
        long worst = 0;
        for (int i = 0; i < 20; i++) {
            start = System.nanoTime();
            assertEquals(List.of("a"), values("select x.| from t5 x where false", "columns")
                    .stream().filter(c -> c.startsWith("a")).collect(Collectors.toList()));
            assertEquals(1000, values("select * from |", "tables").size());
            worst = Math.max(worst, System.nanoTime() - start);
        }
        assertEquals(1, cache.loads());
        // After DDL the shell reads the table list again: what the first Tab then costs.
        cache.invalidate();
        start = System.nanoTime();
        assertEquals(1000, values("select * from |", "tables").size());
        long rereadNanos = System.nanoTime() - start;
        System.out.printf("completion on 1000 tables: first %.1f ms, after DDL %.1f ms,"
                + " cached at most %.1f ms%n", firstNanos / 1e6, rereadNanos / 1e6, worst / 1e6);
        assertTrue(worst < 1_000_000_000L, "cached completion took " + worst / 1e6 + " ms");
    }

    /** Tab in the running REPL: the only column that fits is typed in, and the query runs. */
    @Test
    void tabCompletesInTheRunningShell() throws Exception {
        sql("CREATE TABLE tx (id INTEGER PRIMARY KEY, amount DOUBLE)",
                "INSERT INTO tx VALUES (1, 2.5)");
        // The FROM comes first, so that Tab knows the table.
        String input = "select * from tx where amo\t > 1;\n\\q\n";
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal piped = new ExternalTerminal("test", "xterm",
                new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), screen,
                StandardCharsets.UTF_8)) {
            piped.setSize(new Size(100, 30));
            StringWriter err = new StringWriter();
            new Repl(connection, new ShellSettings().timing(false), "jdbc:sorrel:mem:x", false)
                    .historyFile(dir.resolve("history")).loop(piped, new PrintWriter(err));
            assertEquals("", err.toString());
        }
        String text = screen.toString(StandardCharsets.UTF_8).replace("\r", "");
        assertTrue(text.contains(" ID | AMOUNT\n"), text);
        assertTrue(text.contains("  1 |    2.5\n"), text);
    }
}
