package dev.sorrel.shell;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * CSV and TSV output: a header row of column labels, then one line per row.
 *
 * <p>CSV follows RFC 4180 quoting: a field is quoted when it holds a comma, a double quote
 * or a line break, and quotes inside are doubled. NULL is an empty unquoted field while an
 * empty string is {@code ""}, so the two stay distinguishable (psql does the same). Lines
 * end with {@code \n} rather than RFC 4180's CRLF, as Unix tools expect.
 *
 * <p>TSV cannot quote, so tab, line breaks and backslash are escaped as {@code \t},
 * {@code \n}, {@code \r}, {@code \\}, and NULL is {@code \N} (PostgreSQL COPY text
 * conventions).
 */
final class DelimitedFormatter implements ResultFormatter {

    private final PrintWriter out;
    private final char delimiter;
    private final String nullText;
    private final UnaryOperator<String> escaper;

    private DelimitedFormatter(PrintWriter out, char delimiter, String nullText,
                               UnaryOperator<String> escaper) {
        this.out = out;
        this.delimiter = delimiter;
        this.nullText = nullText;
        this.escaper = escaper;
    }

    /** Creates an RFC 4180 CSV formatter. */
    static DelimitedFormatter csv(PrintWriter out) {
        return new DelimitedFormatter(out, ',', "", DelimitedFormatter::csvField);
    }

    /** Creates a tab-separated formatter. */
    static DelimitedFormatter tsv(PrintWriter out) {
        return new DelimitedFormatter(out, '\t', "\\N", DelimitedFormatter::tsvField);
    }

    @Override
    public long write(RowSource rows) throws SQLException {
        List<Column> columns = rows.columns();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            appendField(line, i, escaper.apply(columns.get(i).label()));
        }
        out.println(line);
        long count = 0;
        while (rows.next()) {
            line.setLength(0);
            for (int i = 0; i < columns.size(); i++) {
                Object value = rows.value(i);
                appendField(line, i,
                        value == null ? nullText : escaper.apply(ValueRenderer.text(value)));
            }
            out.println(line);
            count++;
        }
        out.flush();
        return count;
    }

    private void appendField(StringBuilder line, int index, String field) {
        if (index > 0) {
            line.append(delimiter);
        }
        line.append(field);
    }

    /** Quotes a CSV field when RFC 4180 requires it; empty strings are always quoted. */
    static String csvField(String value) {
        boolean quote = value.isEmpty();
        for (int i = 0; i < value.length() && !quote; i++) {
            char ch = value.charAt(i);
            quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
        }
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** Escapes the characters that would break TSV's one-line-per-row structure. */
    static String tsvField(String value) {
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            String escape = switch (ch) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escape != null && sb == null) {
                sb = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (sb != null) {
                if (escape != null) {
                    sb.append(escape);
                } else {
                    sb.append(ch);
                }
            }
        }
        return sb == null ? value : sb.toString();
    }
}
