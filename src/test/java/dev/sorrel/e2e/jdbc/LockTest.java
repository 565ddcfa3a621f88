package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.rows;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A directory is used by one process at a time; the lock dies with its holder. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LockTest {
  @TempDir Path dir;

  private static void assertLockedBy(long pid, String url) {
    final SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url).close());
    assertEquals("08001", e.getSQLState(), e.getClass().getName() + ": " + e.getMessage());
    assertTrue(e instanceof SQLNonTransientConnectionException, e.getClass().getName());
    assertTrue(e.getMessage().contains("is locked by process " + pid),
        "message should name the holder " + pid + ": " + e.getMessage());
  }

  @Test
  void secondProcessGets08001WithHolderPidAndConnectsAfterHolderIsKilled() throws Exception {
    final Path db = dir.resolve("db");
    try (JdbcTestSupport.Child holder = new JdbcTestSupport.Child(dir.resolve("work"),
        LockHolderMain.class, db.toString())) {
      holder.expect("OPEN", 90);
      final long pid = holder.process.pid();
      assertLockedBy(pid, url(db));
      // again, and with options: a failed open leaves nothing half-open behind
      assertLockedBy(pid, url(db));
      assertLockedBy(pid, url(db) + ";sync=true");
      assertTrue(holder.process.isAlive(), "holder must survive our attempts");

      holder.kill();
    }
    try (Connection c = DriverManager.getConnection(url(db))) {
      assertEquals(List.of(List.of(1, "written by holder")), rows(c, "SELECT * FROM HELD"));
      JdbcTestSupport.exec(c, "INSERT INTO HELD VALUES (2, 'after kill')");
    }
    try (Connection c = DriverManager.getConnection(url(db))) {
      assertEquals(2, JdbcTestSupport.count(c, "HELD"));
    }
  }
}
