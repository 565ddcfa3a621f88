package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.connect;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.count;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several connections of one process writing and reading one database at once. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ConcurrencyTest {
  private static final int THREADS = 4;
  private static final int ROWS_PER_THREAD = 2000;

  @TempDir Path dir;
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "worker threads did not stop");
  }

  /** Waits for all tasks, bounded, rethrowing the first failure with its thread's story. */
  private static <T> List<T> all(List<Future<T>> futures, long timeoutSeconds)
      throws Exception {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    final List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      try {
        results.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        throw new AssertionError("workers did not finish within " + timeoutSeconds
            + " s (hang?)", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }
    return results;
  }

  @Test
  void disjointInsertsAndReadsFromFourConnections() throws Exception {
    final Path db = dir.resolve("db");
    try (Connection setup = connect(db)) {
      exec(setup, "CREATE TABLE T (ID INTEGER NOT NULL, WORKER INTEGER NOT NULL,"
          + " V VARCHAR(30), PRIMARY KEY (ID))");
      final CyclicBarrier start = new CyclicBarrier(THREADS);
      final List<Future<Integer>> futures = new ArrayList<>();
      for (int w = 0; w < THREADS; w++) {
        final int worker = w;
        futures.add(pool.submit((Callable<Integer>) () -> {
          try (Connection c = connect(db);
              PreparedStatement insert = c.prepareStatement("INSERT INTO T VALUES (?, ?, ?)");
              PreparedStatement mine = c.prepareStatement(
                  "SELECT COUNT(*) FROM T WHERE WORKER = ?");
              PreparedStatement point = c.prepareStatement("SELECT V FROM T WHERE ID = ?")) {
            start.await(30, TimeUnit.SECONDS);
            long lastTotal = 0;
            for (int i = 0; i < ROWS_PER_THREAD; i++) {
              final int id = worker * 1_000_000 + i;
              insert.setInt(1, id);
              insert.setInt(2, worker);
              insert.setString(3, "w" + worker + "-" + i);
              assertEquals(1, insert.executeUpdate());
              // read your own write at once
              point.setInt(1, id);
              try (ResultSet rs = point.executeQuery()) {
                assertTrue(rs.next(), "worker " + worker + " does not see its row " + id);
                assertEquals("w" + worker + "-" + i, rs.getString(1));
              }
              if (i % 100 == 99) {
                mine.setInt(1, worker);
                try (ResultSet rs = mine.executeQuery()) {
                  rs.next();
                  assertEquals(i + 1, rs.getLong(1), "worker " + worker + " own rows");
                }
                // the total grows monotonically as seen by this connection
                final long total = count(c, "T");
                assertTrue(total >= lastTotal && total >= i + 1,
                    "total " + total + " after " + lastTotal);
                lastTotal = total;
              }
            }
            return ROWS_PER_THREAD;
          }
        }));
      }
      assertEquals(List.of(ROWS_PER_THREAD, ROWS_PER_THREAD, ROWS_PER_THREAD, ROWS_PER_THREAD),
          all(futures, 240));
      assertEquals((long) THREADS * ROWS_PER_THREAD, count(setup, "T"));
      for (int w = 0; w < THREADS; w++) {
        assertEquals(ROWS_PER_THREAD, count(setup, "SELECT COUNT(*) FROM T WHERE WORKER = " + w));
        assertEquals(ROWS_PER_THREAD, count(setup, "SELECT COUNT(DISTINCT ID) FROM T WHERE ID"
            + " BETWEEN " + w * 1_000_000 + " AND " + (w * 1_000_000 + ROWS_PER_THREAD - 1)));
      }
    }
  }

  @Test
  void sameKeysFromTwoConnectionsExactlyOneInsertWins() throws Exception {
    final Path db = dir.resolve("db");
    final int keys = 500;
    try (Connection setup = connect(db)) {
      exec(setup, "CREATE TABLE T (ID INTEGER NOT NULL, WORKER INTEGER NOT NULL,"
          + " PRIMARY KEY (ID))");
      final CyclicBarrier start = new CyclicBarrier(2);
      final List<Future<boolean[]>> futures = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        final int worker = w;
        futures.add(pool.submit(() -> {
          final boolean[] won = new boolean[keys];
          try (Connection c = connect(db);
              PreparedStatement insert = c.prepareStatement("INSERT INTO T VALUES (?, ?)")) {
            start.await(30, TimeUnit.SECONDS);
            for (int k = 0; k < keys; k++) {
              insert.setInt(1, k);
              insert.setInt(2, worker);
              try {
                assertEquals(1, insert.executeUpdate());
                won[k] = true;
              } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                  throw new AssertionError("worker " + worker + " key " + k + ": expected"
                      + " 23505 or success, got " + e.getSQLState() + ": " + e.getMessage(), e);
                }
              }
            }
          }
          return won;
        }));
      }
      final List<boolean[]> results = all(futures, 240);
      final List<Integer> bothOrNeither = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        if (results.get(0)[k] == results.get(1)[k]) {
          bothOrNeither.add(k);
        }
      }
      assertEquals(List.of(), bothOrNeither, "keys where not exactly one insert succeeded");
      assertEquals(keys, count(setup, "T"));
      // the stored owner of each key is the worker whose insert succeeded
      try (PreparedStatement ps = setup.prepareStatement("SELECT WORKER FROM T WHERE ID = ?")) {
        for (int k = 0; k < keys; k++) {
          ps.setInt(1, k);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(results.get(0)[k] ? 0 : 1, rs.getInt(1), "owner of key " + k);
          }
        }
      }
    }
  }

  /**
   * {@code IF NOT EXISTS} and {@code IF EXISTS} racing with themselves: every connection
   * creates and drops the same table, index, entity and monitor over and over, and none may
   * get the "already exists" (42S01) or "does not exist" (42S02) the clauses are there to
   * avoid.
   */
  @Test
  void conditionalDdlRacingWithItselfNeverFails() throws Exception {
    final Path db = dir.resolve("ddl");
    final int rounds = 40;
    try (Connection setup = connect(db)) {
      exec(setup, "CREATE TABLE indexed (id INTEGER PRIMARY KEY, v INTEGER)",
          "INSERT INTO indexed VALUES (1, 10), (2, 20)",
          "CREATE TABLE monitored (id INTEGER PRIMARY KEY, amount DOUBLE)",
          "INSERT INTO monitored VALUES (1, 1.5), (2, 2.5), (3, 0.5), (4, 4.0), (5, 3.0)");
      final CyclicBarrier start = new CyclicBarrier(THREADS);
      final List<Future<Integer>> futures = new ArrayList<>();
      for (int w = 0; w < THREADS; w++) {
        futures.add(pool.submit((Callable<Integer>) () -> {
          try (Connection c = connect(db)) {
            start.await(30, TimeUnit.SECONDS);
            for (int i = 0; i < rounds; i++) {
              exec(c, "CREATE TABLE IF NOT EXISTS scratch (id INTEGER PRIMARY KEY)",
                  "CREATE INDEX IF NOT EXISTS indexed_v ON indexed (v)",
                  "CREATE ENTITY IF NOT EXISTS rider (rider_id BIGINT)",
                  "CREATE MONITOR IF NOT EXISTS amounts ON monitored (amount)"
                      + " REFERENCE AS SELECT amount FROM monitored",
                  "DROP TABLE IF EXISTS scratch",
                  "DROP INDEX IF EXISTS indexed_v",
                  "DROP ENTITY IF EXISTS rider",
                  "DROP MONITOR IF EXISTS amounts");
            }
            return rounds;
          }
        }));
      }
      assertEquals(List.of(rounds, rounds, rounds, rounds), all(futures, 240));
      assertEquals(2, count(setup, "SELECT COUNT(*) FROM indexed WHERE v >= 10"));
      exec(setup, "CREATE TABLE scratch (id INTEGER PRIMARY KEY)",
          "CREATE INDEX indexed_v ON indexed (v)", "CREATE ENTITY rider (rider_id BIGINT)",
          "CREATE MONITOR amounts ON monitored (amount) REFERENCE AS SELECT amount FROM"
              + " monitored");
    }
  }
}
