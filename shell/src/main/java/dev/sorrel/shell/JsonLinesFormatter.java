package dev.sorrel.shell;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * JSON Lines output: one object per row, keyed by column label, one row per line.
 *
 * <p>Integers and finite decimals are JSON numbers, booleans are JSON booleans, SQL NULL is
 * {@code null}, SQL arrays are JSON arrays (handy for embedding vectors), binary is a hex
 * string, and everything else is a JSON string. NaN and infinities have no JSON number
 * form and become the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 * Duplicate labels (as in {@code SELECT 1, 1}) get a {@code _2}, {@code _3}... suffix so
 * that no value is lost by parsers that keep the last key.
 */
final class JsonLinesFormatter implements ResultFormatter {

    private static final HexFormat HEX = HexFormat.of();

    private final PrintWriter out;

    /** Creates a formatter writing to {@code out}. */
    JsonLinesFormatter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public long write(RowSource rows) throws SQLException {
        List<Column> columns = rows.columns();
        String[] keys = uniqueKeys(columns);
        StringBuilder line = new StringBuilder();
        long count = 0;
        while (rows.next()) {
            line.setLength(0);
            line.append('{');
            for (int i = 0; i < keys.length; i++) {
                if (i > 0) {
                    line.append(',');
                }
                appendString(line, keys[i]);
                line.append(':');
                appendValue(line, rows.value(i));
            }
            out.println(line.append('}'));
            count++;
        }
        out.flush();
        return count;
    }

    private static String[] uniqueKeys(List<Column> columns) {
        String[] keys = new String[columns.size()];
        Set<String> used = new HashSet<>();
        for (int i = 0; i < keys.length; i++) {
            String label = columns.get(i).label();
            String key = label;
            for (int n = 2; !used.add(key); n++) {
                key = label + "_" + n;
            }
            keys[i] = key;
        }
        return keys;
    }

    /** Appends {@code value} as JSON. */
    static void appendValue(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                sb.append(value); // Java's shortest repr, e.g. 1.0E10, is valid JSON
            } else {
                appendString(sb, value.toString());
            }
        } else if (value instanceof BigDecimal d) {
            sb.append(d.toPlainString());
        } else if (value instanceof Byte || value instanceof Short || value instanceof Integer
                || value instanceof Long || value instanceof BigInteger) {
            sb.append(value);
        } else if (value instanceof byte[] bytes) {
            appendString(sb, HEX.formatHex(bytes));
        } else if (value.getClass().isArray()) {
            sb.append('[');
            int length = java.lang.reflect.Array.getLength(value);
            for (int i = 0; i < length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendValue(sb, java.lang.reflect.Array.get(value, i));
            }
            sb.append(']');
        } else {
            appendString(sb, ValueRenderer.text(value));
        }
    }

    /** Appends {@code s} as a JSON string literal with RFC 8259 escaping. */
    static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    // U+2028/2029 are legal JSON but break JavaScript consumers of the lines.
                    if (ch < 0x20 || ch == '\u2028' || ch == '\u2029') {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
    }
}
