package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.arrow.driver.jdbc.shaded.org.apache.arrow.flight.FlightRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sorrel.server.ServerOptions;

/**
 * A failure in the middle of a remote result (a division by zero or a failed
 * cast at row 500,000, a canceled statement, a server limit reached) reaches
 * the user of {@code jdbc:sorrel://} from {@code ResultSet.next()} as the
 * SQLException an embedded connection raises for it: same class, SQLState and
 * message, after the rows before it were read.
 */
class MidStreamErrorsTest {
  /** A million rows, n = 0..999,999 in order. */
  private static final String MILLION = "FROM digits a CROSS JOIN digits b";
  private static final String N = "(a.d * 1000 + b.d)";

  private ServerFixture fixture;

  @BeforeEach void start() throws SQLException {
    fixture = new ServerFixture(ServerOptions.DEFAULT.withBatchRows(4096));
    ServerLifecycleTest.digits(fixture);
  }

  @AfterEach void stop() {
    fixture.close();
  }

  @Test void aDivisionByZeroAtRow500000IsTheEmbeddedError() throws SQLException {
    sameAsEmbedded("SELECT " + N + ", 10 / (" + N + " - 500000) " + MILLION);
  }

  @Test void aFailedCastMidStreamIsTheEmbeddedError() throws SQLException {
    sameAsEmbedded("SELECT CAST(CASE WHEN " + N + " = 500000 THEN 'x' ELSE '1' END AS INTEGER) "
        + MILLION);
  }

  @Test void aPreparedQueryFailingMidStreamIsTheEmbeddedError() throws SQLException {
    final String sql = "SELECT 10 / (" + N + " - ?) " + MILLION;
    final SQLException expected;
    final SQLException actual;
    try (Connection embedded = fixture.embedded(); Connection remote = fixture.sorrel();
        PreparedStatement e = embedded.prepareStatement(sql);
        PreparedStatement r = remote.prepareStatement(sql)) {
      e.setInt(1, 300_000);
      r.setInt(1, 300_000);
      expected = readAll(e::executeQuery, new AtomicLong());
      final AtomicLong read = new AtomicLong();
      actual = readAll(r::executeQuery, read);
      assertTrue(read.get() <= 300_000, "read " + read);
      // The statement stays usable after the failure.
      r.setInt(1, -1);
      try (ResultSet rs = r.executeQuery()) {
        assertTrue(rs.next());
      }
    }
    assertSame(expected, actual);
  }

  @Test void aRowLimitReachedMidStreamIs53400() throws SQLException {
    fixture.close();
    fixture = new ServerFixture(ServerOptions.DEFAULT.withMaxResultRows(2500)
        .withBatchRows(1000));
    ServerLifecycleTest.digits(fixture);
    try (Connection remote = fixture.sorrel(); Statement s = remote.createStatement()) {
      final AtomicLong read = new AtomicLong();
      final SQLException e = readAll(() -> s.executeQuery("SELECT a.d " + MILLION), read);
      assertEquals("53400", e.getSQLState());
      assertTrue(e.getMessage().contains("more rows than this server allows (2500"),
          e.getMessage());
      assertTrue(read.get() <= 2500, "read " + read);
      // The connection stays usable.
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM digits")) {
        assertTrue(rs.next());
        assertEquals(1000, rs.getLong(1));
      }
    }
  }

  @Test void aStatementCanceledWhileItsRowsAreReadIs57014() throws Exception {
    try (Connection embedded = fixture.embedded(); Connection remote = fixture.sorrel()) {
      final SQLException expected = cancelWhileReading(embedded);
      final SQLException actual = cancelWhileReading(remote);
      assertEquals("57014", actual.getSQLState(), actual.toString());
      assertSame(expected, actual);
    }
  }

  /** Cancels a million-row query after 10,000 rows; the error, once the connection still works. */
  private static SQLException cancelWhileReading(Connection c) throws SQLException {
    final long[] read = {0};
    final SQLException e;
    try (Statement s = c.createStatement()) {
      e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery("SELECT " + N + " " + MILLION)) {
          while (rs.next()) {
            if (++read[0] == 10_000) {
              s.cancel();
            }
          }
        }
      });
    }
    assertTrue(read[0] < 1_000_000, "read " + read[0]);
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM digits")) {
      assertTrue(rs.next());
      assertEquals(1000, rs.getLong(1));
    }
    return e;
  }

  /** What Arrow's own driver raises for the same failure (documented, not changed). */
  @Test void arrowsDriverRaisesTheFlightError() throws SQLException {
    final String sql = "SELECT 10 / (" + N + " - 500000) " + MILLION;
    final SQLException expected;
    try (Connection embedded = fixture.embedded(); Statement s = embedded.createStatement()) {
      expected = readAll(() -> s.executeQuery(sql), new AtomicLong());
    }
    try (Connection remote = fixture.remote(); Statement s = remote.createStatement()) {
      final Exception e = assertThrows(Exception.class, () -> {
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            rs.getInt(1);
          }
        }
      });
      // Not a SQLException: Arrow's driver lets the Flight status escape from next(); the
      // server's SQLState is in its trailers, where Sorrel's driver reads it.
      assertInstanceOf(FlightRuntimeException.class, e);
      assertEquals(expected.getSQLState(), ((FlightRuntimeException) e).status().metadata()
          .get("sorrel-sqlstate"));
    }
  }

  private void sameAsEmbedded(String sql) throws SQLException {
    final SQLException expected;
    final SQLException actual;
    final AtomicLong read = new AtomicLong();
    try (Connection embedded = fixture.embedded(); Statement s = embedded.createStatement()) {
      expected = readAll(() -> s.executeQuery(sql), new AtomicLong());
    }
    try (Connection remote = fixture.sorrel(); Statement s = remote.createStatement()) {
      actual = readAll(() -> s.executeQuery(sql), read);
      assertTrue(read.get() > 0 && read.get() <= 500_000, "read " + read);
      // The connection stays usable.
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM digits")) {
        assertTrue(rs.next());
        assertEquals(1000, rs.getLong(1));
      }
    }
    assertSame(expected, actual);
  }

  private static void assertSame(SQLException expected, SQLException actual) {
    assertEquals(expected.getClass(), actual.getClass(), actual.toString());
    assertEquals(expected.getSQLState(), actual.getSQLState(), actual.toString());
    assertEquals(expected.getMessage(), actual.getMessage());
  }

  /** A query whose rows are read. */
  private interface Query {
    ResultSet run() throws SQLException;
  }

  /**
   * Reads every row of a query, counting them, and gives the SQLException it
   * fails with; any other exception fails the test.
   */
  private static SQLException readAll(Query query, AtomicLong read) {
    return assertThrows(SQLException.class, () -> {
      try (ResultSet rs = query.run()) {
        while (rs.next()) {
          rs.getObject(1);
          read.incrementAndGet();
        }
      }
    });
  }
}
