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

    private final PrintWriter out;
    private final int maxWidth;
    private final int chunkRows;
    private final String ellipsis;

    TableFormatter(PrintWriter out, int maxWidth, int chunkRows, String ellipsis) {
        if (ellipsis.codePointCount(0, ellipsis.length()) >= maxWidth) {
            throw new IllegalArgumentException("ellipsis must be shorter than the column width");
        }
        this.out = out;
        this.maxWidth = maxWidth;
        this.chunkRows = chunkRows;
        this.ellipsis = ellipsis;
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
        if (!firstChunk) {
            out.println();
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
