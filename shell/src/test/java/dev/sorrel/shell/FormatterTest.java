package dev.sorrel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatterTest {

    private static final List<Column> ID_NAME = List.of(Column.number("ID"), Column.text("NAME"));

    private static String render(OutputFormat format, ShellSettings settings, List<Column> columns,
                                 List<List<?>> rows) throws SQLException {
        StringWriter buffer = new StringWriter();
        PrintWriter out = new PrintWriter(buffer);
        long count = format.formatter(out, settings).write(new ListRowSource(columns, rows));
        out.flush();
        assertEquals(rows.size(), count, "reported row count");
        return buffer.toString().replace(System.lineSeparator(), "\n");
    }

    private static String render(OutputFormat format, List<Column> columns, List<List<?>> rows)
            throws SQLException {
        return render(format, new ShellSettings(), columns, rows);
    }

    @Test
    void tableAlignsNumbersRightAndTextLeft() throws SQLException {
        String text = render(OutputFormat.TABLE, ID_NAME,
                List.of(List.of(1, "alice"), List.of(1234, "bo")));
        assertEquals(""
                + "  ID  | NAME\n"
                + "------+-------\n"
                + "    1 | alice\n"
                + " 1234 | bo\n", text);
    }

    @Test
    void tableShowsNullAsNull() throws SQLException {
        String text = render(OutputFormat.TABLE, ID_NAME,
                List.of(Arrays.asList(null, null), Arrays.asList(7, "x")));
        assertEquals(""
                + "  ID  | NAME\n"
                + "------+------\n"
                + " NULL | NULL\n"
                + "    7 | x\n", text);
    }

    @Test
    void tableTruncatesLongValuesWithEllipsis() throws SQLException {
        ShellSettings settings = new ShellSettings().maxColumnWidth(10);
        String text = render(OutputFormat.TABLE, settings, List.of(Column.text("V")),
                List.of(List.of("abcdefghijklmnopqrstuvwxyz"), List.of("short")));
        assertEquals(""
                + "     V\n"
                + "------------\n"
                + " abcdefghi\u2026\n"
                + " short\n", text);
    }

    @Test
    void tableTruncationAtDefaultWidthIsSixtyCharacters() throws SQLException {
        String text = render(OutputFormat.TABLE, List.of(Column.text("V")),
                List.of(List.of("x".repeat(500))));
        String row = text.split("\n")[2];
        assertEquals(" " + "x".repeat(59) + "\u2026", row);
    }

    @Test
    void tableEscapesLineBreaksToKeepRowsOnOneLine() throws SQLException {
        String text = render(OutputFormat.TABLE, List.of(Column.number("N"), Column.text("V")),
                List.of(List.of(1, "a\nb\tc")));
        assertTrue(text.endsWith(" a\\nb\\tc\n"), text);
    }

    @Test
    void tablePrintsAOneColumnMultiLineValueAsItsLinesUncut() throws SQLException {
        String plan = "EnumerableCalc(" + "x".repeat(80) + ")\n  SorrelTableScan(access=[full scan])\n";
        String text = render(OutputFormat.TABLE, List.of(Column.text("PLAN")),
                List.of(List.of(plan)));
        assertTrue(text.contains("\n EnumerableCalc(" + "x".repeat(80) + ")\n"), text);
        assertTrue(text.contains("\n   SorrelTableScan(access=[full scan])\n"), text);
    }

    @Test
    void tableWithNoRowsStillPrintsHeader() throws SQLException {
        assertEquals(" ID | NAME\n----+------\n", render(OutputFormat.TABLE, ID_NAME, List.of()));
    }

    @Test
    void tablePrintsLargeResultsInSeparatelyAlignedChunks() throws SQLException {
        ShellSettings settings = new ShellSettings().chunkRows(2);
        String text = render(OutputFormat.TABLE, settings, List.of(Column.number("N")),
                List.of(List.of(1), List.of(2), List.of(300)));
        assertEquals(""
                + " N\n"
                + "---\n"
                + " 1\n"
                + " 2\n"
                + "\n"
                + "  N\n"
                + "-----\n"
                + " 300\n", text);
    }

    @Test
    void tableRendersDecimalsBinaryAndArrays() throws SQLException {
        String text = render(OutputFormat.TABLE, List.of(Column.number("D"), Column.text("B"),
                        Column.text("A")),
                List.of(List.of(new BigDecimal("1E+3"), new byte[] {1, (byte) 0xab},
                        new Object[] {1.5, null})));
        assertTrue(text.endsWith(" 1000 | \\x01ab | [1.5, NULL]\n"), text);
    }

    @Test
    void csvQuotesPerRfc4180() throws SQLException {
        String text = render(OutputFormat.CSV, List.of(Column.text("A"), Column.text("B,C")),
                List.of(Arrays.asList("plain", "with,comma"),
                        Arrays.asList("say \"hi\"", "two\nlines"),
                        Arrays.asList(null, "")));
        assertEquals(""
                + "A,\"B,C\"\n"
                + "plain,\"with,comma\"\n"
                + "\"say \"\"hi\"\"\",\"two\nlines\"\n"
                + ",\"\"\n", text);
    }

    @Test
    void tsvEscapesTabsNewlinesBackslashesAndMarksNull() throws SQLException {
        String text = render(OutputFormat.TSV, List.of(Column.text("A"), Column.text("B")),
                List.of(Arrays.asList("x\ty", "a\\b\nc"), Arrays.asList(null, "")));
        assertEquals("A\tB\nx\\ty\ta\\\\b\\nc\n\\N\t\n", text);
    }

    @Test
    void jsonWritesOneObjectPerLineWithTypes() throws SQLException {
        List<List<?>> rows = new ArrayList<>();
        rows.add(Arrays.asList(1, "alice", true, null, new BigDecimal("2.50")));
        rows.add(Arrays.asList(2L, "q\"b\\s\n\t\u0001", false, 1.5, null));
        String text = render(OutputFormat.JSON, List.of(Column.number("id"), Column.text("name"),
                Column.text("ok"), Column.number("score"), Column.number("price")), rows);
        assertEquals(""
                + "{\"id\":1,\"name\":\"alice\",\"ok\":true,\"score\":null,\"price\":2.50}\n"
                + "{\"id\":2,\"name\":\"q\\\"b\\\\s\\n\\t\\u0001\",\"ok\":false,\"score\":1.5,"
                + "\"price\":null}\n", text);
    }

    @Test
    void jsonHandlesArraysNonFiniteNumbersAndDuplicateLabels() throws SQLException {
        String text = render(OutputFormat.JSON, List.of(Column.text("v"), Column.number("v"),
                        Column.text("b")),
                List.of(Arrays.asList(new Object[] {1, null, "x"}, Double.NaN, new byte[] {15})));
        assertEquals("{\"v\":[1,null,\"x\"],\"v_2\":\"NaN\",\"b\":\"0f\"}\n", text);
    }

    @Test
    void formatNamesParseCaseInsensitively() {
        assertEquals(OutputFormat.JSON, OutputFormat.parse("Json").orElseThrow());
        assertTrue(OutputFormat.parse("xml").isEmpty());
        assertEquals("table|box|markdown|csv|tsv|json", OutputFormat.choices());
    }
}
