package dev.sorrel.e2e.review;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Small helpers for the review tests. */
final class ReviewSupport {
  private static final AtomicLong SEQ = new AtomicLong();

  private ReviewSupport() {
  }

  static Connection mem() throws SQLException {
    return DriverManager.getConnection("jdbc:sorrel:mem:review" + SEQ.incrementAndGet()
        + "_" + System.nanoTime());
  }

  static void exec(Connection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String one : sql) {
        s.execute(one);
      }
    }
  }

  static List<Object> column(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return drain(rs);
    }
  }

  static List<Object> column(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return drain(rs);
    }
  }

  private static List<Object> drain(ResultSet rs) throws SQLException {
    final List<Object> out = new ArrayList<>();
    while (rs.next()) {
      out.add(rs.getObject(1));
    }
    return out;
  }
}
