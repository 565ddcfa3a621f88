package dev.sorrel.shell;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The human-readable format: psql-style aligned columns with a header and separator line.
 *
 * <pre>
 *  ID | NAME  | NOTE
 * ----+-------+------
 *   1 | alice | NULL
 * </pre>
 *
 * <p>Column widths come from the data, so rows must be buffered before printing; to keep
 * memory bounded on huge results the rows are printed in chunks of at most
 * {@code chunkRows}, each aligned on its own and headed again (like sqlline's incremental
 * mode). Numbers are right-aligned, text left-aligned; SQL NULL prints as {@code NULL};
 * values wider than {@code maxWidth} characters are cut and end with the ellipsis; line
 * breaks and other control characters inside values are shown escaped so that every row
 * stays on one line.
 */
final class TableFormatter implements ResultFormatter {

    static final String NULL_TEXT = "NULL";

    /** How the table is drawn. */
    enum Style {
        /** psql's: {@code |} between columns, {@code -+-} under the header. */
        PLAIN,
        /** Unicode box-drawing lines around and between everything, as duckdb's box mode. */
        BOX,
        /** A GitHub-flavoured Markdown table, numbers right-aligned. */
        MARKDOWN
    }

    /** When rows are shown one field per line instead of as a table, as psql's {@code \x}. */
    enum Expanded {
        /** Never. */
        OFF,
        /** Always. */
        ON,
        /** When the table would be wider than the terminal. */
        AUTO
    }

    private final PrintWriter out;
    private final int maxWidth;
    private final int chunkRows;
    private final String ellipsis;
    private final Style style;
    private final Expanded expanded;
    private final int screenWidth;
    private long recordsPrinted;

    TableFormatter(PrintWriter out, int maxWidth, int chunkRows, String ellipsis) {
        this(out, maxWidth, chunkRows, ellipsis, Style.PLAIN, Expanded.OFF, 0);
    }

    /**
     * @param screenWidth the terminal's width in columns, for {@link Expanded#AUTO}; 0 when
     *                    unknown (output is not a terminal), which never expands
     */
    TableFormatter(PrintWriter out, int maxWidth, int chunkRows, String ellipsis, Style style,
                   Expanded expanded, int screenWidth) {
        if (ellipsis.codePointCount(0, ellipsis.length()) >= maxWidth) {
            throw new IllegalArgumentException("ellipsis must be shorter than the column width");
        }
        this.out = out;
        this.maxWidth = maxWidth;
        this.chunkRows = chunkRows;
        this.ellipsis = ellipsis;
        this.style = style;
        this.expanded = expanded;
        this.screenWidth = screenWidth;
    }

    @Override
    public long write(RowSource rows) throws SQLException {
        List<Column> columns = rows.columns();
        String[] headers = columns.stream().map(c -> cell(c.label())).toArray(String[]::new);
        List<String[]> chunk = new ArrayList<>(Math.min(chunkRows, 1024));
        long total = 0;
        boolean firstChunk = true;
        while (rows.next()) {
            if (columns.size() == 1 && rows.value(0) instanceof String text
                    && text.indexOf('\n') >= 0) {
                // A one-column multi-line value (a query plan, a view definition)
                // reads best as its lines, uncut, as psql shows EXPLAIN output.
                for (String textLine : text.split("\n", -1)) {
                    if (!textLine.isBlank()) {
                        chunk.add(new String[] {escapeControls(textLine)});
                    }
                }
                total++;
                continue;
            }
            String[] row = new String[columns.size()];
            for (int i = 0; i < row.length; i++) {
                Object value = rows.value(i);
                // Cut values while buffering so a chunk's memory is bounded by maxWidth too.
                row[i] = value == null ? null : cell(ValueRenderer.text(value));
            }
            chunk.add(row);
            total++;
            if (chunk.size() >= chunkRows) {
                printChunk(columns, headers, chunk, firstChunk);
                firstChunk = false;
                chunk.clear();
            }
        }
        if (!chunk.isEmpty() || firstChunk) {
            printChunk(columns, headers, chunk, firstChunk); // headers even for no rows
        }
        return total;
    }

    private void printChunk(List<Column> columns, String[] headers, List<String[]> rows,
                            boolean firstChunk) {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = length(headers[i]);
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], length(row[i] == null ? NULL_TEXT : row[i]));
            }
        }
        int tableWidth = 1 + 3 * widths.length;
        for (int w : widths) {
            tableWidth += w;
        }
        if (!rows.isEmpty() && (expanded == Expanded.ON
                || expanded == Expanded.AUTO && screenWidth > 0 && tableWidth > screenWidth)) {
            printExpanded(headers, rows);
            return;
        }
        if (!firstChunk) {
            out.println();
        }
        if (style == Style.BOX) {
            printBox(columns, headers, rows, widths);
            return;
        }
        if (style == Style.MARKDOWN) {
            printMarkdown(columns, headers, rows, widths);
            return;
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < headers.length; i++) {
            int padding = widths[i] - length(headers[i]);
            int left = padding / 2; // headers are centred, as in psql
            appendCell(line, i, " ".repeat(left) + headers[i] + " ".repeat(padding - left));
        }
        printStripped(line);
        for (int i = 0; i < widths.length; i++) {
            line.append(i == 0 ? "" : "+").append("-".repeat(widths[i] + 2));
        }
        printStripped(line);
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                String value = row[i] == null ? NULL_TEXT : row[i];
                String pad = " ".repeat(widths[i] - length(value));
                appendCell(line, i, columns.get(i).numeric() ? pad + value : value + pad);
            }
            printStripped(line);
        }
        out.flush(); // let a long result appear progressively
    }

    /** One record per block: a title line, then one {@code name | value} line per column. */
    private void printExpanded(String[] headers, List<String[]> rows) {
        int nameWidth = 0;
        int valueWidth = 0;
        for (String header : headers) {
            nameWidth = Math.max(nameWidth, length(header));
        }
        for (String[] row : rows) {
            for (String value : row) {
                valueWidth = Math.max(valueWidth, length(value == null ? NULL_TEXT : value));
            }
        }
        for (String[] row : rows) {
            String title = "-[ RECORD " + ++recordsPrinted + " ]";
            int ruleWidth = nameWidth + 3 + valueWidth;
            out.println(title + "-".repeat(Math.max(1, ruleWidth - title.length())));
            for (int i = 0; i < row.length; i++) {
                String value = row[i] == null ? NULL_TEXT : row[i];
                out.println((headers[i] + " ".repeat(nameWidth - length(headers[i])) + " | "
                        + value).stripTrailing());
            }
        }
        out.flush();
    }

    private void printBox(List<Column> columns, String[] headers, List<String[]> rows,
                          int[] widths) {
        out.println(rule(widths, '\u250c', '\u252c', '\u2510'));
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < headers.length; i++) {
            int padding = widths[i] - length(headers[i]);
            int left = padding / 2;
            line.append('\u2502').append(' ').append(" ".repeat(left)).append(headers[i])
                    .append(" ".repeat(padding - left)).append(' ');
        }
        out.println(line.append('\u2502'));
        line.setLength(0);
        out.println(rule(widths, '\u251c', '\u253c', '\u2524'));
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                String value = row[i] == null ? NULL_TEXT : row[i];
                String pad = " ".repeat(widths[i] - length(value));
                line.append('\u2502').append(' ')
                        .append(columns.get(i).numeric() ? pad + value : value + pad).append(' ');
            }
            out.println(line.append('\u2502'));
            line.setLength(0);
        }
        out.println(rule(widths, '\u2514', '\u2534', '\u2518'));
        out.flush();
    }

    private static String rule(int[] widths, char left, char middle, char right) {
        StringBuilder line = new StringBuilder().append(left);
        for (int i = 0; i < widths.length; i++) {
            line.append(i == 0 ? "" : String.valueOf(middle)).append("\u2500".repeat(widths[i] + 2));
        }
        return line.append(right).toString();
    }

    private void printMarkdown(List<Column> columns, String[] headers, List<String[]> rows,
                               int[] dataWidths) {
        int[] widths = new int[dataWidths.length];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(3, dataWidths[i]); // a delimiter row needs three dashes
        }
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < headers.length; i++) {
            line.append(' ').append(markdown(headers[i]))
                    .append(" ".repeat(widths[i] - length(headers[i]))).append(" |");
        }
        out.println(line);
        line.setLength(0);
        line.append('|');
        for (int i = 0; i < headers.length; i++) {
            // A colon on the right of numbers aligns them right.
            line.append(' ').append(columns.get(i).numeric()
                    ? "-".repeat(widths[i] - 1) + ":" : "-".repeat(widths[i])).append(" |");
        }
        out.println(line);
        line.setLength(0);
        for (String[] row : rows) {
            line.append('|');
            for (int i = 0; i < row.length; i++) {
                String value = markdown(row[i] == null ? NULL_TEXT : row[i]);
                String pad = " ".repeat(Math.max(0, widths[i] - length(value)));
                line.append(' ').append(columns.get(i).numeric() ? pad + value : value + pad)
                        .append(" |");
            }
            out.println(line);
            line.setLength(0);
        }
        out.flush();
    }

    /** A pipe inside a Markdown cell ends the cell; escaped, it is a pipe. */
    private static String markdown(String value) {
        return value.replace("|", "\\|");
    }

    private static void appendCell(StringBuilder line, int index, String padded) {
        line.append(index == 0 ? " " : " | ").append(padded);
    }

    /** Prints without trailing blanks (they only make copy-paste and diffs noisy). */
    private void printStripped(StringBuilder line) {
        out.println(line.toString().stripTrailing());
        line.setLength(0);
    }

    /** Escapes control characters and cuts the value to the maximum width. */
    String cell(String value) {
        String escaped = escapeControls(value);
        int length = length(escaped);
        if (length <= maxWidth) {
            return escaped;
        }
        int keep = maxWidth - length(ellipsis);
        return escaped.substring(0, escaped.offsetByCodePoints(0, keep)) + ellipsis;
    }

    private static String escapeControls(String value) {
        if (value.chars().noneMatch(Character::isISOControl)) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(ch)) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Display length in code points, so that non-BMP characters count once. */
    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
