package dev.sorrel.e2e;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Renders JDBC values canonically for comparison with script expectations. The rules
 * are documented in {@code src/test/resources/sql/README.md}.
 */
final class ValueRenderer {

  static final String SEPARATOR = " | ";

  private ValueRenderer() {}

  static String header(ResultSetMetaData md) throws SQLException {
    List<String> labels = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      labels.add(md.getColumnLabel(i));
    }
    return String.join(SEPARATOR, labels);
  }

  static List<String> rows(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    List<String> rows = new ArrayList<>();
    while (rs.next()) {
      List<String> values = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        values.add(render(rs.getObject(i)));
      }
      rows.add(String.join(SEPARATOR, values).stripTrailing());
    }
    return rows;
  }

  static String render(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof String s) {
      return s.isEmpty() ? "''" : s;
    }
    if (v instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Double d) {
      return Double.toString(d);
    }
    if (v instanceof Float f) {
      return Float.toString(f);
    }
    if (v instanceof byte[] bytes) {
      return "X'" + HexFormat.of().withUpperCase().formatHex(bytes) + "'";
    }
    if (v instanceof Timestamp ts) {
      return dateTime(ts.toLocalDateTime());
    }
    if (v instanceof Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof Time t) {
      // java.sql.Time#toLocalTime drops milliseconds; go through the instant instead.
      LocalTime lt =
          LocalDateTime.ofInstant(Instant.ofEpochMilli(t.getTime()), ZoneId.systemDefault())
              .toLocalTime();
      return time(lt);
    }
    if (v instanceof LocalDateTime ldt) {
      return dateTime(ldt);
    }
    if (v instanceof LocalDate ld) {
      return ld.toString();
    }
    if (v instanceof LocalTime lt) {
      return time(lt);
    }
    if (v instanceof OffsetDateTime odt) {
      return dateTime(odt.toLocalDateTime());
    }
    return v.toString();
  }

  private static String dateTime(LocalDateTime ldt) {
    return ldt.toLocalDate() + " " + time(ldt.toLocalTime());
  }

  private static String time(LocalTime t) {
    String base = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    if (t.getNano() == 0) {
      return base;
    }
    String frac = String.format("%09d", t.getNano()).replaceAll("0+$", "");
    return base + "." + frac;
  }
}
