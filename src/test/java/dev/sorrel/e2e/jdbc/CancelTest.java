package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.assertSqlState;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.count;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.storage.Store;

/**
 * {@code Statement.cancel()} from another thread stops every kind of work a statement does
 * (scans, sorts, joins, aggregates, PREDICT, COPY in and out, REFRESH, writes, planning) with
 * 57014, quickly and without waiting for the statement; canceled writes leave nothing, and
 * nothing stays held: no snapshot, no writer lock, and the statement runs again.
 *
 * <p>Each kind is canceled {@value #ROUNDS} times at a random moment of its run; the test prints
 * the latency from {@code cancel()} to the failure (p50, p99, max) and asserts a bound generous
 * enough for a loaded machine.
 */
class CancelTest {
  private static final int ROWS = 200_000;
  private static final int ROUNDS = 20;
  /** The bound asserted on the p99 latency; the target is 100 ms on an idle machine. */
  private static final long P99_BOUND_MILLIS = 1_000;

  @TempDir static Path dir;
  private static String url;
  private static Connection connection;
  private static Path csv;
  private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor();
  private static final List<String> REPORT = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll static void load() throws Exception {
    url = "jdbc:sorrel:mem:cancel_" + System.nanoTime();
    connection = DriverManager.getConnection(url);
    csv = dir.resolve("t.csv");
    try (BufferedWriter out = Files.newBufferedWriter(csv)) {
      out.write("ID,K,V,A,B,C,D\n");
      for (int i = 0; i < ROWS; i++) {
        out.write(i + "," + (i * 7919 % 1000) + ",value " + i + "," + (i % 70) / 10.0 + ",3.0,"
            + (i % 50) / 10.0 + ",1.5\n");
      }
    }
    final Path model = dir.resolve("mlp.onnx");
    try (InputStream in = CancelTest.class.getResourceAsStream("/models/mlp_iris.onnx")) {
      Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
    }
    exec(connection,
        "CREATE TABLE t (id BIGINT PRIMARY KEY, k INT, v VARCHAR, a DOUBLE, b DOUBLE,"
            + " c DOUBLE, d DOUBLE)",
        "CREATE TABLE loaded (id BIGINT PRIMARY KEY, k INT, v VARCHAR, a DOUBLE, b DOUBLE,"
            + " c DOUBLE, d DOUBLE)",
        "CREATE TABLE copied (id BIGINT PRIMARY KEY, k INT, v VARCHAR, a DOUBLE, b DOUBLE,"
            + " c DOUBLE, d DOUBLE)",
        "COPY t FROM '" + csv + "'",
        "CREATE MODEL m FROM '" + model + "'",
        "CREATE ENTITY item (item_id BIGINT)",
        "CREATE FEATURE VIEW scores ENTITY item AS SELECT id AS item_id,"
            + " TIMESTAMP '2026-01-01 00:00:00' AS event_timestamp, a AS score FROM t");
    for (int i = 1; i <= 6; i++) {
      exec(connection, "CREATE TABLE j" + i + " (a" + i + " INT PRIMARY KEY, b" + i + " INT)");
    }
    assertEquals(ROWS, count(connection, "t"));
  }

  @AfterAll static void report() throws SQLException {
    RUNNER.shutdownNow();
    REPORT.forEach(System.out::println);
    connection.close();
  }

  @Test void aScanStops() throws Exception {
    cancelRepeatedly("scan", i -> "SELECT id FROM t WHERE v LIKE '%none%'");
  }

  @Test void aSortStops() throws Exception {
    cancelRepeatedly("sort", i -> "SELECT id, v FROM t ORDER BY v DESC");
  }

  @Test void aJoinStops() throws Exception {
    cancelRepeatedly("join", i -> "SELECT COUNT(*) FROM t x JOIN t y ON x.k = y.k");
  }

  @Test void anAggregateStops() throws Exception {
    cancelRepeatedly("aggregate", i -> "SELECT k, COUNT(*), MAX(v), SUM(a) FROM t GROUP BY k");
  }

  @Test void predictStops() throws Exception {
    cancelRepeatedly("PREDICT", i -> "SELECT id, PREDICT_LABEL('m', a, b, c, d) FROM t");
  }

  @Test void aLoadStopsAndLoadsNothing() throws Exception {
    cancelRepeatedly("COPY FROM", i -> "COPY loaded FROM '" + csv + "'",
        "DELETE FROM loaded");
    assertEquals(0, count(connection, "loaded"));
  }

  @Test void anExportStopsAndLeavesNoFile() throws Exception {
    final Path out = dir.resolve("out.csv");
    final Path query = dir.resolve("query.csv");
    cancelRepeatedly("COPY TO", i -> i % 2 == 0 ? "COPY t TO '" + out + "'"
        : "COPY (SELECT id, v FROM t WHERE k > 10) TO '" + query + "'");
    try (var files = Files.list(dir)) {
      assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")),
          "a canceled export left its temporary file");
    }
  }

  /** A refresh canceled part-way writes none of its rows: the view has all of them or none. */
  @Test void aRefreshStopsAndChangesNothing() throws Exception {
    cancelRepeatedly("REFRESH", i -> "REFRESH FEATURE VIEW scores");
    final long rows = count(connection, "scores");
    assertTrue(rows == 0 || rows == ROWS, rows + " rows");
  }

  @Test void aWriteStopsAndRollsBack() throws Exception {
    cancelRepeatedly("INSERT", i -> "INSERT INTO copied SELECT * FROM t",
        "DELETE FROM copied");
    assertEquals(0, count(connection, "copied"));
    // The writer lock was released: another write goes ahead at once.
    final long start = System.nanoTime();
    exec(connection, "INSERT INTO copied VALUES (1, 1, 'x', 1, 1, 1, 1)");
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    exec(connection, "DELETE FROM copied");
  }

  /** Planning a six-table join tries many join orders; a cancel stops the planner. */
  @Test void planningStops() throws Exception {
    final StringBuilder from = new StringBuilder("j1");
    final StringBuilder where = new StringBuilder("1 = 1");
    for (int i = 2; i <= 6; i++) {
      from.append(", j").append(i);
      for (int j = 1; j < i; j++) {
        where.append(" AND a").append(i).append(" = b").append(j);
      }
    }
    // Distinct texts: a plan finished before its cancel would be cached for the next round.
    cancelRepeatedly("planning", i -> "SELECT COUNT(*) FROM " + from + " WHERE " + where
        + " AND " + i + " = " + i);
  }

  /** A statement canceled while idle runs its next execution as usual. */
  @Test void aCancelBetweenExecutionsDoesNotStopTheNext() throws Exception {
    try (Statement s = connection.createStatement()) {
      s.cancel();
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(ROWS, rs.getLong(1));
      }
    }
  }

  /** A prepared statement is canceled too, and runs again afterwards. */
  @Test void aPreparedStatementStopsAndRunsAgain() throws Exception {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT COUNT(*) FROM t x JOIN t y ON x.k = y.k WHERE x.id > ?")) {
      ps.setLong(1, -1);
      final Future<SQLException> run = RUNNER.submit(() -> failure(ps::executeQuery));
      // A cancel before the execution starts has nothing to stop; on a loaded machine the
      // runner may start late, so cancel until it has run.
      while (!run.isDone()) {
        Thread.sleep(50);
        ps.cancel();
      }
      final SQLException e = run.get(60, TimeUnit.SECONDS);
      assertTrue(e != null, "the join finished before its cancel");
      assertEquals("57014", e.getSQLState(), e.getMessage());
      ps.setLong(1, ROWS - 2);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertTrue(rs.getLong(1) >= 1);
      }
    }
  }

  /** Nothing a canceled statement held stays open: RocksDB has no snapshot left. */
  @Test void canceledStatementsLeaveNoSnapshot() throws Exception {
    cancelRepeatedly("scan (snapshots)", i -> "SELECT id FROM t WHERE v LIKE '%none%'");
    assertEquals(0, snapshots(), "snapshots left open after canceled scans");
  }

  private interface Execution {
    Object run() throws SQLException;
  }

  /** Runs {@code execution}, reading any result to the end; returns its failure or null. */
  private static SQLException failure(Execution execution) {
    try {
      final Object result = execution.run();
      if (result instanceof ResultSet rs) {
        try (rs) {
          while (rs.next()) {
            rs.getObject(1);
          }
        }
      }
      return null;
    } catch (SQLException e) {
      return e;
    }
  }

  /**
   * Runs the statements {@code sql} makes, canceling each a few milliseconds in, and checks
   * that each fails with 57014; records the latencies from cancel to failure.
   */
  private static void cancelRepeatedly(String kind, IntFunction<String> sql) throws Exception {
    cancelRepeatedly(kind, sql, null);
  }

  /**
   * As {@link #cancelRepeatedly(String, IntFunction)}, running {@code undo} after a run that
   * finished before its cancel came (a cancel that comes before the run starts has nothing to
   * stop), so that the next run starts from the same state.
   */
  private static void cancelRepeatedly(String kind, IntFunction<String> sql, String undo)
      throws Exception {
    if (!kind.equals("planning")) {
      // Planned and compiled ahead (plans are cached by text): the rounds measure running.
      connection.prepareStatement(sql.apply(0)).close();
      connection.prepareStatement(sql.apply(1)).close();
    }
    final Random random = new Random(kind.hashCode());
    final List<Long> latencies = new ArrayList<>();
    long longestCall = 0;
    int finished = 0;
    for (int i = 0; i < ROUNDS; i++) {
      try (Statement s = connection.createStatement()) {
        final String text = sql.apply(i);
        final long[] failedAt = new long[1];
        final Future<SQLException> run = RUNNER.submit(() -> {
          final SQLException e = failure(() -> s.execute(text) ? s.getResultSet() : null);
          failedAt[0] = System.nanoTime();
          return e;
        });
        Thread.sleep(5 + random.nextInt(30));
        final long start = System.nanoTime();
        s.cancel();
        longestCall = Math.max(longestCall, System.nanoTime() - start);
        final SQLException e = run.get(60, TimeUnit.SECONDS);
        if (e == null) {
          finished++; // done before the cancel came
          if (undo != null) {
            exec(connection, undo);
          }
          continue;
        }
        if (!"57014".equals(e.getSQLState()) || !(e instanceof SQLTransientException)) {
          throw new AssertionError(kind + ": expected 57014 but got " + e.getSQLState(), e);
        }
        latencies.add(Math.max(0, failedAt[0] - start));
      }
    }
    assertTrue(latencies.size() >= ROUNDS / 2, kind + ": only " + latencies.size() + " of "
        + ROUNDS + " runs were still going when canceled");
    Collections.sort(latencies);
    final double p50 = latencies.get(latencies.size() / 2) / 1e6;
    final double p99 = latencies.get(Math.min(latencies.size() - 1,
        (int) Math.ceil(latencies.size() * 0.99) - 1)) / 1e6;
    final double max = latencies.get(latencies.size() - 1) / 1e6;
    REPORT.add(String.format("cancel %-18s %2d canceled, %2d finished first: p50 %6.1f ms,"
        + " p99 %6.1f ms, max %6.1f ms; cancel() returned within %.2f ms", kind,
        latencies.size(), finished, p50, p99, max, longestCall / 1e6));
    assertTrue(p99 < P99_BOUND_MILLIS, kind + ": p99 " + p99 + " ms");
    assertTrue(longestCall < TimeUnit.MILLISECONDS.toNanos(250),
        kind + ": cancel() took " + longestCall / 1e6 + " ms");
  }

  /**
   * Open RocksDB snapshots of the shared in-memory database. No API counts them, so the
   * property is read through the store's RocksDB handle, as PredictInterruptTest does.
   */
  private static long snapshots() throws Exception {
    try (Database db = Database.openInMemory(url.substring("jdbc:sorrel:mem:".length()))) {
      final Method rocks = Store.class.getDeclaredMethod("db");
      rocks.setAccessible(true);
      final org.rocksdb.RocksDB r = (org.rocksdb.RocksDB) rocks.invoke(db.store());
      return Long.parseLong(r.getProperty(r.getDefaultColumnFamily(), "rocksdb.num-snapshots"));
    }
  }

  /**
   * A result set's {@code getStatement()} is the statement that made it, and canceling it
   * stops the rows being read; the statement then runs again.
   */
  @Test void aCancelThroughTheResultSetsStatementStopsItsRows() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM t")) {
      assertTrue(rs.next());
      rs.getStatement().cancel();
      assertSqlState(SQLException.class, "57014", () -> {
        while (rs.next()) {
          rs.getLong(1);
        }
      });
      try (ResultSet again = s.executeQuery("SELECT COUNT(*) FROM t")) {
        assertTrue(again.next());
        assertEquals(ROWS, again.getLong(1));
      }
    }
  }

  /** Canceling or timing out a closed statement is 26000, as any call on it. */
  @Test void aClosedStatementCannotBeCanceled() throws SQLException {
    final Statement s = connection.createStatement();
    final PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM t");
    s.close();
    ps.close();
    assertSqlState(SQLException.class, "26000", s::cancel);
    assertSqlState(SQLException.class, "26000", ps::cancel);
    assertSqlState(SQLException.class, "26000", () -> s.setQueryTimeout(1));
    assertSqlState(SQLException.class, "26000", ps::executeQuery);
  }

  /** A negative timeout is a bad value. */
  @Test void aNegativeTimeoutIsRefused() throws SQLException {
    try (Statement s = connection.createStatement()) {
      assertSqlState(SQLException.class, "22023", () -> s.setQueryTimeout(-1));
    }
  }
}
