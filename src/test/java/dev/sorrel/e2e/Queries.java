package dev.sorrel.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small query helpers shared by the end-to-end tests. */
public final class Queries {
  private Queries() {
  }

  /** The first column of the first row of a query, as a long. */
  public static long single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new AssertionError("no row from " + sql);
      }
      return rs.getLong(1);
    }
  }

  /** The first column of every row of a query, as getObject values. */
  public static List<Object> column(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return firstColumn(rs);
    }
  }

  /** The first column of every row of a prepared query, as getObject values. */
  public static List<Object> column(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return firstColumn(rs);
    }
  }

  private static List<Object> firstColumn(ResultSet rs) throws SQLException {
    final List<Object> out = new ArrayList<>();
    while (rs.next()) {
      out.add(rs.getObject(1));
    }
    return out;
  }

  /** All rows of a query, each as a list of getObject values. */
  public static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      final List<List<Object>> rows = new ArrayList<>();
      final int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        final List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** A query's plan as EXPLAIN PLAN FOR prints it, in one string. */
  public static String explain(Connection c, String query) throws SQLException {
    final StringBuilder plan = new StringBuilder();
    for (List<Object> row : rows(c, "EXPLAIN PLAN FOR " + query)) {
      plan.append(row.get(0));
    }
    return plan.toString();
  }

  /**
   * The same rows, DOUBLE values to rounding: an aggregate over a table segment of several
   * blocks adds the halves its two threads read apart, so a sum of doubles may differ from the
   * row path's in its last bits (the same on every run); everything else must be equal.
   */
  public static void assertSameRows(List<List<Object>> expected, List<List<Object>> actual,
      String what) {
    org.junit.jupiter.api.Assertions.assertEquals(expected.size(), actual.size(), what);
    for (int r = 0; r < expected.size(); r++) {
      final List<Object> e = expected.get(r);
      final List<Object> a = actual.get(r);
      org.junit.jupiter.api.Assertions.assertEquals(e.size(), a.size(), what);
      for (int c = 0; c < e.size(); c++) {
        if (e.get(c) instanceof Double x && a.get(c) instanceof Double y) {
          org.junit.jupiter.api.Assertions.assertEquals(x, y, 1e-9 * Math.max(1, Math.abs(x)),
              what + " row " + r);
        } else {
          org.junit.jupiter.api.Assertions.assertEquals(e.get(c), a.get(c),
              what + " row " + r + " column " + c);
        }
      }
    }
  }
}
