package dev.sorrel.e2e.slt;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import net.hydromatic.sqllogictest.SqlTestQueryOutputDescription;
import net.hydromatic.sqllogictest.SqlTestQueryOutputDescription.SortOrder;

/**
 * A query's result rendered as SQLite's sqllogictest renders it, and checked against the
 * expectation of a {@code .test} file.
 *
 * <p>The rendering follows the reference runner ({@code sqllogictest.c} over SQLite) rather
 * than the JDBC runner of {@code net.hydromatic:sql-logic-test}, which differs in three places
 * that change results: an empty string is {@code (empty)}; an {@code R} value is printed as C's
 * {@code printf("%.3f")} does, from the exact binary value rounding half to even (Java's
 * {@code String.format} rounds the shortest decimal half up, so 2.0005 would become 2.001); and
 * an {@code I} value that is not an integer is truncated toward zero, as
 * {@code sqlite3_column_int64} does.
 */
final class SltResult {
  private final String columnTypes;
  private final List<String[]> rows = new ArrayList<>();

  private SltResult(String columnTypes) {
    this.columnTypes = columnTypes;
  }

  /** Reads every row of a result set, rendering column {@code i} per {@code columnTypes[i]}. */
  static SltResult read(ResultSet rs, String columnTypes) throws SQLException {
    final SltResult result = new SltResult(columnTypes);
    final int width = rs.getMetaData().getColumnCount();
    if (width != columnTypes.length()) {
      throw new MismatchException("query returns " + width + " columns, the test expects "
          + columnTypes.length());
    }
    while (rs.next()) {
      final String[] row = new String[width];
      for (int i = 0; i < width; i++) {
        row[i] = render(rs.getObject(i + 1), columnTypes.charAt(i));
      }
      result.rows.add(row);
    }
    return result;
  }

  /**
   * Checks the rows against the expectation: the number of values, then the values themselves
   * or their MD5 hash, after the sort the test asks for.
   *
   * @throws MismatchException if they differ
   */
  void check(SqlTestQueryOutputDescription expected) {
    final List<String> values = sortedValues(expected.getOrder());
    if (values.size() != expected.getValueCount()) {
      throw new MismatchException("wrong number of values: expected "
          + expected.getValueCount() + ", got " + values.size());
    }
    final List<String> listed = expected.getQueryResults();
    if (listed != null && !listed.equals(values)) {
      throw new MismatchException("wrong values: expected " + abbreviate(listed) + ", got "
          + abbreviate(values));
    }
    if (expected.hash != null && !expected.hash.equals(md5(values))) {
      throw new MismatchException("wrong values: hash differs");
    }
  }

  private List<String> sortedValues(SortOrder order) {
    final List<String> values = new ArrayList<>(rows.size() * columnTypes.length());
    switch (order) {
      case NONE -> rows.forEach(row -> values.addAll(Arrays.asList(row)));
      case ROW -> {
        final List<String[]> sorted = new ArrayList<>(rows);
        sorted.sort(Arrays::compare);
        sorted.forEach(row -> values.addAll(Arrays.asList(row)));
      }
      case VALUE -> {
        rows.forEach(row -> values.addAll(Arrays.asList(row)));
        values.sort(null);
      }
    }
    return values;
  }

  /** SQLite's hash: MD5 over every value followed by a newline, as lower-case hex. */
  static String md5(List<String> values) {
    final MessageDigest md;
    try {
      md = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has MD5", e);
    }
    for (String value : values) {
      md.update(value.getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Renders one value as the reference runner does for column type {@code T}, {@code I} or {@code R}. */
  static String render(Object value, char type) {
    if (value == null) {
      return "NULL";
    }
    return switch (type) {
      case 'T' -> text(value);
      case 'I' -> Long.toString(integer(value));
      case 'R' -> real(real(value));
      default -> throw new IllegalArgumentException("column type " + type);
    };
  }

  private static String text(Object value) {
    final String s = value instanceof Boolean b ? (b ? "1" : "0") : value.toString();
    if (s.isEmpty()) {
      return "(empty)";
    }
    final StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      out.append(c < ' ' || c > '~' ? '@' : c);
    }
    return out.toString();
  }

  private static long integer(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigDecimal d) {
      return d.longValue();
    }
    if (value instanceof Number n) {
      return (long) n.doubleValue();
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return (long) numericPrefix(value.toString());
  }

  private static double real(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return numericPrefix(value.toString());
  }

  /** C's {@code printf("%.3f", d)}: exact binary value, ties to even, a minus kept on zero. */
  static String real(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    final String s = new BigDecimal(d).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    final boolean negative = d < 0 || (d == 0 && 1 / d < 0);
    return negative && !s.startsWith("-") ? "-" + s : s;
  }

  /** The number at the start of a string, as SQLite converts text to a number (0 if none). */
  private static double numericPrefix(String s) {
    final String t = s.strip();
    int end = 0;
    double best = 0;
    for (int i = 1; i <= t.length(); i++) {
      try {
        best = Double.parseDouble(t.substring(0, i));
        end = i;
      } catch (NumberFormatException ignored) {
        // a longer prefix may still parse ("1e" fails, "1e5" does not)
      }
    }
    return end == 0 ? 0 : best;
  }

  private static String abbreviate(List<String> values) {
    final String s = values.toString();
    return s.length() > 200 ? s.substring(0, 200) + "...]" : s;
  }

  /** A result that differs from the test's expectation. */
  static final class MismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MismatchException(String message) {
      super(message);
    }
  }
}
