package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen clients connected through {@code jdbc:sorrel://} mix writes, reads of their own
 * writes, primary-key lookups through a reused prepared statement and PREDICT against one
 * server for a bounded time: no call fails, every client reads what it wrote, PREDICT gives
 * the embedded value, and the table holds exactly the rows acknowledged.
 */
class SorrelDriverConcurrencyTest {
  private static final int CLIENTS = 16;
  private static final long MILLIS = 10_000;
  private static final String PREDICT = "SELECT PREDICT('gbr', 0.01, 0.02, 0.03, 0.04, 0.05,"
      + " 0.06, 0.07, 0.08, 0.09, 0.1) FROM (VALUES (1))";

  @TempDir Path dir;

  @Test void sixteenClientsMixReadsWritesAndPredictWithoutErrors() throws Exception {
    final Path model = dir.resolve("gbr.onnx");
    try (var in = getClass().getResourceAsStream("/models/gbr_diabetes.onnx")) {
      Files.copy(in, model);
    }
    try (ServerFixture fixture = new ServerFixture()) {
      fixture.exec("CREATE MODEL gbr FROM '" + model.toString().replace("'", "''") + "'",
          "CREATE TABLE events (id BIGINT PRIMARY KEY, client INT NOT NULL, n INT NOT NULL)");
      final double expected;
      try (Connection c = fixture.embedded(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(PREDICT)) {
        assertTrue(rs.next());
        expected = rs.getDouble(1);
      }
      final CyclicBarrier ready = new CyclicBarrier(CLIENTS);
      final AtomicLong operations = new AtomicLong();
      final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      final List<Future<Long>> inserted = new ArrayList<>();
      try {
        for (int client = 0; client < CLIENTS; client++) {
          final int me = client;
          inserted.add(pool.submit(() -> run(fixture, me, ready, expected, operations)));
        }
        long total = 0;
        for (Future<Long> f : inserted) {
          total += f.get(MILLIS * 6, TimeUnit.MILLISECONDS); // rethrows a client's failure
        }
        assertTrue(operations.get() > CLIENTS, "only " + operations.get() + " operations");
        try (Connection c = fixture.embedded(); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
          assertTrue(rs.next());
          assertEquals(total, rs.getLong(1));
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** One client's loop; returns how many rows it inserted. */
  private static long run(ServerFixture fixture, int me, CyclicBarrier ready, double expected,
      AtomicLong operations) throws Exception {
    long rows = 0;
    try (Connection c = fixture.sorrel();
        PreparedStatement insert = c.prepareStatement("INSERT INTO events VALUES (?, ?, ?)");
        PreparedStatement lookup = c.prepareStatement("SELECT n FROM events WHERE id = ?");
        PreparedStatement mine = c.prepareStatement(
            "SELECT COUNT(*) FROM events WHERE client = ?");
        Statement s = c.createStatement()) {
      // The clock starts once every client has connected and prepared.
      ready.await();
      final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MILLIS);
      for (int i = 0; System.nanoTime() < deadline; i++) {
        switch (i % 4) {
          case 0 -> {
            insert.setLong(1, (long) me << 32 | rows);
            insert.setInt(2, me);
            insert.setInt(3, (int) rows);
            assertEquals(1, insert.executeUpdate());
            rows++;
          }
          case 1 -> {
            lookup.setLong(1, (long) me << 32 | (rows - 1));
            try (ResultSet rs = lookup.executeQuery()) {
              assertTrue(rs.next());
              assertEquals(rows - 1, rs.getInt(1));
            }
          }
          case 2 -> {
            mine.setInt(1, me);
            try (ResultSet rs = mine.executeQuery()) {
              assertTrue(rs.next());
              assertEquals(rows, rs.getLong(1), "client " + me + " reads its own writes");
            }
          }
          default -> {
            try (ResultSet rs = s.executeQuery(PREDICT)) {
              assertTrue(rs.next());
              assertEquals(expected, rs.getDouble(1), 1e-6);
            }
          }
        }
        operations.incrementAndGet();
      }
    }
    return rows;
  }
}
