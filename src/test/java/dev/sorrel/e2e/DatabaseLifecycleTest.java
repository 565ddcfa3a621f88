package dev.sorrel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end checks that need more than one connection: on-disk and shared in-memory databases. */
class DatabaseLifecycleTest {

  @Test
  void onDiskDatabaseKeepsTablesViewsAndRowsAcrossReopen(@TempDir Path dir) throws SQLException {
    String url = "jdbc:sorrel:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(10) DEFAULT 'dflt')");
      assertEquals(3, s.executeUpdate("INSERT INTO t (id) VALUES (1), (2), (3)"));
      s.execute("CREATE VIEW v AS SELECT id FROM t WHERE id > 1");
      assertEquals(1, s.executeUpdate("DELETE FROM t WHERE id = 3"));
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT id, v FROM t ORDER BY id")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
        assertEquals("dflt", rs.getString(2));
        assertTrue(rs.next());
        assertEquals(2, rs.getInt(1));
        assertFalse(rs.next());
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM v")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1));
      }
      // The default survives the reopen too.
      assertEquals(1, s.executeUpdate("INSERT INTO t (id) VALUES (4)"));
      try (ResultSet rs = s.executeQuery("SELECT v FROM t WHERE id = 4")) {
        assertTrue(rs.next());
        assertEquals("dflt", rs.getString(1));
      }
    }
  }

  @Test
  void namedInMemoryDatabaseIsSharedAndDroppedWithItsLastConnection() throws SQLException {
    String url = "jdbc:sorrel:mem:persistence_shared_" + System.nanoTime();
    try (Connection a = DriverManager.getConnection(url);
        Statement sa = a.createStatement()) {
      sa.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
      sa.executeUpdate("INSERT INTO t VALUES (1)");
      try (Connection b = DriverManager.getConnection(url);
          Statement sb = b.createStatement();
          ResultSet rs = sb.executeQuery("SELECT COUNT(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1));
      }
      // Still open through the first connection.
      try (ResultSet rs = sa.executeQuery("SELECT COUNT(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1));
      }
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM t"));
      assertEquals("42S02", e.getSQLState());
    }
  }
}
