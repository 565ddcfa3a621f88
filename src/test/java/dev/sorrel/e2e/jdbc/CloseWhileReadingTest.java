package dev.sorrel.e2e.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection closed by another thread while one of its queries is reading (a pool evicting a
 * connection, an application shutting down): the reading thread either finishes its rows or gets
 * an SQLException, never touches a freed store (which would crash the JVM in native code), and
 * the database reopens with its data.
 */
class CloseWhileReadingTest {
  @TempDir Path dir;

  private String url() {
    return "jdbc:sorrel:" + dir.resolve("db").toAbsolutePath();
  }

  @Test void closingTheOnlyConnectionEndsItsReaderWithAnSqlException() throws Exception {
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(20))");
      s.executeUpdate("INSERT INTO t SELECT x, 'value ' || x FROM"
          + " (SELECT ROW_NUMBER() OVER () AS x FROM (VALUES (1),(2),(3),(4),(5),(6),(7),(8),"
          + "(9),(10)) a, (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) b,"
          + " (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) c,"
          + " (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) d,"
          + " (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) e) q");
    }
    for (int round = 0; round < 6; round++) {
      // Half the rounds read RocksDB through iterators, half the table's columnar segment.
      final Connection c = DriverManager.getConnection(url()
          + (round % 2 == 0 ? ";table_segments=false" : ""));
      final CountDownLatch reading = new CountDownLatch(1);
      final AtomicReference<Throwable> outcome = new AtomicReference<>();
      final Thread reader = new Thread(() -> {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT id, v FROM t WHERE v <> 'x'")) {
          long rows = 0;
          while (rs.next()) {
            rs.getString(2);
            if (++rows == 1000) {
              reading.countDown();
            }
          }
          outcome.set(new AssertionError("read all " + rows + " rows"));
        } catch (Throwable e) {
          outcome.set(e);
        }
      });
      reader.start();
      reading.await();
      Thread.sleep(round % 5);
      c.close();
      reader.join(30_000);
      final Throwable e = outcome.get();
      assertNotNull(e);
      if (!(e instanceof AssertionError)) {
        assertTrue(e instanceof SQLException, () -> "not an SQLException: " + e);
      }
    }
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      assertEquals(100_000, rs.getLong(1));
    }
  }
}
