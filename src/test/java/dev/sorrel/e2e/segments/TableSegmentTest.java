package dev.sorrel.e2e.segments;

import static dev.sorrel.e2e.Queries.explain;
import static dev.sorrel.e2e.Queries.rows;
import static dev.sorrel.e2e.Queries.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.RowCodec;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.ValueType;

/**
 * Columnar table segments through JDBC: after a segment is built, every way
 * of writing a table leaves queries answering exactly as a connection that
 * reads RocksDB only ({@code table_segments=false}) on the same database.
 */
class TableSegmentTest {
  @TempDir Path dir;

  /** Queries compared between the two connections: full, key-range and filtered scans. */
  private static final List<String> QUERIES = List.of(
      "SELECT * FROM t",
      "SELECT id, revenue FROM t ORDER BY id DESC",
      "SELECT COUNT(*), SUM(revenue), MIN(pre), MAX(n), COUNT(arm), COUNT(d) FROM t",
      "SELECT arm, COUNT(*), AVG(revenue), VAR_SAMP(revenue), AVG(pre) FROM t GROUP BY arm"
          + " ORDER BY arm",
      "SELECT COUNT(*) FROM t WHERE revenue > 90.0",
      "SELECT * FROM t WHERE id BETWEEN 100 AND 5000",
      "SELECT id, arm FROM t WHERE id > 9990",
      "SELECT id FROM t WHERE id < 10",
      "SELECT * FROM t WHERE flag AND ts > TIMESTAMP '2026-01-01 01:00:00'");

  private String url() {
    return "jdbc:sorrel:" + dir.resolve("db");
  }

  private Connection withSegments() throws SQLException {
    return DriverManager.getConnection(url());
  }

  private Connection withoutSegments() throws SQLException {
    return DriverManager.getConnection(url() + ";table_segments=false");
  }

  private static void exec(Connection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  private static void createAndFill(Connection c, int rows) throws SQLException {
    exec(c, "CREATE TABLE t (id BIGINT PRIMARY KEY, arm VARCHAR(10), revenue DOUBLE,"
        + " pre DOUBLE, ts TIMESTAMP, flag BOOLEAN, n INTEGER, d DECIMAL(10, 2))");
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      final Random random = new Random(7);
      for (int i = 0; i < rows; i++) {
        ps.setLong(1, i * 2L);
        ps.setString(2, i % 17 == 0 ? null : "arm" + (i % 3));
        ps.setDouble(3, random.nextDouble() * 100);
        if (i % 11 == 0) {
          ps.setNull(4, java.sql.Types.DOUBLE);
        } else {
          ps.setDouble(4, random.nextGaussian());
        }
        ps.setTimestamp(5, new java.sql.Timestamp(1_767_225_600_000L + i * 1000L));
        ps.setBoolean(6, i % 2 == 0);
        ps.setInt(7, i % 1000);
        ps.setBigDecimal(8, i % 5 == 0 ? null : java.math.BigDecimal.valueOf(i, 2));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
  }

  private static void assertSameAnswers(Connection segments, Connection rocks, String step)
      throws SQLException {
    for (String query : QUERIES) {
      final List<List<Object>> expected = rows(rocks, query);
      final List<List<Object>> actual = rows(segments, query);
      assertEquals(expected.size(), actual.size(), step + ": " + query);
      for (int r = 0; r < expected.size(); r++) {
        assertEquals(expected.get(r).size(), actual.get(r).size(), step + ": " + query);
        for (int c = 0; c < expected.get(r).size(); c++) {
          final Object e = expected.get(r).get(c);
          final Object a = actual.get(r).get(c);
          if (e instanceof Double x && a instanceof Double y) {
            // An aggregate over a segment of several blocks sums its two halves apart.
            assertEquals(x, y, 1e-9 * Math.max(1, Math.abs(x)), step + ": " + query);
          } else {
            assertEquals(e, a, step + ": " + query + " row " + r + " column " + c);
          }
        }
      }
    }
  }

  private List<Path> segmentFiles() throws IOException {
    final Path segments = dir.resolve("db").resolve("segments");
    if (!Files.isDirectory(segments)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(segments)) {
      return files.filter(f -> f.getFileName().toString().startsWith("t")).toList();
    }
  }

  @Test void everyWritePathAfterABuildAnswersAsWithoutSegments() throws Exception {
    try (Connection a = withSegments(); Connection b = withoutSegments()) {
      createAndFill(a, 10_000);
      assertFalse(explain(a, "SELECT * FROM t").contains("segment="));
      exec(a, "ALTER TABLE t COMPACT");
      assertTrue(explain(a, "SELECT * FROM t").contains("segment=[current"),
          explain(a, "SELECT * FROM t"));
      assertFalse(explain(b, "SELECT id FROM t WHERE id = 4").contains("segment="),
          "a point lookup never reads a segment");
      assertSameAnswers(a, b, "after the build");

      exec(a, "INSERT INTO t (id, arm, revenue) VALUES (-5, 'arm9', 99.5), (3, 'arm1', 91),"
          + " (50001, 'arm2', 95), (20001, NULL, NULL)");
      assertTrue(explain(a, "SELECT * FROM t").contains("changed keys overlaid"),
          explain(a, "SELECT * FROM t"));
      assertSameAnswers(a, b, "insert");
      exec(a, "UPDATE t SET revenue = revenue + 1, arm = 'armX' WHERE id BETWEEN 1000 AND 1100");
      assertSameAnswers(a, b, "update");
      exec(a, "UPDATE t SET id = id + 1 WHERE id BETWEEN 3000 AND 3010");
      assertSameAnswers(a, b, "update of the key");
      exec(a, "DELETE FROM t WHERE id < 40 OR id BETWEEN 9000 AND 9100 OR id = 19998");
      assertSameAnswers(a, b, "delete");
      exec(a, "DELETE FROM t WHERE id = -1000");
      assertSameAnswers(a, b, "delete of nothing");
      exec(a, "INSERT INTO t (id, arm, revenue) VALUES (40, 'up', 1), (42, 'up', 2)"
          + " ON CONFLICT (id) DO UPDATE SET revenue = 93, arm = 'upd'");
      assertSameAnswers(a, b, "upsert");
      exec(a, "MERGE INTO t USING (VALUES (44, 97.0), (45, 98.0)) AS s (k, r) ON t.id = s.k"
          + " WHEN MATCHED THEN UPDATE SET revenue = s.r"
          + " WHEN NOT MATCHED THEN INSERT (id, revenue) VALUES (s.k, s.r)");
      assertSameAnswers(a, b, "merge");

      final Path csv = dir.resolve("more.csv");
      Files.writeString(csv, "id,arm,revenue\n7,csv,92.5\n60001,csv,12.5\n");
      exec(a, "COPY t FROM '" + csv + "' WITH (header = true)");
      assertSameAnswers(a, b, "copy");

      a.setAutoCommit(false);
      exec(a, "INSERT INTO t (id, arm, revenue) VALUES (9, 'tx', 99)",
          "DELETE FROM t WHERE id = 200");
      // The transaction reads its own writes (it falls back to RocksDB).
      assertEquals(1L, single(a, "SELECT COUNT(*) FROM t WHERE id = 9 OR id < 10 AND arm = 'tx'"));
      assertEquals(0L, single(a, "SELECT COUNT(*) FROM t WHERE id BETWEEN 199 AND 201"));
      assertEquals(0L, single(b, "SELECT COUNT(*) FROM t WHERE id = 9"));
      a.rollback();
      assertSameAnswers(a, b, "rolled back");
      exec(a, "INSERT INTO t (id, arm, revenue) VALUES (11, 'tx', 99)",
          "UPDATE t SET pre = 0 WHERE id BETWEEN 500 AND 700");
      a.commit();
      a.setAutoCommit(true);
      assertSameAnswers(a, b, "committed");

      exec(a, "ALTER TABLE t COMPACT");
      assertTrue(explain(a, "SELECT * FROM t").contains("segment=[current"));
      assertSameAnswers(a, b, "after a second build");
      assertEquals(1, segmentFiles().size(), "the old segment is deleted");

      exec(a, "DROP TABLE t");
      assertEquals(List.of(), segmentFiles(), "dropping the table deletes its segment");
      createAndFill(a, 100);
      assertFalse(explain(a, "SELECT * FROM t").contains("segment="));
      assertSameAnswers(a, b, "a new table of the same name");
    }
  }

  @Test void aKeylessTableReadsItsSegmentExactly() throws Exception {
    try (Connection a = withSegments(); Connection b = withoutSegments()) {
      exec(a, "CREATE TABLE k (v INTEGER, s VARCHAR(5))",
          "INSERT INTO k VALUES (1, 'a'), (2, 'b'), (2, 'b'), (3, NULL)",
          "ALTER TABLE k COMPACT",
          "DELETE FROM k WHERE v = 1",
          "INSERT INTO k VALUES (4, 'd')",
          "UPDATE k SET s = 'z' WHERE v = 3");
      assertTrue(explain(a, "SELECT * FROM k").contains("changed keys overlaid"));
      assertEquals(rows(b, "SELECT * FROM k"), rows(a, "SELECT * FROM k"));
      assertEquals(4, rows(a, "SELECT * FROM k").size());
    }
  }

  /**
   * A write that changes a table without recording its keys (as a bulk path
   * that ingests files might) moves the table's version without a usable
   * log entry: scans stop using the segment until it is rebuilt.
   */
  @Test void aWriteThatBypassesTheLogMakesScansReadRocksDb() throws Exception {
    try (Connection a = withSegments(); Connection b = withoutSegments();
         Database db = Database.open(dir.resolve("db"), DatabaseOptions.DEFAULT)) {
      createAndFill(a, 1000);
      exec(a, "ALTER TABLE t COMPACT");
      final Table table = db.catalog().table("T");
      final ValueType[] types = table.columns().stream().map(c -> c.type())
          .toArray(ValueType[]::new);
      final Object[] row = {77_777L, "raw", 99.0, null, null, null, null, null};
      try (Transaction tx = db.begin()) {
        tx.wrote(table);
        tx.storage().put(Space.DATA, table.rowKey(row), new RowCodec(types).encode(row));
        tx.commit();
      }
      assertTrue(explain(a, "SELECT * FROM t").contains("not used"),
          explain(a, "SELECT * FROM t"));
      assertSameAnswers(a, b, "after a write without keys");
      assertEquals(List.of(List.of(77_777L, "raw")),
          rows(a, "SELECT id, arm FROM t WHERE id > 70000"));
      exec(a, "ALTER TABLE t COMPACT");
      assertTrue(explain(a, "SELECT * FROM t").contains("segment=[current"));
      assertSameAnswers(a, b, "rebuilt");
    }
  }

  @Test void aSegmentSurvivesReopeningAndADamagedOneIsRebuilt() throws Exception {
    try (Connection a = withSegments()) {
      createAndFill(a, 5000);
      exec(a, "ALTER TABLE t COMPACT", "INSERT INTO t (id) VALUES (1)");
    }
    try (Connection a = withSegments(); Connection b = withoutSegments()) {
      assertTrue(explain(a, "SELECT * FROM t").contains("changed keys overlaid"),
          "the log survives reopening: " + explain(a, "SELECT * FROM t"));
      assertSameAnswers(a, b, "reopened");
    }
    final Path file = segmentFiles().get(0);
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.seek(raw.length() / 2);
      final int b = raw.read();
      raw.seek(raw.length() / 2);
      raw.write(b ^ 0xff);
    }
    try (Connection a = withSegments(); Connection b = withoutSegments()) {
      assertFalse(explain(a, "SELECT * FROM t").contains("segment="),
          "a damaged file is never read");
      assertSameAnswers(a, b, "damaged");
      assertFalse(Files.exists(file), "and deleted");
      exec(a, "ALTER TABLE t COMPACT");
      assertTrue(explain(a, "SELECT * FROM t").contains("segment=[current"));
      assertSameAnswers(a, b, "rebuilt");
    }
  }

  @Test void largeWritesBuildASegmentInTheBackground() throws Exception {
    try (Connection a = DriverManager.getConnection(url() + ";segment_min_rows=2000");
         Connection b = withoutSegments()) {
      createAndFill(a, 3000);
      final long deadline = System.nanoTime() + 30_000_000_000L;
      while (!explain(a, "SELECT * FROM t").contains("segment=[current")) {
        assertTrue(System.nanoTime() < deadline, "no segment was built");
        Thread.sleep(20);
      }
      assertSameAnswers(a, b, "built in the background");
    }
  }

  /**
   * Readers during builds and writes see consistent snapshots: every
   * transaction moves an amount between two rows, so the total never changes.
   */
  @Test void readersDuringBuildsSeeExactSnapshots() throws Exception {
    try (Connection setup = withSegments()) {
      exec(setup, "CREATE TABLE acct (id INTEGER PRIMARY KEY, v BIGINT)");
      try (PreparedStatement ps = setup.prepareStatement("INSERT INTO acct VALUES (?, 100)")) {
        for (int i = 0; i < 5000; i++) {
          ps.setInt(1, i);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      exec(setup, "ALTER TABLE acct COMPACT");
    }
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final List<Thread> threads = new ArrayList<>();
    threads.add(new Thread(() -> run(failure, stop, () -> {
      try (Connection c = withSegments()) {
        final Random random = new Random(3);
        while (!stop.get()) {
          final int from = random.nextInt(5000);
          final int to = random.nextInt(5000);
          final int amount = random.nextInt(50);
          c.setAutoCommit(false);
          exec(c, "UPDATE acct SET v = v - " + amount + " WHERE id = " + from,
              "UPDATE acct SET v = v + " + amount + " WHERE id = " + to);
          c.commit();
        }
      }
    })));
    threads.add(new Thread(() -> run(failure, stop, () -> {
      try (Connection c = withSegments()) {
        while (!stop.get()) {
          exec(c, "ALTER TABLE acct COMPACT");
        }
      }
    })));
    for (Thread thread : threads) {
      thread.start();
    }
    try (Connection c = withSegments()) {
      for (int i = 0; i < 150 && failure.get() == null; i++) {
        assertEquals(List.of(List.of(5000L, 500_000L)),
            rows(c, "SELECT COUNT(*), SUM(v) FROM acct"));
        assertEquals(5000L, single(c, "SELECT COUNT(*) FROM acct WHERE id >= 0"));
      }
    } finally {
      stop.set(true);
      for (Thread thread : threads) {
        thread.join();
      }
    }
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  private static void run(AtomicReference<Throwable> failure, AtomicBoolean stop, Body body) {
    try {
      body.run();
    } catch (Throwable e) {
      failure.compareAndSet(null, e);
      stop.set(true);
    }
  }

  @Test void randomizedWritesAnswerAsARunWithoutSegments() throws Exception {
    try (Connection a = DriverManager.getConnection(url() + ";segment_min_rows=300");
         Connection b = withoutSegments()) {
      createAndFill(a, 2000);
      exec(a, "ALTER TABLE t COMPACT");
      final Random random = new Random(42);
      for (int step = 0; step < 60; step++) {
        final long id = random.nextInt(5000);
        final String sql = switch (random.nextInt(7)) {
          case 0 -> "INSERT INTO t (id, arm, revenue) VALUES (" + (id * 2 + 1) + ", 'r"
              + step + "', " + random.nextInt(100) + ") ON CONFLICT DO NOTHING";
          case 1 -> "UPDATE t SET revenue = " + random.nextInt(100) + " WHERE id BETWEEN "
              + id + " AND " + (id + random.nextInt(300));
          case 2 -> "DELETE FROM t WHERE id BETWEEN " + id + " AND " + (id + random.nextInt(50));
          case 3 -> "UPDATE t SET id = id + 100001 WHERE id = " + id * 2;
          case 4 -> "INSERT INTO t (id, arm) SELECT id + 200001, arm FROM t WHERE id BETWEEN "
              + id + " AND " + (id + random.nextInt(400)) + " ON CONFLICT DO NOTHING";
          case 5 -> step % 3 == 0 ? "ALTER TABLE t COMPACT" : "DELETE FROM t WHERE id = -1";
          default -> "INSERT INTO t (id, arm, revenue) VALUES (" + (id * 2 + 1) + ", 'u', 1)"
              + " ON CONFLICT (id) DO UPDATE SET revenue = revenue + 1";
        };
        exec(a, sql);
        assertSameAnswers(a, b, "step " + step + " (" + sql + ")");
      }
    }
  }

  @Test void mistakesAreReportedWithTheirState() throws Exception {
    try (Connection a = withSegments()) {
      exec(a, "CREATE ENTITY user_e (uid BIGINT)",
          "CREATE FEATURE VIEW fv ENTITY user_e (x DOUBLE)");
      SQLException e = assertThrows(SQLException.class,
          () -> exec(a, "ALTER TABLE missing COMPACT"));
      assertEquals("42S02", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("line 1, column 13"), e.getMessage());
      e = assertThrows(SQLException.class, () -> exec(a, "ALTER TABLE fv COMPACT"));
      assertEquals("42809", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("ALTER FEATURE VIEW"), e.getMessage());
      e = assertThrows(SQLException.class, () -> exec(a, "ALTER TABLE fv COMPACT NOW"));
      assertEquals("42000", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("line 1, column 24"), e.getMessage());
    }
    final SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url() + ";table_segments=maybe").close());
    assertEquals("08001", e.getSQLState(), e.getMessage());
  }

  @Test void anInMemoryDatabaseHasNoSegments() throws Exception {
    try (Connection a = DriverManager.getConnection("jdbc:sorrel:mem:segments_"
        + System.nanoTime())) {
      exec(a, "CREATE TABLE t (id INTEGER PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)",
          "ALTER TABLE t COMPACT");
      assertFalse(explain(a, "SELECT * FROM t").contains("segment="));
      assertEquals(2L, single(a, "SELECT COUNT(*) FROM t"));
    }
  }
}
