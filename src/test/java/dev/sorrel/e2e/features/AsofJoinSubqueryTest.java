package dev.sorrel.e2e.features;

import static dev.sorrel.e2e.Queries.explain;
import static dev.sorrel.e2e.Queries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ASOF join filtered by a correlated subquery over a table with a segment: the planner
 * merge-joins the ASOF join's output, in its left side's key order, with the subquery's
 * aggregate, which then moves onto the batch path. Such a query once failed with XX000
 * ("wrong collation in left or right input"); it must answer as the row path does.
 */
class AsofJoinSubqueryTest {
  @TempDir Path dir;

  private static final List<String> QUERIES = List.of(
      "SELECT a.id, a.d, f.conv_rate FROM t0 a LEFT ASOF JOIN stats f"
          + " MATCH_CONDITION (a.ts >= f.event_timestamp) ON a.bi = f.driver_id"
          + " WHERE NOT EXISTS (SELECT 1 FROM t0 sq WHERE sq.i = a.id) ORDER BY a.id",
      "SELECT a.id, f.trips FROM t0 a ASOF JOIN stats f"
          + " MATCH_CONDITION (f.event_timestamp < a.ts) ON a.bi = f.driver_id"
          + " WHERE NOT EXISTS (SELECT 1 FROM t0 sq WHERE sq.i = a.id) ORDER BY a.id",
      "SELECT a.id FROM t0 a LEFT ASOF JOIN stats f"
          + " MATCH_CONDITION (a.ts >= f.event_timestamp) ON a.bi = f.driver_id"
          + " WHERE EXISTS (SELECT 1 FROM t0 sq WHERE sq.i = a.id) ORDER BY a.id");

  private String url() {
    return "jdbc:sorrel:" + dir.resolve("db");
  }

  @Test void asofJoinUnderCorrelatedSubqueryAnswersAsTheRowPath() throws SQLException {
    try (Connection c = DriverManager.getConnection(url())) {
      create(c);
      assertTrue(explain(c, QUERIES.get(0)).contains("SorrelAsofJoin"));
    }
    try (Connection batches = DriverManager.getConnection(url());
        Connection rowsOnly = DriverManager.getConnection(url() + ";table_segments=false")) {
      for (String query : QUERIES) {
        final List<List<Object>> expected = rows(rowsOnly, query);
        assertTrue(!expected.isEmpty(), query);
        assertEquals(expected, rows(batches, query), query);
      }
    }
  }

  private static void create(Connection c) throws SQLException {
    final Random random = new Random(20261207);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t0 (id INTEGER PRIMARY KEY, i INTEGER, bi BIGINT, d DOUBLE,"
          + " ts TIMESTAMP)");
      final List<String> rows = new ArrayList<>();
      for (int id = 1; id <= 60; id++) {
        rows.add(String.format(Locale.ROOT,
            "(%d, %s, %s, %s, TIMESTAMP '2026-01-0%d %02d:00:00')", id,
            random.nextInt(5) == 0 ? "NULL" : Integer.toString(random.nextInt(40)),
            random.nextInt(5) == 0 ? "NULL" : Integer.toString(random.nextInt(6)),
            random.nextInt(5) == 0 ? "NULL" : Double.toString(random.nextInt(8) / 2.0),
            1 + random.nextInt(3), 8 + random.nextInt(7)));
      }
      s.execute("INSERT INTO t0 VALUES " + String.join(", ", rows));
      // The subquery's aggregate takes the batch path only over a table with a segment.
      s.execute("ALTER TABLE t0 COMPACT");
      s.execute("INSERT INTO t0 VALUES (61, 2, 1, 1.5, TIMESTAMP '2026-01-02 10:00:00'),"
          + " (62, NULL, 2, NULL, TIMESTAMP '2026-01-03 09:00:00')");
      s.execute("CREATE ENTITY driver (driver_id BIGINT)");
      s.execute("CREATE FEATURE VIEW stats ENTITY driver (conv_rate DOUBLE, trips BIGINT)");
      final List<String> features = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        features.add(String.format(Locale.ROOT,
            "(%d, TIMESTAMP '2026-01-%02d %02d:00:00', TIMESTAMP '2026-01-03 00:00:00', %s, %d)",
            random.nextInt(6), 1 + random.nextInt(3), 8 + random.nextInt(6),
            random.nextInt(5) == 0 ? "NULL" : Double.toString(random.nextInt(4) / 2.0),
            random.nextInt(100)));
      }
      s.execute("INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate,"
          + " trips) VALUES " + String.join(", ", features));
    }
  }
}
