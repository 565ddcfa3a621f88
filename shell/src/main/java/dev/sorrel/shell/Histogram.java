package dev.sorrel.shell;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code \hist TABLE.COLUMN [BINS]}: the distribution of a numeric column as a bar per bin,
 * drawn with Unicode block elements in eighths of a character, as wide as the terminal. The
 * database does the counting (one aggregate for the range, one grouped count), so only the
 * bins travel, whatever the table's size.
 */
final class Histogram {

    /** Bins when none are asked for. */
    static final int DEFAULT_BINS = 10;
    /** At most this many bins: more would not fit a terminal's height. */
    static final int MAX_BINS = 200;
    /** The width drawn when output is not a terminal. */
    static final int DEFAULT_WIDTH = 80;

    /** Block elements from one eighth to seven eighths of a character. */
    private static final char[] EIGHTHS = {
        '\u258f', '\u258e', '\u258d', '\u258c', '\u258b', '\u258a', '\u2589'};
    private static final char FULL = '\u2588';

    private Histogram() {
    }

    /** Counts the bins of {@code column} in {@code table} and draws them. */
    static List<String> draw(Connection connection, String table, String column, int bins,
                             int width) throws SQLException, CommandException {
        double min;
        double max;
        long nulls;
        try (PreparedStatement ps = connection.prepareStatement("SELECT MIN(" + column + "), MAX("
                + column + "), COUNT(*) - COUNT(" + column + ") FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            Object low = rs.getObject(1);
            if (low != null && !(low instanceof Number)) {
                throw new CommandException("\\hist needs a numeric column; " + column + " is not");
            }
            min = rs.getDouble(1);
            boolean empty = rs.wasNull();
            max = rs.getDouble(2);
            nulls = rs.getLong(3);
            if (empty) {
                return List.of("(no values" + (nulls > 0 ? ", " + nulls + " NULL" : "") + ")");
            }
        }
        long[] counts = new long[bins];
        double span = max - min;
        // The top value falls in the last bin, as numpy.histogram puts it.
        String bin = span == 0 ? "0" : "CASE WHEN " + column + " >= " + literal(max) + " THEN "
                + (bins - 1) + " ELSE CAST(FLOOR((" + column + " - " + literal(min) + ") * "
                + bins + " / " + literal(span) + ") AS INTEGER) END";
        try (PreparedStatement ps = connection.prepareStatement("SELECT b, COUNT(*) FROM (SELECT "
                + bin + " AS b FROM " + table + " WHERE " + column + " IS NOT NULL) AS h GROUP BY b");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int b = Math.max(0, Math.min(bins - 1, rs.getInt(1)));
                counts[b] += rs.getLong(2);
            }
        }
        return render(min, max, counts, nulls, width);
    }

    /** The lines of a histogram of {@code counts} over {@code [min, max]}. */
    static List<String> render(double min, double max, long[] counts, long nulls, int width) {
        int bins = counts.length;
        double step = (max - min) / bins;
        String[] labels = new String[bins];
        int labelWidth = 0;
        for (int i = 0; i < bins; i++) {
            double low = min + i * step;
            double high = i == bins - 1 ? max : min + (i + 1) * step;
            labels[i] = (i == bins - 1 ? "[" + number(low) + ", " + number(high) + "]"
                    : "[" + number(low) + ", " + number(high) + ")");
            labelWidth = Math.max(labelWidth, labels[i].length());
        }
        long most = 0;
        int countWidth = 1;
        for (long c : counts) {
            most = Math.max(most, c);
            countWidth = Math.max(countWidth, Long.toString(c).length());
        }
        int barWidth = Math.max(10, width - labelWidth - countWidth - 4);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            String bar = bar(counts[i], most, barWidth);
            lines.add(String.format(Locale.ROOT, "%-" + labelWidth + "s \u2502%s%s %d", labels[i],
                    bar, " ".repeat(barWidth - bar.length()), counts[i]).stripTrailing());
        }
        if (nulls > 0) {
            lines.add(nulls + " NULL");
        }
        return lines;
    }

    /** A bar of {@code count / most} of {@code width} characters, in eighths. */
    static String bar(long count, long most, int width) {
        if (most == 0 || count == 0) {
            return "";
        }
        long eighths = Math.max(1, Math.round((double) count * width * 8 / most));
        StringBuilder sb = new StringBuilder();
        sb.append(String.valueOf(FULL).repeat((int) (eighths / 8)));
        if (eighths % 8 != 0) {
            sb.append(EIGHTHS[(int) (eighths % 8) - 1]);
        }
        return sb.toString();
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.4g", value);
        if (text.contains("e")) {
            return text;
        }
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    /** A double as an exact SQL literal. */
    private static String literal(double value) {
        return "CAST(" + new java.math.BigDecimal(value).toPlainString() + " AS DOUBLE)";
    }
}
