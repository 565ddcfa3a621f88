package dev.sorrel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    private static List<String> texts(String script) {
        return StatementSplitter.split(script).stream().map(ScriptStatement::text).toList();
    }

    @Test
    void splitsAtSemicolonsAndTrims() {
        assertEquals(List.of("select 1", "select 2"), texts("  select 1 ;\n\nselect 2;\n"));
    }

    @Test
    void dropsEmptyStatements() {
        assertEquals(List.of("a", "b"), texts(";;a;; ; \n;b;;"));
        assertEquals(List.of(), texts(" ;\n ; "));
    }

    @Test
    void semicolonInsideSingleQuotesDoesNotSplit() {
        assertEquals(List.of("insert into t values ('a;b')", "select 1"),
                texts("insert into t values ('a;b'); select 1;"));
    }

    @Test
    void doubledSingleQuoteIsAnEscapeNotAnEnd() {
        assertEquals(List.of("select 'it''s; fine'", "select 2"),
                texts("select 'it''s; fine'; select 2;"));
    }

    @Test
    void semicolonInsideDoubleQuotedIdentifierDoesNotSplit() {
        assertEquals(List.of("create table \"a;\"\"b\" (x int)", "x"),
                texts("create table \"a;\"\"b\" (x int); x;"));
    }

    @Test
    void lineCommentsHideSemicolonsAndQuotes() {
        assertEquals(List.of("select 1 -- not the end; it's a comment\n  + 1"),
                texts("select 1 -- not the end; it's a comment\n  + 1;"));
    }

    @Test
    void blockCommentsHideSemicolonsAndQuotes() {
        assertEquals(List.of("select /* ; ' \" */ 1", "select 2"),
                texts("select /* ; ' \" */ 1; select 2;"));
    }

    @Test
    void commentsBeforeAStatementAreDroppedAndDoNotMoveItsLine() {
        List<ScriptStatement> statements = StatementSplitter.split(
                "-- header; comment\n/* block;\n comment */\n\n  select 1;\n");
        assertEquals(1, statements.size());
        assertEquals("select 1", statements.get(0).text());
        assertEquals(5, statements.get(0).line());
    }

    @Test
    void keepsTheCommentLinesRightAboveAStatementForEcho() {
        List<ScriptStatement> statements = StatementSplitter.split(""
                + "-- file header\n\n"
                + "-- step one\n--   second line  \nselect 1; -- trailing remark\n"
                + "select 2;\n"
                + "-- step three\n\\dt\n"
                + "/* block */ select 3;\n");
        assertEquals(List.of("-- step one\n--   second line", "", "-- step three", ""),
                statements.stream().map(ScriptStatement::comment).toList());
    }

    @Test
    void commentOnlyScriptHasNoStatements() {
        assertEquals(List.of(), texts("-- nothing here;\n/* nor ; here */\n"));
    }

    @Test
    void tracksStartLines() {
        List<ScriptStatement> statements = StatementSplitter.split(
                "create table t (\n  x int\n);\n\ninsert into t\nvalues ('a\nb');  select 3;");
        assertEquals(List.of(1, 5, 7), statements.stream().map(ScriptStatement::line).toList());
    }

    @Test
    void unterminatedFinalStatementIsStillReturned() {
        List<ScriptStatement> statements = StatementSplitter.split("select 1;\nselect 2\n");
        assertEquals(2, statements.size());
        assertTrue(statements.get(0).terminated());
        assertEquals("select 2", statements.get(1).text());
        assertFalse(statements.get(1).terminated());
        assertEquals(2, statements.get(1).line());
    }

    @Test
    void metaCommandRunsToEndOfLineWithoutSemicolon() {
        List<ScriptStatement> statements = StatementSplitter.split(
                "\\dt\nselect 1;\n  \\d users;\nselect 2; \\timing off\n");
        assertEquals(List.of("\\dt", "select 1", "\\d users", "select 2", "\\timing off"),
                statements.stream().map(ScriptStatement::text).toList());
        assertEquals(List.of(true, false, true, false, true),
                statements.stream().map(ScriptStatement::isMeta).toList());
        assertEquals(List.of(1, 2, 3, 4, 4),
                statements.stream().map(ScriptStatement::line).toList());
    }

    @Test
    void backslashInsideSqlIsNotAMetaCommand() {
        List<ScriptStatement> statements = StatementSplitter.split("select '\\dt' from t;");
        assertEquals(1, statements.size());
        assertFalse(statements.get(0).isMeta());
        assertEquals("select '\\dt' from t", statements.get(0).text());
    }

    @Test
    void readsLazilyFromAReader() throws Exception {
        // A reader that fails if read past the first statement proves statements are
        // handed out as soon as they are complete (important for piped stdin).
        String first = "select 1;";
        Reader reader = new StringReader(first + "\u0000") {
            private int position;

            @Override
            public int read() throws java.io.IOException {
                if (position++ >= first.length()) {
                    throw new AssertionError("read beyond the first statement");
                }
                return super.read();
            }
        };
        StatementSplitter splitter = new StatementSplitter(reader);
        assertEquals("select 1", splitter.next().text());
    }

    @Test
    void ignoresAByteOrderMarkAndWindowsLineEnds() {
        List<ScriptStatement> statements =
                StatementSplitter.split("\uFEFFselect 1;\r\n\\dt\r\nselect 2;\r\n");
        assertEquals(List.of("select 1", "\\dt", "select 2"),
                statements.stream().map(ScriptStatement::text).toList());
        assertEquals(3, statements.get(2).line());
    }

    @Test
    void nextReturnsNullAtEnd() throws Exception {
        StatementSplitter splitter = new StatementSplitter(new StringReader("a;"));
        assertEquals("a", splitter.next().text());
        assertNull(splitter.next());
    }

    @Test
    void completenessForTheRepl() {
        assertTrue(StatementSplitter.isComplete(""));
        assertTrue(StatementSplitter.isComplete("select 1;"));
        assertTrue(StatementSplitter.isComplete("select 1; -- trailing comment"));
        assertTrue(StatementSplitter.isComplete("\\dt"));
        assertTrue(StatementSplitter.isComplete("-- just a comment"));
        assertFalse(StatementSplitter.isComplete("select 1"));
        assertFalse(StatementSplitter.isComplete("select 1;\nselect 2"));
        assertFalse(StatementSplitter.isComplete("select 'a;"));
        assertFalse(StatementSplitter.isComplete("select \"a;"));
        assertFalse(StatementSplitter.isComplete("/* open comment;"));
        assertFalse(StatementSplitter.isComplete("select 1 -- ;"));
    }
}
