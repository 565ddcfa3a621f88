package dev.sorrel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meta commands on a Sorrel database: listing and describing each kind of object. */
class MetaCommandsTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path dir;

    private Connection connection;
    private final StringWriter outBuffer = new StringWriter();
    private final StringWriter errBuffer = new StringWriter();
    private final ShellSettings settings = new ShellSettings().timing(false);
    private ScriptRunner runner;

    @BeforeEach
    void connect() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sorrel:mem:meta"
                + DATABASES.incrementAndGet());
        runner = new ScriptRunner(connection, settings, new PrintWriter(outBuffer),
                new PrintWriter(errBuffer));
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private String run(String script) {
        outBuffer.getBuffer().setLength(0);
        errBuffer.getBuffer().setLength(0);
        Outcome outcome = runner.runScript(new StringReader(script));
        assertEquals(Outcome.CONTINUE, outcome, errBuffer.toString());
        return outBuffer.toString().replace(System.lineSeparator(), "\n");
    }

    private void objects() {
        Path model = Path.of("..", "examples", "models", "multi_input_tips.onnx").toAbsolutePath();
        run("\\quiet on\n"
                + "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, driver_id BIGINT, total DOUBLE);\n"
                + "CREATE VIEW big AS SELECT * FROM orders WHERE total > 100;\n"
                + "CREATE ENTITY driver (driver_id BIGINT) COMMENT 'a driver';\n"
                + "CREATE FEATURE VIEW driver_stats ENTITY driver (conv_rate DOUBLE)"
                + " TTL INTERVAL '2' HOUR COMMENT 'hourly';\n"
                + "INSERT INTO driver_stats (driver_id, event_timestamp, conv_rate) VALUES"
                + " (1, TIMESTAMP '2026-05-01 08:00:00', 0.5), (2, TIMESTAMP '2026-05-01 09:00:00', 0.25);\n"
                + "CREATE MODEL tipper FROM '" + model + "' COMMENT 'tips';\n"
                + "ALTER MODEL tipper SET ALIAS production = 1;\n"
                + "CREATE EXPERIMENT \"checkout_v2\" (control WEIGHT 50, treatment WEIGHT 50)"
                + " COMMENT 'one page';\n"
                + "CREATE TABLE inputs (id INTEGER PRIMARY KEY, week INTEGER, amount DOUBLE);\n"
                + "INSERT INTO inputs VALUES (1, 0, 1.5), (2, 0, 2.5), (3, 1, 3.5);\n"
                + "CREATE MONITOR drift ON inputs (amount WITH (method = 'ks'))"
                + " REFERENCE AS SELECT amount FROM inputs WHERE week = 0;\n"
                + "\\quiet off\n");
    }

    @Test
    void helpListsEveryCommandInOneFamily() {
        String help = run("\\?");
        for (String command : new String[] {"\\d [NAME]", "\\dt", "\\dv", "\\dfv", "\\de", "\\dm",
                "\\dx", "\\dmon", "\\df [TEXT]", "\\dn", "\\x [on|off|auto]", "\\timing",
                "\\format", "\\o [FILE]", "\\e [FILE]", "\\watch SECONDS", "\\conninfo",
                "\\echo", "\\quiet", "\\i FILE", "\\q", "\\hist TABLE.COLUMN [BINS]"}) {
            assertTrue(help.contains("\n  " + command), command + " in\n" + help);
        }
        assertTrue(help.contains("table|box|markdown|csv|tsv|json"), help);
        assertTrue(CommandLineOptions.USAGE.contains(MetaCommands.HELP), "--help lists them too");
    }

    @Test
    void listsEachKind() {
        objects();
        assertEquals(" Schema | Name | Comment\n--------+------+---------\n PUBLIC | BIG  | NULL\n"
                + "(1 row)\n", run("\\dv"));
        assertEquals(" ENTITY_NAME |   KEY_COLUMNS    | COMMENT\n"
                + "-------------+------------------+----------\n"
                + " DRIVER      | DRIVER_ID BIGINT | a driver\n(1 row)\n", run("\\de"));
        String models = run("\\dm");
        assertTrue(models.contains(" TIPPER     |              1 |             1 | {production=1} | tips\n"),
                models);
        assertTrue(run("\\dx").contains(" checkout_v2     | draft  |"), run("\\dx"));
        assertTrue(run("\\dmon").contains(" DRIFT        | drift | INPUTS     | AMOUNT ks 0.05 | NULL\n"),
                run("\\dmon"));
        String views = run("\\dfv");
        assertTrue(views.contains(" DRIVER_STATS | DRIVER      | CONV_RATE DOUBLE |        7200 |"
                + "         2 |            2 | none    | hourly\n"), views);
        assertTrue(run("\\df predict").contains(" PREDICT_LABEL   | PREDICT_LABEL(model, arg, ...)"),
                run("\\df predict"));
        assertTrue(run("\\dn").contains(" ONLINE\n"), run("\\dn"));
    }

    @Test
    void describesEachKindOfObject() {
        objects();
        String featureView = run("\\d driver_stats");
        assertTrue(featureView.startsWith("Feature view \"DRIVER_STATS\" (hourly): entity DRIVER"
                + " (DRIVER_ID BIGINT), TTL 7200 s, 2 rows of 2 entities, newest event"
                + " 2026-05-01 09:00:00, no history segment\n      Column       |"),
                featureView);
        assertTrue(featureView.contains("\n CONV_RATE         | DOUBLE    |"), featureView);
        String model = run("\\d tipper");
        assertTrue(model.startsWith("Model \"TIPPER\" (tips): latest version 1 of 1,"
                + " aliases production=1\n VERSION |  ALIASES   |"), model);
        assertTrue(model.contains("[amount FLOAT[?, 1], age FLOAT[?, 1], channel STRING[?, 1]]"),
                model);
        String experiment = run("\\d checkout_v2");
        assertTrue(experiment.startsWith("Experiment \"checkout_v2\" (one page): draft\n"),
                experiment);
        assertTrue(experiment.contains(" control      | true       |"), experiment);
        assertTrue(experiment.contains(" treatment    | false      |"), experiment);
        String monitor = run("\\d drift");
        assertTrue(monitor.startsWith("Monitor \"DRIFT\": drift on INPUTS, 2 reference rows"),
                monitor);
        assertTrue(monitor.contains(" AMOUNT      |"), monitor);
        assertTrue(run("\\d driver").startsWith("Entity \"DRIVER\" (a driver): key DRIVER_ID BIGINT\n"));
        assertTrue(run("\\d big").startsWith("View \"PUBLIC.BIG\"\n"), run("\\d big"));
        assertEquals(Outcome.ERROR, runner.runScript(new StringReader("\\d nothing")));
        assertTrue(errBuffer.toString().contains("no table, view, feature view, model,"
                + " experiment, monitor or entity named nothing"), errBuffer.toString());
    }

    @Test
    void expandedDisplayAndTheFormatsForPeople() {
        String expanded = run("\\x\nselect 1 as id, 'alice' as name union all select 2, 'bob';\n\\x off");
        assertEquals("Expanded display is on.\n"
                + "-[ RECORD 1 ]-\nID   | 1\nNAME | alice\n"
                + "-[ RECORD 2 ]-\nID   | 2\nNAME | bob\n(2 rows)\nExpanded display is off.\n",
                expanded);
        assertEquals("Output format is box.\n"
                + "\u250c\u2500\u2500\u2500\u2500\u252c\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2510\n"
                + "\u2502 ID \u2502 NAME  \u2502\n"
                + "\u251c\u2500\u2500\u2500\u2500\u253c\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2524\n"
                + "\u2502  1 \u2502 alice \u2502\n"
                + "\u2514\u2500\u2500\u2500\u2500\u2534\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2518\n"
                + "(1 row)\n", run("\\format box\nselect 1 as id, 'alice' as name;"));
        assertEquals("Output format is markdown.\n| ID  | NAME |\n| --: | ---- |\n|   1 | a\\|b |\n"
                + "(1 row)\n", run("\\mode markdown\nselect 1 as id, 'a|b' as name;"));
    }

    @Test
    void autoExpandedOnlyForRowsWiderThanTheTerminal() {
        settings.screenWidth(20);
        String out = run("\\x auto\nselect 1 as a;\nselect 'a fairly long value' as v, 2 as w;");
        assertEquals("Expanded display is used automatically.\n A\n---\n 1\n(1 row)\n"
                + "-[ RECORD 1 ]----------\nV | a fairly long value\nW | 2\n(1 row)\n", out);
    }

    @Test
    void outputToAFileAndBack() throws Exception {
        Path file = dir.resolve("out.txt");
        String out = run("\\o " + file + "\nselect 7 as n;\n\\o\nselect 8 as m;");
        assertEquals(" M\n---\n 8\n(1 row)\n", out);
        assertEquals(" N\n---\n 7\n(1 row)\n",
                Files.readString(file).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void watchRunsTheLastStatementAgain() {
        run("\\quiet on\ncreate table w (x int primary key);\n\\quiet off");
        String out = run("select count(*) as n from w;\n\\watch 0.01 3");
        assertEquals(4, out.split(" N\n", -1).length - 1, out);
        assertTrue(out.matches("(?s).*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\(every 0.01s\\)\n N\n.*"),
                out);
        assertEquals(Outcome.ERROR, runner.runScript(new StringReader("\\watch 0")));
    }

    @Test
    void histogramOfANumericColumnInTheTerminalsWidth() {
        run("\\quiet on\ncreate table h (id int primary key, v double);\n"
                + "insert into h values (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7),"
                + " (8, 8), (9, 9), (10, 10), (11, NULL);\n\\quiet off");
        settings.screenWidth(40);
        String full = "\u2588";
        assertEquals("[1, 4)  \u2502" + full.repeat(21) + " ".repeat(7) + " 3\n"
                + "[4, 7)  \u2502" + full.repeat(21) + " ".repeat(7) + " 3\n"
                + "[7, 10] \u2502" + full.repeat(28) + " 4\n"
                + "1 NULL\n", run("\\hist h.v 3"));
        assertEquals(Outcome.ERROR, runner.runScript(new StringReader("\\hist h.v; drop table h")));
        assertEquals(Outcome.ERROR, runner.runScript(new StringReader("\\hist h.v 0")));
    }

    @Test
    void histogramBarsAreDrawnInEighths() {
        assertEquals(java.util.List.of("[0, 1) \u2502\u2588\u258e" + " ".repeat(8) + " 1",
                "[1, 2] \u2502" + "\u2588".repeat(10) + " 8"),
                Histogram.render(0, 2, new long[] {1, 8}, 0, 21));
        assertEquals("", Histogram.bar(0, 8, 10));
        assertEquals("\u258f", Histogram.bar(1, 1000, 10), "a bin with values is never empty");
    }

    @Test
    void conninfoNamesTheDatabaseAndDriver() {
        String out = run("\\conninfo");
        assertTrue(out.startsWith("Connected to jdbc:sorrel:mem:meta"), out);
        assertTrue(out.contains("\nAuto-commit is on."), out);
    }
}
