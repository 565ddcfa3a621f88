package dev.sorrel.e2e.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process writing a feature view, killed with SIGKILL: every acknowledged
 * batch is in the history, no batch is partial, and the online table and the
 * view's statistics agree with the history (they are written in the same
 * batch, so a crash cannot separate them).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FeatureViewCrashTest {
  @TempDir Path dir;

  @Test void killedWriterLeavesHistoryOnlineAndStatsConsistent() throws Exception {
    final Path db = dir.resolve("db");
    final TreeSet<Long> acked = new TreeSet<>();
    for (int killAfter : new int[] {4, 17}) {
      try (JdbcTestSupport.Child child = new JdbcTestSupport.Child(dir.resolve("work"),
          FeatureWriterMain.class, db.toString())) {
        final String ready = child.nextLine(90);
        if (!ready.startsWith("READY ")) {
          fail("child printed '" + ready + "'; stderr: " + child.stderr());
        }
        int seen = 0;
        while (seen < killAfter) {
          final String line = child.nextLine(60);
          assertTrue(line.startsWith("BATCH "), () -> "child printed '" + line + "'");
          acked.add(Long.parseLong(line.substring(6)));
          seen++;
        }
        child.kill();
        for (String line = child.nextLine(30); !line.equals(JdbcTestSupport.Child.EOF);
            line = child.nextLine(30)) {
          if (line.startsWith("BATCH ") && line.length() > 6) {
            acked.add(Long.parseLong(line.substring(6)));
          }
        }
      }
      try (Connection c = DriverManager.getConnection(JdbcTestSupport.url(db))) {
        check(c, acked);
      }
    }
  }

  private static void check(Connection c, TreeSet<Long> acked) throws SQLException {
    long rows = 0;
    final Map<Long, Long> newest = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT driver_id, conv_rate FROM fv ORDER BY conv_rate")) {
      long expected = 0;
      while (rs.next()) {
        final long row = (long) rs.getDouble(2);
        assertEquals(expected, row, "rows are whole batches from 0 on, in order");
        assertEquals(row % FeatureWriterMain.DRIVERS, rs.getLong(1));
        newest.put(rs.getLong(1), row);
        expected++;
        rows++;
      }
    }
    assertEquals(0, rows % FeatureWriterMain.BATCH_SIZE, "no partial batch: " + rows);
    assertTrue(rows / FeatureWriterMain.BATCH_SIZE > acked.last(),
        "acknowledged batch " + acked.last() + " is missing; rows " + rows);
    final Map<Long, Long> online = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT driver_id, conv_rate FROM online.fv")) {
      while (rs.next()) {
        online.put(rs.getLong(1), (long) rs.getDouble(2));
      }
    }
    assertEquals(newest, online, "online rows are the newest history rows");
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT row_count, entity_count FROM sys.feature_views WHERE view_name = 'FV'")) {
      assertTrue(rs.next());
      assertEquals(rows, rs.getLong(1), "row count");
      assertEquals(online.size(), rs.getLong(2), "entity count");
    }
  }
}
