package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.count;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.memory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code setQueryTimeout(n)} stops a statement that runs longer than n seconds with 57014,
 * whatever it does: a query, a prepared write (which rolls back), a query whose rows are being
 * read. A statement that ends in time is not affected, then or in a later execution.
 */
class QueryTimeoutTest {
  private static Connection c;

  @BeforeAll static void load() throws SQLException {
    c = memory();
    exec(c, "CREATE TABLE t (id BIGINT PRIMARY KEY, k INT)",
        "CREATE TABLE copy_of_t (id BIGINT PRIMARY KEY, k INT)",
        "INSERT INTO t SELECT x, CAST(MOD(x, 100) AS INTEGER) FROM (SELECT ROW_NUMBER() OVER () AS x FROM"
            + " (VALUES 1,2,3,4,5,6,7,8,9,10) a(v), (VALUES 1,2,3,4,5,6,7,8,9,10) b(v),"
            + " (VALUES 1,2,3,4,5,6,7,8,9,10) c(v), (VALUES 1,2,3,4,5,6,7,8,9,10) d(v),"
            + " (VALUES 1,2,3,4,5) e(v))");
  }

  @AfterAll static void close() throws SQLException {
    c.close();
  }

  /** 50,000 rows joined on 100 values: 25 million rows to count, far more than a second's work. */
  private static final String LONG_QUERY = "SELECT COUNT(*) FROM t x JOIN t y ON x.k = y.k"
      + " JOIN t z ON y.k = z.k";

  @Test void aLongQueryTimesOut() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      final long start = System.nanoTime();
      final SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery(LONG_QUERY)) {
          rs.next();
        }
      });
      final double seconds = (System.nanoTime() - start) / 1e9;
      assertEquals("57014", e.getSQLState(), e.getMessage());
      assertTrue(seconds >= 0.9 && seconds < 30, "timed out after " + seconds + " s");
      System.out.printf("query timeout of 1 s stopped the query after %.2f s%n", seconds);
      // The next execution of the statement has its own time.
      s.setQueryTimeout(0);
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(50_000, rs.getLong(1));
      }
    }
  }

  @Test void aTimedOutWriteRollsBack() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO copy_of_t SELECT x.id * 100000"
        + " + y.id, x.k FROM t x JOIN t y ON x.k = y.k WHERE y.id < ?")) {
      ps.setQueryTimeout(1);
      ps.setLong(1, 1_000_000);
      final SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
      assertEquals("57014", e.getSQLState(), e.getMessage());
    }
    assertEquals(0, count(c, "copy_of_t"));
  }

  /** A timeout that would fire after the statement ended does not touch its next execution. */
  @Test void aStatementThatEndsInTimeIsNotStoppedLater() throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM t WHERE k = ?")) {
      ps.setQueryTimeout(1);
      for (int round = 0; round < 3; round++) {
        ps.setInt(1, round);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(500, rs.getLong(1));
        }
        Thread.sleep(700); // past the first execution's second by the second round
      }
    }
  }

  @Test void rowsReadSlowlyTimeOut() throws Exception {
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      try (ResultSet rs = s.executeQuery("SELECT id FROM t")) {
        assertTrue(rs.next());
        Thread.sleep(1_500);
        final SQLException e = assertThrows(SQLException.class, () -> {
          while (rs.next()) {
            rs.getLong(1);
          }
        });
        assertEquals("57014", e.getSQLState(), e.getMessage());
      }
    }
  }
}
