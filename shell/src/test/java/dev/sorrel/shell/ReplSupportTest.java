package dev.sorrel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.jline.reader.EOFError;
import org.jline.reader.Parser.ParseContext;
import org.junit.jupiter.api.Test;

/** The terminal-free parts of the REPL: when Enter runs the input, and error text. */
class ReplSupportTest {

    private final SqlLineParser parser = new SqlLineParser();

    @Test
    void enterOnUnfinishedStatementAsksForMoreLines() {
        assertThrows(EOFError.class,
                () -> parser.parse("select *\nfrom t", 0, ParseContext.ACCEPT_LINE));
        assertThrows(EOFError.class,
                () -> parser.parse("select 'a;", 0, ParseContext.ACCEPT_LINE));
    }

    @Test
    void enterOnCompleteInputRunsIt() {
        assertEquals("select 1;", parser.parse("select 1;", 9, ParseContext.ACCEPT_LINE).line());
        assertEquals("\\dt", parser.parse("\\dt", 3, ParseContext.ACCEPT_LINE).line());
        assertEquals("", parser.parse("", 0, ParseContext.ACCEPT_LINE).line());
    }

    @Test
    void completionParsingNeverDemandsMoreInput() {
        assertEquals("fro", parser.parse("select * fro", 12, ParseContext.COMPLETE).word());
    }

    @Test
    void quitAndExitWorkWithoutSemicolon() {
        assertTrue(SqlLineParser.isReady("quit"));
        assertTrue(SqlLineParser.isQuitWord(" EXIT; "));
        assertFalse(SqlLineParser.isQuitWord("quitter"));
        assertFalse(parser.isEscapeChar('\\'));
    }

    @Test
    void promptsHaveTheSameWidth() {
        assertEquals(Repl.PROMPT.length(), Repl.CONTINUATION_PROMPT.length());
    }

    @Test
    void errorFormatIncludesStateAndNewCauseMessages() {
        SQLException e = new SQLException("Error while executing SQL",
                "42000", new IllegalStateException("Object 'FOO' not found"));
        assertEquals("ERROR 42000: Error while executing SQL\n"
                        + "  Caused by: java.lang.IllegalStateException: Object 'FOO' not found",
                ErrorReporter.format(e, null).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void errorFormatSkipsCausesAlreadyInTheMessage() {
        SQLException e = new SQLException("failed: Object 'FOO' not found", null,
                new RuntimeException("Object 'FOO' not found"));
        assertEquals("ERROR at script line 3: failed: Object 'FOO' not found",
                ErrorReporter.format(e, "script line 3"));
    }

    @Test
    void errorFormatNamesUnexpectedExceptions() {
        assertEquals("ERROR: java.lang.NullPointerException",
                ErrorReporter.format(new NullPointerException(), null));
    }

    @Test
    void dmlDetectionDecidesBetweenOkAndRowCounts() {
        assertTrue(StatementExecutor.isDml("  insert into t values (1)"));
        assertTrue(StatementExecutor.isDml("Delete from t"));
        assertFalse(StatementExecutor.isDml("create table t (x int)"));
    }
}
