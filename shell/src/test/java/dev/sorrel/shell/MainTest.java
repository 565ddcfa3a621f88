package dev.sorrel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the command as a user would, through {@link Main#run}, against H2. */
class MainTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                out, err, false);
    }

    private static String h2() {
        return "jdbc:h2:mem:main" + DATABASES.incrementAndGet();
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        assertEquals(0, run("", "--help"));
        assertTrue(out().startsWith("Usage: sorrel [OPTIONS] [DATABASE]\n"), out());
        assertTrue(out().contains("--no-timing"));
    }

    @Test
    void versionFallsBackToDevOutsideTheJar() {
        assertEquals(0, run("", "--version"));
        assertEquals("sorrel dev\n", out());
    }

    @Test
    void echoAndQuietOptions() {
        assertEquals(0, run("-- one\nselect 1 as a;\ncreate table e (x int);\n", "-e", "-q", h2()));
        assertEquals(" A\n---\n 1\n(1 row)\n", out());
        out.reset();
        assertEquals(0, run("-- one\nselect 1 as a;\n", "--echo", "--no-timing", h2()));
        assertEquals("\n-- one\nselect 1 as a;\n A\n---\n 1\n(1 row)\n", out());
    }

    @Test
    void badOptionIsAUsageError() {
        assertEquals(2, run("", "--frobnicate"));
        assertEquals("sorrel: unknown option '--frobnicate'\n"
                + "Try 'sorrel --help' for more information.\n", err());
    }

    @Test
    void badFormatIsAUsageError() {
        assertEquals(2, run("", "--format", "xml", h2()));
        assertTrue(err().startsWith("sorrel: unknown format 'xml'; expected table|box|markdown|csv|tsv|json"), err());
    }

    @Test
    void missingScriptFileIsAUsageError() {
        assertEquals(2, run("", "-f", "/no/such/script.sql", h2()));
        assertTrue(err().startsWith("sorrel: cannot read file '/no/such/script.sql'"), err());
    }

    @Test
    void connectionFailureExitsTwo() {
        assertEquals(2, run("select 1;", "jdbc:nosuchdriver:x"));
        assertTrue(err().startsWith("sorrel: cannot open jdbc:nosuchdriver:x: "), err());
    }

    @Test
    void commandRunsSeveralStatements() {
        assertEquals(0, run("", "--no-timing", "-c", "create table t(x int); insert into t values (7);"
                + " select x from t", h2()));
        assertEquals("OK\n1 row affected\n X\n---\n 7\n(1 row)\n", out());
    }

    @Test
    void failingCommandExitsOne() {
        assertEquals(1, run("", "--no-timing", "-c", "select 1 as a; select * from nope; select 3",
                h2()));
        assertTrue(err().startsWith("ERROR at script line 1: 42S04: Table \"NOPE\" not found"), err());
        assertEquals(" A\n---\n 1\n(1 row)\n", out());
    }

    @Test
    void stdinIsReadAsAScriptWhenNotATerminal() {
        assertEquals(0, run("select 1 as one;\nselect 'two' as two;\n", "--no-timing", h2()));
        assertEquals(" ONE\n-----\n   1\n(1 row)\n TWO\n-----\n two\n(1 row)\n", out());
    }

    @Test
    void timingIsOnByDefault() {
        assertEquals(0, run("select 1;", h2()));
        assertTrue(out().matches("(?s).*\\(1 row\\)\nTime: \\d+\\.\\d{3} ms\n"), out());
    }

    @Test
    void fileAndDashFileRunInOrder(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("s.sql");
        Files.writeString(script, "create table t (x varchar(5));\ninsert into t values ('é');\n");
        assertEquals(0, run("select x from t;", "--no-timing", "--format=csv", "-f", script.toString(),
                "-f", "-", h2()));
        assertEquals("X\né\n", out());
        assertEquals("OK\n1 row affected\n(1 row)\n", err());
    }

    @Test
    void errorInFileNamesTheScriptLine(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("s.sql");
        Files.writeString(script, "select 1;\n-- comment\n\nselect broken syntax here;\nselect 2;\n");
        assertEquals(1, run("", "--no-timing", "-f", script.toString(), h2()));
        assertTrue(err().startsWith("ERROR at script line 4: 42"), err());
    }

    @Test
    void jsonFormatFromTheCommandLine() {
        assertEquals(0, run("", "--no-timing", "--format", "json", "-c",
                "select 1 as id, 'a\"b' as s, null as n", h2()));
        assertEquals("{\"ID\":1,\"S\":\"a\\\"b\",\"N\":null}\n", out());
    }

    @Test
    void quitInScriptExitsZero() {
        assertEquals(0, run("\\q\nselect * from nope;\n", h2()));
        assertEquals("", err());
    }
}
