package dev.sorrel.shell;

import java.math.BigDecimal;
import java.util.HexFormat;

/**
 * Turns column values into text for the human and delimited formats.
 *
 * <p>The choices follow common SQL shells: decimals without exponents (so {@code 1E+3}
 * shows as {@code 1000}), binary as psql-style {@code \x0a0b} hex, arrays as
 * {@code [1, 2, NULL]}, everything else via {@code toString()}.
 */
final class ValueRenderer {

    private static final HexFormat HEX = HexFormat.of();

    private ValueRenderer() {
    }

    /** Renders a non-null value; {@code null} is the caller's business (formats differ). */
    static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + HEX.formatHex(bytes);
        }
        if (value != null && value.getClass().isArray()) {
            return arrayText(value);
        }
        return String.valueOf(value);
    }

    private static String arrayText(Object array) {
        int length = java.lang.reflect.Array.getLength(array);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Object element = java.lang.reflect.Array.get(array, i);
            sb.append(element == null ? "NULL" : text(element));
        }
        return sb.append(']').toString();
    }
}
