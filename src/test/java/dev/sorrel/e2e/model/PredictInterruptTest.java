package dev.sorrel.e2e.model;

import static dev.sorrel.e2e.model.ModelTestSupport.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.storage.Store;

/**
 * A query whose thread is interrupted while PREDICT scores a batch in the background fails,
 * and closing it releases everything it held: the scan's storage snapshot is not left open.
 */
class PredictInterruptTest {
  @TempDir Path dir;

  private Path model() throws Exception {
    final Path p = dir.resolve("mlp.onnx");
    try (InputStream in = getClass().getResourceAsStream("/models/mlp_iris.onnx")) {
      Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
    }
    return p;
  }

  /**
   * Open RocksDB snapshots of the (shared) in-memory database of this name. No API counts
   * them and the store keeps its RocksDB handle to itself, so the test reads RocksDB's
   * property through that handle reflectively.
   */
  private static long snapshots(String name) throws Exception {
    try (Database db = Database.openInMemory(name)) {
      final Method rocks = Store.class.getDeclaredMethod("db");
      rocks.setAccessible(true);
      final org.rocksdb.RocksDB r = (org.rocksdb.RocksDB) rocks.invoke(db.store());
      return Long.parseLong(r.getProperty(r.getDefaultColumnFamily(), "rocksdb.num-snapshots"));
    }
  }

  /**
   * Small batches and twelve PREDICT calls per row keep the scoring worker busy, so the
   * interrupt lands while the query thread waits for a batch; the failed query, once
   * closed, must leave no snapshot behind.
   */
  @Test void interruptedScoringFailsAndReleasesTheScanSnapshot() throws Exception {
    final String name = "predict_interrupt_" + System.nanoTime();
    final StringBuilder calls = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      calls.append(i == 0 ? "" : ", ").append("PREDICT_LABEL('m', a, b, c, d + ").append(i).append(")");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:mem:" + name
        + ";predict_batch_size=4")) {
      exec(c, "CREATE TABLE t (id INT PRIMARY KEY, a DOUBLE, b DOUBLE, c DOUBLE, d DOUBLE)",
          "CREATE MODEL m FROM '" + model() + "'");
      exec(c, "INSERT INTO t SELECT x, x * 0.1, 1.0, 2.0, 0.5 FROM "
          + "(SELECT ROW_NUMBER() OVER () AS x FROM (VALUES 1,2,3,4,5,6,7,8,9,10) a(v), "
          + "(VALUES 1,2,3,4,5,6,7,8,9,10) b(v), (VALUES 1,2,3,4,5,6,7,8,9,10) c(v), "
          + "(VALUES 1,2,3,4,5,6,7,8,9,10) d(v))");
      assertEquals(0, snapshots(name));
      Throwable failure = null;
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT id, " + calls + " FROM t")) {
        Thread.currentThread().interrupt();
        try {
          while (rs.next()) {
            // keep reading until the interrupted await fails
          }
        } catch (SQLException e) {
          failure = e;
        }
      } catch (Throwable t) {
        failure = failure == null ? t : failure;
      } finally {
        Thread.interrupted();
      }
      assertTrue(failure != null, "the interrupt should have surfaced");
      Thread.sleep(200);
      assertEquals(0, snapshots(name), "snapshot left open after the failed query was closed ("
          + failure + ")");
    }
  }
}
