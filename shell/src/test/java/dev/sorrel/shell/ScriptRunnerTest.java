package dev.sorrel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptRunnerTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private Connection connection;
    private final StringWriter outBuffer = new StringWriter();
    private final StringWriter errBuffer = new StringWriter();
    private final ShellSettings settings = new ShellSettings().timing(false);
    private ScriptRunner runner;

    @BeforeEach
    void connect() throws SQLException {
        connection = DriverManager.getConnection(
                "jdbc:h2:mem:runner" + DATABASES.incrementAndGet());
        runner = new ScriptRunner(connection, settings, new PrintWriter(outBuffer),
                new PrintWriter(errBuffer));
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private Outcome script(String text) {
        return runner.runScript(new StringReader(text));
    }

    private String out() {
        return outBuffer.toString().replace(System.lineSeparator(), "\n");
    }

    private String err() {
        return errBuffer.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void createInsertSelectProducesExpectedOutput() {
        Outcome outcome = script(""
                + "create table users (id int primary key, name varchar(20));\n"
                + "insert into users values (1, 'alice'), (2, NULL);\n"
                + "update users set name = 'x' where id = 99;\n"
                + "select id, name from users order by id;\n"
                + "select count(*) as n from users where id = 1;\n");
        assertEquals(Outcome.CONTINUE, outcome);
        assertEquals(""
                + "OK\n"
                + "2 rows affected\n"
                + "0 rows affected\n"
                + " ID | NAME\n"
                + "----+-------\n"
                + "  1 | alice\n"
                + "  2 | NULL\n"
                + "(2 rows)\n"
                + " N\n"
                + "---\n"
                + " 1\n"
                + "(1 row)\n", out());
        assertEquals("", err());
    }

    @Test
    void singleRowUpdateIsSingular() {
        script("create table t (x int); insert into t values (1);");
        assertTrue(out().endsWith("OK\n1 row affected\n"), out());
    }

    @Test
    void errorStopsTheScriptAndNamesTheLine() throws SQLException {
        Outcome outcome = script(""
                + "create table t (x int);\n"
                + "insert into t values (1);\n"
                + "\n"
                + "select *\n"
                + "  from no_such_table;\n"
                + "insert into t values (2);\n");
        assertEquals(Outcome.ERROR, outcome);
        assertTrue(err().matches("(?s)ERROR at script line 4: 42S0\\d: Table \"NO_SUCH_TABLE\" not found.*"),
                err());
        assertFalse(out().contains("\n(1 row)"), "nothing after the error may run");
        try (ResultSet rs = connection.createStatement().executeQuery("select count(*) from t")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "the insert after the failing statement must not run");
        }
    }

    @Test
    void unterminatedLastStatementStillRuns() {
        assertEquals(Outcome.CONTINUE, script("select 1 as a;\nselect 2 as b"));
        assertTrue(out().contains(" B\n---\n 2\n(1 row)\n"), out());
    }

    @Test
    void interactiveErrorsHaveNoLineNumber() {
        assertEquals(Outcome.ERROR, runner.runInteractive("select * from missing;"));
        assertTrue(err().matches("(?s)ERROR 42S0\\d: Table \"MISSING\" not found.*"), err());
    }

    @Test
    void listTablesWithDt() {
        script("create table zeta (x int); create table alpha (y int); create view v as select * from alpha;");
        outBuffer.getBuffer().setLength(0);
        assertEquals(Outcome.CONTINUE, script("\\dt\n"));
        assertEquals(""
                + " Schema | Name  |    Type\n"
                + "--------+-------+------------\n"
                + " PUBLIC | ALPHA | BASE TABLE\n"
                + " PUBLIC | V     | VIEW\n"
                + " PUBLIC | ZETA  | BASE TABLE\n"
                + "(3 rows)\n", out());
    }

    @Test
    void describeTableWithD() {
        script("create table people (id bigint primary key, name varchar(40) not null, note clob);");
        outBuffer.getBuffer().setLength(0);
        assertEquals(Outcome.CONTINUE, script("\\d people"));
        String[] lines = out().split("\n");
        assertEquals("Table \"PUBLIC.PEOPLE\"", lines[0]);
        assertTrue(lines[1].matches(" Column \\| +Type +\\| +Size +\\| Nullable \\| Key \\| Default"), lines[1]);
        assertTrue(lines[3].matches(" ID +\\| BIGINT +\\| +64 \\| NO +\\| PK +\\|"), lines[3]);
        assertTrue(lines[4].matches(" NAME +\\| CHARACTER VARYING +\\| +40 \\| NO +\\| +\\|"), lines[4]);
        assertTrue(lines[5].matches(" NOTE +\\| CHARACTER LARGE OBJECT +\\| +\\d+ \\| YES +\\| +\\|"), lines[5]);
        assertEquals("(3 rows)", lines[6]);
    }

    @Test
    void describeShowsDefaultsAndIdentityColumns() {
        script("create table counted (id bigint generated always as identity primary key,"
                + " n int default 7);");
        outBuffer.getBuffer().setLength(0);
        assertEquals(Outcome.CONTINUE, script("\\d counted"));
        String[] lines = out().split("\n");
        assertTrue(lines[3].matches(" ID +\\| BIGINT +\\| +64 \\| NO +\\| PK +\\| \\S.*"), lines[3]);
        assertTrue(lines[4].matches(" N +\\| INTEGER +\\| +32 \\| YES +\\| +\\| 7"), lines[4]);
    }

    @Test
    void describeShowsComments() {
        script("create table c (id int primary key, note varchar(10));"
                + " comment on table c is 'a table'; comment on column c.note is 'a note';");
        outBuffer.getBuffer().setLength(0);
        assertEquals(Outcome.CONTINUE, script("\\d c"));
        String[] lines = out().split("\n");
        assertEquals("Table \"PUBLIC.C\": a table", lines[0]);
        assertTrue(lines[1].matches(" Column \\| .*\\| Default \\| Comment"), lines[1]);
        assertTrue(lines[4].matches(" NOTE +\\| .*\\| a note"), lines[4]);
    }

    @Test
    void describeAcceptsSchemaQualifiedAndQuotedNames() {
        script("create schema s; create table s.\"Mixed\" (a int);");
        outBuffer.getBuffer().setLength(0);
        assertEquals(Outcome.CONTINUE, script("\\d s.\"Mixed\""));
        assertTrue(out().startsWith("Table \"S.Mixed\"\n"), out());
        assertTrue(out().contains(" A "), out());
    }

    @Test
    void describeUnknownTableIsAnError() {
        assertEquals(Outcome.ERROR, script("\\d nope"));
        assertEquals("ERROR at script line 1: no table, view, feature view, model, experiment, monitor or entity named nope\n", err());
    }

    @Test
    void unknownMetaCommandIsAnError() {
        assertEquals(Outcome.ERROR, script("select 1;\n\\bogus\nselect 2;"));
        assertEquals("ERROR at script line 2: unknown command \\bogus; type \\? for help\n", err());
    }

    @Test
    void quitStopsTheScriptSuccessfully() {
        assertEquals(Outcome.QUIT, script("select 1 as a;\n\\q\nselect 2 as b;"));
        assertFalse(out().contains(" B"), out());
    }

    @Test
    void formatAndTimingCommandsChangeSettings() {
        assertEquals(Outcome.CONTINUE, script("\\timing on\n\\format csv\nselect 1 as a, 'x' as b;"));
        assertTrue(settings.timing());
        assertEquals(OutputFormat.CSV, settings.format());
        assertEquals("Timing is on.\nA,B\n1,x\n", out());
        // In machine formats, status lines go to stderr to keep stdout pure data.
        assertTrue(err().startsWith("Output format is csv.\n(1 row)\nTime: "), err());
        assertTrue(err().matches("(?s).*Time: \\d+\\.\\d{3} ms\n"), err());
    }

    @Test
    void echoPrintsEachStatementWithItsCommentBeforeItsResult() {
        settings.echo(true);
        assertEquals(Outcome.CONTINUE, script(""
                + "-- A table.\ncreate table t (x int);\n"
                + "insert into t values (1), (2);\n"
                + "-- Its rows.\nselect x\nfrom t order by x;\n"));
        assertEquals("\n-- A table.\ncreate table t (x int);\nOK\n"
                + "insert into t values (1), (2);\n2 rows affected\n"
                + "\n-- Its rows.\nselect x\nfrom t order by x;\n X\n---\n 1\n 2\n(2 rows)\n",
                out());
    }

    @Test
    void echoSkipsWhatWasJustTypedButNotWhatItIncludes(@TempDir Path dir) throws Exception {
        settings.echo(true);
        Path included = dir.resolve("one.sql");
        Files.writeString(included, "select 1 as one;\n");
        assertEquals(Outcome.CONTINUE, runner.runInteractive("select 2 as two;\n\\i " + included));
        assertEquals(" TWO\n-----\n   2\n(1 row)\nselect 1 as one;\n ONE\n-----\n   1\n(1 row)\n",
                out());
    }

    @Test
    void echoOfAMachineFormatGoesToStderr() {
        settings.echo(true).format(OutputFormat.CSV);
        assertEquals(Outcome.CONTINUE, script("select 1 as a;"));
        assertEquals("A\n1\n", out());
        assertEquals("select 1 as a;\n(1 row)\n", err());
    }

    @Test
    void quietKeepsResultsAndErrorsOnly() {
        settings.echo(true);
        assertEquals(Outcome.ERROR, script("\\quiet on\n\\timing on\n-- c\ncreate table q (x int);\n"
                + "insert into q values (1);\nselect x from q;\n\\quiet off\nselect nope;"));
        assertFalse(settings.quiet());
        assertTrue(settings.timing());
        assertEquals(" X\n---\n 1\n(1 row)\nselect nope;\n", out());
        assertTrue(err().startsWith("ERROR at script line 8: "), err());
    }

    @Test
    void echoAndQuietTakeOnOrOff() {
        assertEquals(Outcome.CONTINUE, script("\\echo\n\\echo off\n\\echo ON"));
        assertEquals("Echo is on.\nEcho is off.\nEcho is on.\n", out());
        assertEquals(Outcome.ERROR, script("\\quiet maybe"));
        assertTrue(err().contains("\\quiet expects on or off, not maybe"), err());
    }

    @Test
    void includeRunsAnotherScriptAndReportsItsErrorLocation(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.sql");
        Files.writeString(good, "create table inc (x int);\ninsert into inc values (5);\n");
        Path bad = dir.resolve("bad.sql");
        Files.writeString(bad, "select 1;\n\nselect nonsense from inc;\n");
        assertEquals(Outcome.CONTINUE, script("\\i " + good + "\nselect x from inc;"));
        assertTrue(out().contains(" 5\n(1 row)"), out());
        assertEquals(Outcome.ERROR, script("\\i '" + bad + "'\nselect 42 as after;"));
        assertTrue(err().startsWith("ERROR at script line 3 of " + bad + ": 42S22: Column \"NONSENSE\""),
                err());
        assertFalse(out().contains("AFTER"), out());
    }

    @Test
    void includeOfMissingFileIsAnError() {
        assertEquals(Outcome.ERROR, script("\\i /definitely/not/here.sql"));
        assertTrue(err().startsWith("ERROR at script line 1: cannot read /definitely/not/here.sql"),
                err());
    }

    @Test
    void selfIncludeFailsInsteadOfOverflowing(@TempDir Path dir) throws Exception {
        Path loop = dir.resolve("loop.sql");
        Files.writeString(loop, "\\i " + loop + "\n");
        assertEquals(Outcome.ERROR, script("\\i " + loop));
        assertTrue(err().contains("nested more than 16 levels"), err());
    }

    @Test
    void multipleResultLoopPrintsOkForDdlWithoutCount() {
        assertEquals(Outcome.CONTINUE, script("create sequence s1;"));
        assertEquals("OK\n", out());
    }
}
