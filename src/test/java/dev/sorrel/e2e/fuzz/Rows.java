package dev.sorrel.e2e.fuzz;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads results as comparable text, and compares them as multisets. */
final class Rows {
  private Rows() {
  }

  /** Runs a query and reads every row, every column decoded; rows as text. */
  static List<String> query(FuzzRunner runner, Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      runner.watch(s);
      try (ResultSet rs = s.executeQuery(sql)) {
        return read(rs);
      }
    }
  }

  /** Runs any statement; the rows it returned as text, or its update count as one row. */
  static List<String> execute(FuzzRunner runner, Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      runner.watch(s);
      if (s.execute(sql)) {
        try (ResultSet rs = s.getResultSet()) {
          return read(rs);
        }
      }
      return List.of("count " + s.getLargeUpdateCount());
    }
  }

  static List<String> read(ResultSet rs) throws SQLException {
    final int n = rs.getMetaData().getColumnCount();
    final List<String> rows = new ArrayList<>();
    while (rs.next()) {
      final StringBuilder row = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        row.append(i == 1 ? "" : " | ").append(text(rs.getObject(i)));
      }
      rows.add(row.toString());
    }
    return rows;
  }

  /** A value as text; numbers that SQL holds equal (0.0 and -0.0) read the same. */
  static String text(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof byte[] bytes) {
      return "X'" + HexFormat.of().formatHex(bytes) + "'";
    }
    if (value instanceof Double d && d == 0.0) {
      return "0.0";
    }
    if (value instanceof Float f && f == 0.0f) {
      return "0.0";
    }
    if (value instanceof BigDecimal b) {
      return b.toPlainString();
    }
    return value.toString();
  }

  /** Each distinct row with how often it occurs. */
  static Map<String, Integer> multiset(List<String> rows) {
    final Map<String, Integer> counts = new TreeMap<>();
    for (String r : rows) {
      counts.merge(r, 1, Integer::sum);
    }
    return counts;
  }

  /** Null if both are the same multiset, else a short description of the difference. */
  static String diff(List<String> expected, List<String> actual) {
    final Map<String, Integer> a = multiset(expected);
    final Map<String, Integer> b = multiset(actual);
    if (a.equals(b)) {
      return null;
    }
    final StringBuilder text = new StringBuilder().append(expected.size()).append(" rows vs ")
        .append(actual.size()).append(" rows");
    int shown = 0;
    for (var e : a.entrySet()) {
      final int other = b.getOrDefault(e.getKey(), 0);
      if (other != e.getValue() && shown++ < 4) {
        text.append("; [").append(e.getKey()).append("] ").append(e.getValue()).append(" vs ")
            .append(other);
      }
    }
    for (var e : b.entrySet()) {
      if (!a.containsKey(e.getKey()) && shown++ < 8) {
        text.append("; [").append(e.getKey()).append("] 0 vs ").append(e.getValue());
      }
    }
    return text.toString();
  }
}
