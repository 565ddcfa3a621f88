package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;

/** Database options in the URL: the first connection opens the database with them. */
class DatabaseOptionsTest {
  @TempDir Path dir;

  @Test void theFirstConnectionsOptionsAreTheDatabases() throws SQLException {
    try (Connection c = DriverManager.getConnection(url(dir)
        + ";worker_threads=1;segment_min_rows=5000;lock_timeout_ms=250");
        Database shared = Database.open(dir, DatabaseOptions.DEFAULT)) {
      assertTrue(c.isValid(1));
      assertEquals(1, shared.options().workerThreads());
      assertEquals(5000, shared.options().segmentMinRows());
      assertEquals(250, shared.options().lockTimeoutMillis());
    }
  }

  @Test void anInMemoryDatabaseTakesOptionsToo() throws SQLException {
    final String name = "options_" + System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:mem:" + name
        + ";asof_chunk_rows=4096;worker_threads=3");
        Database shared = Database.openInMemory(name)) {
      assertTrue(c.isValid(1));
      assertEquals(4096, shared.options().asofChunkRows());
      assertEquals(3, shared.options().workerThreads());
    }
  }

  @Test void aBadOptionValueIsAConnectionError() {
    for (String option : new String[] {"worker_threads=0", "worker_threads=many",
        "segment_min_rows=-1", "lock_timeout_ms=soon", "asof_chunk_rows=-5"}) {
      final SQLException e = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(url(dir) + ";" + option).close(), option);
      assertEquals("08001", e.getSQLState(), option);
      assertTrue(e.getMessage().contains(option.substring(0, option.indexOf('='))),
          e.getMessage());
    }
  }
}
