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
}
