package dev.sorrel.e2e.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.e2e.Queries;

/**
 * Feature views through JDBC as an application uses them: definitions and
 * rows that survive a restart, online lookups through a reused prepared
 * statement, bulk loads that are all or nothing, and a training set exported
 * to Parquet and read back by DuckDB.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FeatureViewJdbcTest {
  @TempDir Path dir;

  private Connection open() throws SQLException {
    // Chunks of 50,000 left rows, so that a join of 100,000 crosses a boundary.
    return DriverManager.getConnection("jdbc:sorrel:" + dir.resolve("db")
        + ";asof_chunk_rows=50000");
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void define(Connection c) throws SQLException {
    exec(c, "CREATE ENTITY driver (driver_id BIGINT)");
    exec(c, "CREATE FEATURE VIEW stats ENTITY driver (conv_rate DOUBLE, trips BIGINT)");
    exec(c, "INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate, trips)"
        + " VALUES (1, TIMESTAMP '2026-01-01 10:00:00', TIMESTAMP '2026-01-01 10:00:00', 0.1, 1),"
        + " (1, TIMESTAMP '2026-01-01 12:00:00', TIMESTAMP '2026-01-01 12:00:00', 0.2, 2),"
        + " (2, TIMESTAMP '2026-01-01 11:00:00', TIMESTAMP '2026-01-01 11:00:00', 0.3, 3)");
  }

  @Test void definitionsRowsAndOnlineValuesSurviveRestart() throws SQLException {
    try (Connection c = open()) {
      define(c);
      exec(c, "ALTER FEATURE VIEW stats SET TTL INTERVAL '3' DAY");
    }
    try (Connection c = open()) {
      assertEquals(List.of(List.of("STATS", "DRIVER", 259200L, 3L, 2L)),
          Queries.rows(c, "SELECT view_name, entity_name, ttl_seconds, row_count, entity_count"
              + " FROM sys.feature_views"));
      // Writes after the restart keep the online table in step.
      exec(c, "INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate)"
          + " VALUES (2, TIMESTAMP '2026-01-01 13:00:00', TIMESTAMP '2026-01-01 13:00:00', 0.4)");
      exec(c, "ALTER FEATURE VIEW stats DROP TTL");
      assertEquals(List.of(List.of(1L, 0.2), List.of(2L, 0.4)),
          Queries.rows(c, "SELECT driver_id, conv_rate FROM online.stats ORDER BY driver_id"));
      assertEquals(4L, Queries.single(c,
          "SELECT row_count FROM sys.feature_views WHERE view_name = 'STATS'"));
    }
  }

  /**
   * The history segment: written by COMPACT, used while current, never used
   * once a write makes it stale (the join still sees the write), rewritten
   * by the next COMPACT, and still current after a restart.
   */
  @Test void historySegmentFollowsWritesAndRestarts() throws SQLException {
    final String join = "SELECT o.id, f.conv_rate FROM (VALUES (1, 1, TIMESTAMP"
        + " '2026-01-01 12:30:00'), (2, 2, TIMESTAMP '2026-01-01 12:30:00'), (3, 1, TIMESTAMP"
        + " '2026-01-01 09:00:00')) AS o (id, driver_id, ts) LEFT ASOF JOIN stats f"
        + " MATCH_CONDITION (o.ts >= f.event_timestamp) ON o.driver_id = f.driver_id ORDER BY o.id";
    final String versions = "SELECT data_version, segment_version, segment_bytes > 0"
        + " FROM sys.feature_views WHERE view_name = 'STATS'";
    try (Connection c = open()) {
      define(c);
      assertEquals(List.of(Arrays.asList(1L, null, null)), Queries.rows(c, versions));
      exec(c, "ALTER FEATURE VIEW stats COMPACT");
      assertEquals(List.of(List.of(1L, 1L, true)), Queries.rows(c, versions));
      assertEquals(List.of(List.of(1, 0.2), List.of(2, 0.3), Arrays.asList(3, null)),
          Queries.rows(c, join));
      exec(c, "INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate)"
          + " VALUES (2, TIMESTAMP '2026-01-01 12:15:00', TIMESTAMP '2026-01-01 12:15:00', 0.9)");
      assertEquals(List.of(List.of(2L, 1L, true)), Queries.rows(c, versions));
      assertEquals(List.of(List.of(1, 0.2), List.of(2, 0.9), Arrays.asList(3, null)),
          Queries.rows(c, join), "the entity written since the segment is sought");
      exec(c, "ALTER FEATURE VIEW stats COMPACT");
      assertEquals(List.of(List.of(2L, 2L, true)), Queries.rows(c, versions));
      assertEquals(List.of(List.of(1, 0.2), List.of(2, 0.9), Arrays.asList(3, null)),
          Queries.rows(c, join));
    }
    try (Connection c = open()) {
      assertEquals(List.of(List.of(2L, 2L, true)), Queries.rows(c, versions));
      assertEquals(List.of(List.of(1, 0.2), List.of(2, 0.9), Arrays.asList(3, null)),
          Queries.rows(c, join));
      exec(c, "DROP FEATURE VIEW stats");
    }
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(
        dir.resolve("db").resolve("segments"))) {
      assertEquals(List.of(), files.toList(), "dropping the view deleted its segment");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A join whose result is closed after a few rows, while later chunks are
   * still being matched, leaves nothing running: the same statement runs
   * again to the end with every row.
   */
  @Test void joinClosedEarlyThenRunToTheEnd() throws SQLException {
    try (Connection c = open()) {
      define(c);
      exec(c, "CREATE TABLE orders (id BIGINT PRIMARY KEY, driver_id BIGINT, ts TIMESTAMP)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?)")) {
        for (int i = 0; i < 100_000; i++) {
          insert.setLong(1, i);
          insert.setLong(2, i % 3);
          insert.setTimestamp(3, java.sql.Timestamp.valueOf(
              java.time.LocalDateTime.of(2026, 1, 1, 9, 0).plusSeconds(i % 14_400)));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      exec(c, "ALTER FEATURE VIEW stats COMPACT");
      final String join = "SELECT o.id, f.conv_rate FROM orders o LEFT ASOF JOIN stats f"
          + " MATCH_CONDITION (o.ts >= f.event_timestamp) ON o.driver_id = f.driver_id";
      try (PreparedStatement ps = c.prepareStatement(join)) {
        try (ResultSet rs = ps.executeQuery()) {
          for (int i = 0; i < 10; i++) {
            assertTrue(rs.next());
          }
        }
        long rows = 0;
        long matched = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows++;
            rs.getDouble(2);
            matched += rs.wasNull() ? 0 : 1;
          }
        }
        assertEquals(100_000, rows);
        // Drivers 1 and 2 have values from 10:00 and 11:00; driver 0 has none.
        assertEquals(Queries.single(c, "SELECT COUNT(*) FROM orders WHERE driver_id = 1"
            + " AND ts >= TIMESTAMP '2026-01-01 10:00:00' OR driver_id = 2"
            + " AND ts >= TIMESTAMP '2026-01-01 11:00:00'"), matched);
      }
    }
  }

  /**
   * A KNOWN_AT hint survives where the query's text is kept or re-run: a
   * training set exported with COPY (query) TO, and a view.
   */
  @Test void knownAtSurvivesCopyAndViews() throws Exception {
    try (Connection c = open()) {
      define(c);
      // Driver 1's 12:00 value was written only at 13:00.
      exec(c, "INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate)"
          + " VALUES (1, TIMESTAMP '2026-01-01 12:00:00', TIMESTAMP '2026-01-01 13:00:00', 0.9)");
      final String join = "SELECT o.id, f.conv_rate FROM (VALUES (1, 1, TIMESTAMP"
          + " '2026-01-01 12:30:00')) AS o (id, driver_id, ts) LEFT ASOF JOIN stats"
          + " /*+ KNOWN_AT */ f MATCH_CONDITION (o.ts >= f.event_timestamp)"
          + " ON o.driver_id = f.driver_id";
      assertEquals(List.of(List.of(1, 0.2)), Queries.rows(c, join));
      final Path file = dir.resolve("train.csv");
      exec(c, "COPY (" + join + ") TO '" + file + "'");
      assertEquals(List.of("ID,CONV_RATE", "1,0.2"), Files.readAllLines(file));
      exec(c, "CREATE VIEW train AS " + join);
      assertEquals(List.of(List.of(1, 0.2)), Queries.rows(c, "SELECT * FROM train"));
    }
  }

  /** Statement.cancel() stops a running join: its workers check at every block of probes. */
  @Test void aCanceledJoinStops() throws SQLException {
    try (Connection c = open()) {
      define(c);
      exec(c, "CREATE TABLE orders (id BIGINT PRIMARY KEY, driver_id BIGINT, ts TIMESTAMP)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?)")) {
        for (int i = 0; i < 200_000; i++) {
          insert.setLong(1, i);
          insert.setLong(2, i % 3);
          insert.setTimestamp(3, java.sql.Timestamp.valueOf(
              java.time.LocalDateTime.of(2026, 1, 1, 9, 0).plusSeconds(i % 14_400)));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      exec(c, "ALTER FEATURE VIEW stats COMPACT");
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT o.id, f.conv_rate FROM orders o LEFT ASOF JOIN"
              + " stats f MATCH_CONDITION (o.ts >= f.event_timestamp)"
              + " ON o.driver_id = f.driver_id")) {
        assertTrue(rs.next());
        s.cancel();
        final SQLException e = assertThrows(SQLException.class, () -> {
          while (rs.next()) {
            rs.getLong(1);
          }
        });
        assertEquals("57014", e.getSQLState(), e.getMessage());
      }
    }
  }

  @Test void onlineLookupThroughReusedPreparedStatement() throws SQLException {
    try (Connection c = open()) {
      define(c);
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT conv_rate, trips FROM online.stats WHERE driver_id = ?")) {
        for (int round = 0; round < 3; round++) {
          ps.setLong(1, 1);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(0.2, rs.getDouble(1));
            assertEquals(2, rs.getLong(2));
            assertFalse(rs.next());
          }
          ps.setLong(1, 99);
          try (ResultSet rs = ps.executeQuery()) {
            assertFalse(rs.next());
          }
        }
        // A TTL set after the statement was prepared applies to it at once.
        exec(c, "ALTER FEATURE VIEW stats SET TTL INTERVAL '1' HOUR");
        ps.setLong(1, 1);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertNull(rs.getObject(1));
        }
      }
    }
  }

  @Test void onlineValueEqualsPointInTimeValueAsOfNow() throws SQLException {
    try (Connection c = open()) {
      define(c);
      final List<List<Object>> online = Queries.rows(c,
          "SELECT driver_id, conv_rate, trips FROM online.stats ORDER BY driver_id");
      final List<List<Object>> asOfNow = Queries.rows(c, "SELECT d.id, f.conv_rate, f.trips"
          + " FROM (VALUES (CAST(1 AS BIGINT), CURRENT_TIMESTAMP),"
          + " (CAST(2 AS BIGINT), CURRENT_TIMESTAMP)) AS d(id, now)"
          + " LEFT ASOF JOIN stats f MATCH_CONDITION (d.now >= f.event_timestamp)"
          + " ON d.id = f.driver_id ORDER BY d.id");
      assertEquals(online, asOfNow);
    }
  }

  @Test void badFileLoadsNothing() throws Exception {
    final Path good = dir.resolve("good.csv");
    Files.writeString(good, "driver_id,event_timestamp,conv_rate\n"
        + "7,2026-01-01 10:00:00,0.5\n8,2026-01-01 11:00:00,0.6\n");
    final Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "driver_id,event_timestamp,conv_rate\n"
        + "9,2026-01-01 10:00:00,0.5\n10,2026-01-01 11:00:00,fast\n");
    try (Connection c = open()) {
      define(c);
      try (Statement s = c.createStatement()) {
        assertEquals(2, s.executeUpdate("COPY stats FROM '" + good + "'"));
        final SQLException e = assertThrows(SQLException.class,
            () -> s.executeUpdate("COPY stats FROM '" + bad + "'"));
        assertEquals("22018", e.getSQLState());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
      }
      assertEquals(List.of(List.of(1L), List.of(2L), List.of(7L), List.of(8L)),
          Queries.rows(c, "SELECT driver_id FROM online.stats ORDER BY driver_id"));
      assertEquals(5L, Queries.single(c, "SELECT COUNT(*) FROM stats"));
    }
  }

  @Test void trainingSetGoesToParquet() throws Exception {
    final Path file = dir.resolve("train.parquet");
    try (Connection c = open()) {
      define(c);
      exec(c, "CREATE TABLE orders (id INT PRIMARY KEY, driver_id BIGINT, ts TIMESTAMP)");
      exec(c, "INSERT INTO orders VALUES (1, 1, TIMESTAMP '2026-01-01 11:00:00'),"
          + " (2, 1, TIMESTAMP '2026-01-01 12:30:00'), (3, 2, TIMESTAMP '2026-01-01 10:00:00')");
      try (Statement s = c.createStatement()) {
        assertEquals(3, s.executeUpdate("COPY (SELECT o.id, o.ts, f.conv_rate FROM orders o"
            + " LEFT ASOF JOIN stats f MATCH_CONDITION (o.ts >= f.event_timestamp)"
            + " ON o.driver_id = f.driver_id) TO '" + file + "'"));
      }
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      final List<List<Object>> rows = Queries.rows(duck, "SELECT id, CAST(ts AS VARCHAR),"
          + " conv_rate FROM read_parquet('" + file + "') ORDER BY id");
      assertEquals(List.of(List.of(1, "2026-01-01 11:00:00", 0.1),
          List.of(2, "2026-01-01 12:30:00", 0.2),
          java.util.Arrays.asList(3, "2026-01-01 10:00:00", null)), rows);
    }
  }

  @Test void preparedStatementsFollowAlterAndFailAfterDrop() throws SQLException {
    try (Connection c = open()) {
      define(c);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO stats (driver_id,"
              + " event_timestamp, created_timestamp, conv_rate) VALUES (?, TIMESTAMP"
              + " '2026-02-01 00:00:00', TIMESTAMP '2026-02-01 00:00:00', ?)");
           PreparedStatement lookup = c.prepareStatement(
               "SELECT * FROM online.stats WHERE driver_id = ?")) {
        exec(c, "ALTER FEATURE VIEW stats ADD COLUMN acc_rate DOUBLE");
        insert.setLong(1, 5);
        insert.setDouble(2, 0.5);
        assertEquals(1, insert.executeUpdate());
        lookup.setLong(1, 5);
        try (ResultSet rs = lookup.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(0.5, rs.getDouble("CONV_RATE"));
        }
        exec(c, "ALTER FEATURE VIEW stats SET COMMENT 'x'");
        exec(c, "DROP FEATURE VIEW stats");
        exec(c, "CREATE FEATURE VIEW stats ENTITY driver (conv_rate DOUBLE)");
        assertEquals("42S02", assertThrows(SQLException.class, insert::executeUpdate)
            .getSQLState());
        assertEquals("42S02", assertThrows(SQLException.class, lookup::executeQuery)
            .getSQLState());
      }
      assertEquals(0L, Queries.single(c,
          "SELECT row_count FROM sys.feature_views WHERE view_name = 'STATS'"));
    }
  }

  @Test void batchCannotReadWhatItWrote() throws SQLException {
    try (Connection c = open()) {
      define(c);
      exec(c, "CREATE TABLE snap (id BIGINT, conv DOUBLE)");
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO stats (driver_id, event_timestamp, conv_rate) VALUES"
            + " (9, TIMESTAMP '2026-03-01 00:00:00', 0.9)");
        s.addBatch("INSERT INTO snap SELECT driver_id, conv_rate FROM online.stats");
        final SQLException e = assertThrows(SQLException.class, s::executeBatch);
        assertEquals("0A000", e.getSQLState());
        s.clearBatch();
        s.addBatch("INSERT INTO stats (driver_id, event_timestamp, conv_rate) VALUES"
            + " (9, TIMESTAMP '2026-03-01 00:00:00', 0.9)");
        s.addBatch("INSERT INTO snap SELECT d.id, f.conv_rate FROM (VALUES (CAST(9 AS BIGINT),"
            + " TIMESTAMP '2026-04-01 00:00:00')) AS d(id, ts) LEFT ASOF JOIN stats f"
            + " MATCH_CONDITION (d.ts >= f.event_timestamp) ON d.id = f.driver_id");
        assertEquals("0A000", assertThrows(SQLException.class, s::executeBatch).getSQLState());
      }
      assertEquals(0L, Queries.single(c, "SELECT COUNT(*) FROM snap"));
      assertEquals(3L, Queries.single(c, "SELECT COUNT(*) FROM stats"));
    }
  }

  @Test void concurrentWritersKeepOnlineRowsTheNewest() throws Exception {
    try (Connection c = open()) {
      define(c);
      exec(c, "DELETE FROM stats");
    }
    final java.util.List<Thread> writers = new java.util.ArrayList<>();
    final java.util.concurrent.ConcurrentLinkedQueue<Throwable> failures =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    for (int w = 0; w < 3; w++) {
      final int writer = w;
      final Thread thread = new Thread(() -> {
        final java.util.Random random = new java.util.Random(writer);
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement(
            "INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate)"
                + " VALUES (?, ?, ?, ?)")) {
          for (int batch = 0; batch < 20; batch++) {
            for (int i = 0; i < 50; i++) {
              final long event = 1_700_000_000_000L + random.nextInt(1000) * 1000L;
              ps.setLong(1, random.nextInt(40));
              ps.setTimestamp(2, new java.sql.Timestamp(event));
              ps.setTimestamp(3, new java.sql.Timestamp(event + random.nextInt(3) * 1000L));
              ps.setDouble(4, random.nextDouble());
              ps.addBatch();
            }
            ps.executeBatch();
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      writers.add(thread);
      thread.start();
    }
    // A reader runs alongside: online lookups never fail.
    try (Connection c = open(); PreparedStatement ps = c.prepareStatement(
        "SELECT conv_rate FROM online.stats WHERE driver_id = ?")) {
      for (int i = 0; i < 500; i++) {
        ps.setLong(1, i % 40);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rs.getDouble(1);
          }
        }
      }
    }
    for (Thread thread : writers) {
      thread.join();
    }
    assertTrue(failures.isEmpty(), () -> "writer failed: " + failures.peek());
    try (Connection c = open()) {
      final List<List<Object>> expected = Queries.rows(c, "SELECT driver_id, conv_rate FROM"
          + " (SELECT driver_id, conv_rate, ROW_NUMBER() OVER (PARTITION BY driver_id"
          + " ORDER BY event_timestamp DESC, created_timestamp DESC) AS rn FROM stats)"
          + " WHERE rn = 1 ORDER BY driver_id");
      assertEquals(expected, Queries.rows(c,
          "SELECT driver_id, conv_rate FROM online.stats ORDER BY driver_id"));
      assertEquals(Queries.single(c, "SELECT COUNT(*) FROM stats"), Queries.single(c,
          "SELECT row_count FROM sys.feature_views WHERE view_name = 'STATS'"));
      assertEquals((long) expected.size(), Queries.single(c,
          "SELECT entity_count FROM sys.feature_views WHERE view_name = 'STATS'"));
    }
  }
}
