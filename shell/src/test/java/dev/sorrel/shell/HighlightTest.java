package dev.sorrel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Highlighting while typing, only where there are colors, and the caret under an error. */
class HighlightTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path dir;

    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sorrel:mem:highlight"
                + DATABASES.incrementAndGet());
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void keywordsStringsNumbersCommentsAndQuotedNames() {
        String sql = "select 'it''s', 4.5e3, \"Name\" from t -- done";
        AttributedString text = new SqlHighlighter().highlight(sql);
        assertEquals(sql, text.toString());
        assertEquals(SqlHighlighter.KEYWORD, text.styleAt(0));
        assertEquals(SqlHighlighter.STRING, text.styleAt(sql.indexOf("'it")));
        assertEquals(SqlHighlighter.STRING, text.styleAt(sql.indexOf("s'")));
        assertEquals(SqlHighlighter.NUMBER, text.styleAt(sql.indexOf("4.5e3") + 4));
        assertEquals(SqlHighlighter.QUOTED_NAME, text.styleAt(sql.indexOf("Name")));
        assertEquals(SqlHighlighter.KEYWORD, text.styleAt(sql.indexOf("from")));
        assertFalse(SqlHighlighter.KEYWORD.equals(text.styleAt(sql.indexOf(" t ") + 1)));
        assertEquals(SqlHighlighter.COMMENT, text.styleAt(sql.indexOf("done")));
        // Sorrel's own keywords, and a string still being typed.
        AttributedString asof = new SqlHighlighter().highlight(
                "SELECT * FROM a ASOF JOIN b MATCH_CONDITION (x) WHERE PREDICT('tip");
        assertEquals(SqlHighlighter.KEYWORD, asof.styleAt(16));
        assertEquals(SqlHighlighter.KEYWORD, asof.styleAt(28));
        assertEquals(SqlHighlighter.STRING, asof.styleAt(asof.length() - 1));
        assertEquals(SqlHighlighter.META, new SqlHighlighter().highlight("\\d orders").styleAt(1));
    }

    /** What the REPL writes to a terminal of {@code type} while {@code input} is typed. */
    private String screen(String type, ShellSettings settings, String input, StringWriter err)
            throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = new ExternalTerminal("test", type,
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), screen,
                StandardCharsets.UTF_8)) {
            terminal.setSize(new Size(100, 30));
            new Repl(connection, settings, "jdbc:sorrel:mem:x", false)
                    .historyFile(dir.resolve("history")).loop(terminal, new PrintWriter(err));
        }
        return screen.toString(StandardCharsets.UTF_8).replace("\r", "");
    }

    @Test
    void colorsOnlyOnATerminalWithColorsAndNotWithNoColor() throws Exception {
        String input = "select 'x' as v;\n\\q\n";
        String colored = screen("xterm-256color", new ShellSettings().timing(false), input,
                new StringWriter());
        // Bold blue for the keyword, green for the string.
        assertTrue(colored.matches("(?s).*\u001b\\[[0-9;]*34[0-9;]*m.*"), colored);
        assertTrue(colored.matches("(?s).*\u001b\\[[0-9;]*32[0-9;]*m.*"), colored);
        String noColor = screen("xterm-256color", new ShellSettings().timing(false).color(false),
                input, new StringWriter());
        assertFalse(noColor.matches("(?s).*\u001b\\[[0-9;]*3[24][0-9;]*m.*"), noColor);
        assertTrue(noColor.contains(" V\n---\n x\n"), noColor);
        String dumb = screen("dumb", new ShellSettings().timing(false), input, new StringWriter());
        assertFalse(dumb.contains("\u001b["), dumb);
    }

    @Test
    void anErrorShowsItsLineWithACaretUnderThePosition() throws Exception {
        StringWriter err = new StringWriter();
        screen("dumb", new ShellSettings().timing(false),
                "create table orders (id int primary key);\nselect id,\n  nope from orders;\n\\q\n",
                err);
        String text = err.toString().replace(System.lineSeparator(), "\n");
        assertTrue(text.contains("Column 'NOPE' not found"), text);
        assertTrue(text.endsWith("\nLINE 2:   nope from orders\n          ^\n"), text);
    }

    @Test
    void caretsFollowTabsAndIgnoreErrorsWithoutAPosition() {
        SQLException e = new SQLException("syntax error at line 1, column 4: x", "42000");
        assertEquals("LINE 1: \tx yz\n        \t  ^", ErrorReporter.caret(e, "\tx yz")
                .replace(System.lineSeparator(), "\n"));
        assertEquals(null, ErrorReporter.caret(new SQLException("no position"), "select 1"));
        assertEquals(null, ErrorReporter.caret(
                new SQLException("at line 3, column 1: beyond"), "select 1"));
    }
}
