package dev.sorrel.e2e.segments;

import static dev.sorrel.e2e.Queries.assertSameRows;
import static dev.sorrel.e2e.Queries.explain;
import static dev.sorrel.e2e.Queries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggregates over a table segment of two blocks or more read the segment in
 * two parts at once and merge the parts' groups. Through JDBC: every
 * aggregate answers as a connection that reads rows only ({@code
 * table_segments=false}) for every way the blocks split (one row, one block,
 * a full block and one row, uneven parts, many blocks), with NULLs; rows
 * changed after the segment was built are read once, also where the parts
 * meet; errors and cancellation in either part fail the statement as on one
 * thread; the answers are the same on every run.
 */
class ParallelBatchAggregateTest {
  @TempDir Path dir;

  /** Blocks are 4,096 rows: these sizes split the blocks in every way that matters. */
  private static final int[] SIZES = {1, 4_095, 4_096, 4_097, 8_197, 12_305, 41_000};

  private static final List<String> QUERIES = List.of(
      "SELECT COUNT(*), COUNT(pre), SUM(n), SUM(id), MIN(n), MAX(n), MIN(revenue),"
          + " MAX(revenue), MIN(arm), MAX(arm), MIN(d), MAX(ts) FROM t",
      "SELECT arm, COUNT(*), AVG(revenue), VAR_SAMP(revenue), VAR_POP(pre), STDDEV_SAMP(pre),"
          + " STDDEV_POP(revenue), AVG(pre) FROM t GROUP BY arm ORDER BY arm",
      "SELECT flag, COUNT(*), SUM(pre), SUM(CAST(s AS INTEGER)), MIN(s), MAX(s) FROM t"
          + " GROUP BY flag ORDER BY flag",
      "SELECT n, COUNT(*), SUM(revenue) FROM t WHERE n < 40 GROUP BY n ORDER BY n",
      "SELECT d, arm, COUNT(*), MIN(pre), MAX(pre), SUM(id) FROM t GROUP BY d, arm"
          + " ORDER BY d, arm",
      "SELECT COUNT(*), SUM(revenue - pre) FROM t WHERE revenue > 90.0 OR pre IS NULL",
      "SELECT arm, n, COUNT(*) FROM t WHERE n > 990 GROUP BY arm, n ORDER BY arm, n");

  private String url() {
    return "jdbc:sorrel:" + dir.resolve("db");
  }

  private Connection batches() throws SQLException {
    return DriverManager.getConnection(url());
  }

  private Connection rowsOnly() throws SQLException {
    return DriverManager.getConnection(url() + ";table_segments=false");
  }

  private static void exec(Connection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  private static void create(Connection c, String table) throws SQLException {
    exec(c, "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, arm VARCHAR(10),"
        + " revenue DOUBLE, pre DOUBLE, ts TIMESTAMP, flag BOOLEAN, n INTEGER, d DATE,"
        + " s SMALLINT)");
  }

  /** Writes (or overwrites) rows with ids {@code from, from + step, ...}: random, with NULLs. */
  private static void fill(Connection c, String table, long from, int rows, int step, long seed)
      throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
        + " arm = EXCLUDED.arm, revenue = EXCLUDED.revenue, pre = EXCLUDED.pre,"
        + " ts = EXCLUDED.ts, flag = EXCLUDED.flag, n = EXCLUDED.n, d = EXCLUDED.d,"
        + " s = EXCLUDED.s")) {
      final Random random = new Random(seed);
      for (int i = 0; i < rows; i++) {
        ps.setLong(1, from + (long) i * step);
        ps.setString(2, random.nextInt(11) == 0 ? null : "arm" + random.nextInt(4));
        ps.setDouble(3, random.nextDouble() * 100);
        if (random.nextInt(9) == 0) {
          ps.setNull(4, java.sql.Types.DOUBLE);
        } else {
          ps.setDouble(4, random.nextGaussian() * 10);
        }
        ps.setTimestamp(5, new java.sql.Timestamp(1_767_225_600_000L + random.nextInt(50)
            * 600_000L));
        if (random.nextInt(7) == 0) {
          ps.setNull(6, java.sql.Types.BOOLEAN);
        } else {
          ps.setBoolean(6, random.nextBoolean());
        }
        if (random.nextInt(10) == 0) {
          ps.setNull(7, java.sql.Types.INTEGER);
        } else {
          ps.setInt(7, random.nextInt(1000));
        }
        ps.setDate(8, java.sql.Date.valueOf(java.time.LocalDate.of(2026, 1, 1)
            .plusDays(random.nextInt(5))));
        if (random.nextInt(5) == 0) {
          ps.setNull(9, java.sql.Types.SMALLINT);
        } else {
          ps.setShort(9, (short) random.nextInt(30_000));
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
  }

  private static void assertSameAnswers(Connection batches, Connection rows, String table,
      String step) throws SQLException {
    for (String query : QUERIES) {
      final String sql = query.replaceAll("FROM t\\b", "FROM " + table);
      final List<List<Object>> answer = rows(batches, sql);
      assertSameRows(rows(rows, sql), answer, step + ": " + sql);
      // The parts merge in key order whichever ends first: the same doubles every time.
      assertEquals(answer, rows(batches, sql), step + ", again: " + sql);
    }
  }

  @Test void everySplitOfTheBlocksAnswersAsTheRowPath() throws Exception {
    try (Connection b = batches(); Connection r = rowsOnly()) {
      for (int size : SIZES) {
        final String table = "t" + size;
        create(b, table);
        fill(b, table, 0, size, 1, size);
        exec(b, "ALTER TABLE " + table + " COMPACT");
        final String plan = explain(b, "SELECT COUNT(*) FROM " + table);
        assertTrue(plan.contains("batches=[segment (current"), plan);
        assertSameAnswers(b, r, table, size + " rows");
        assertEquals(List.of(List.of((long) size)), rows(b, "SELECT COUNT(*) FROM " + table));
      }
    }
  }

  @Test void rowsChangedWhereThePartsMeetAreReadOnce() throws Exception {
    try (Connection b = batches(); Connection r = rowsOnly()) {
      create(b, "t");
      // Even ids 0 .. 24,574: three blocks, split between the parts after the first.
      fill(b, "t", 0, 12_288, 2, 7);
      exec(b, "ALTER TABLE t COMPACT");
      // Updates of the last row of a part and the first of the next, inserts between and
      // around them, deletes, and rows before the first and after the last segment row.
      fill(b, "t", 8_188, 8, 1, 8);
      fill(b, "t", 16_380, 8, 1, 9);
      fill(b, "t", -10, 3, 1, 10);
      fill(b, "t", 30_000, 3, 1, 11);
      exec(b, "DELETE FROM t WHERE id IN (8190, 8192, 8194, 0, 24574)",
          "UPDATE t SET n = NULL, arm = 'armX' WHERE MOD(id, 1001) = 0");
      assertTrue(explain(b, QUERIES.get(1)).contains("changed keys overlaid"),
          explain(b, QUERIES.get(1)));
      assertSameAnswers(b, r, "t", "overlaid");
      // A transaction that only reads keeps its snapshot while another commits; it still
      // reads the segment in two parts.
      b.setAutoCommit(false);
      final List<List<Object>> before = rows(b, QUERIES.get(0));
      try (Connection other = batches()) {
        exec(other, "DELETE FROM t WHERE id < 9000", "UPDATE t SET n = 1 WHERE id > 20000");
      }
      assertEquals(before, rows(b, QUERIES.get(0)));
      b.commit();
      b.setAutoCommit(true);
      assertSameAnswers(b, r, "t", "after the other's writes");
      // Writes of the reading transaction itself are read as rows.
      final long all = (Long) rows(r, "SELECT COUNT(*) FROM t").get(0).get(0);
      final long some = (Long) rows(r, "SELECT COUNT(*) FROM t WHERE id BETWEEN 12000 AND 13000")
          .get(0).get(0);
      b.setAutoCommit(false);
      exec(b, "DELETE FROM t WHERE id BETWEEN 12000 AND 13000");
      assertEquals(List.of(List.of(all - some)), rows(b, "SELECT COUNT(*) FROM t"));
      b.rollback();
      b.setAutoCommit(true);
      exec(b, "ALTER TABLE t COMPACT");
      assertSameAnswers(b, r, "t", "recompacted");
    }
  }

  /**
   * MIN and MAX of DOUBLE answer exactly as the row path, whose answers with
   * NaN, infinities and both zeros depend on the order of the rows (see
   * HashAggregator): wherever those values fall among the blocks and the
   * parts, as first or last values of a group and in a group of them alone.
   */
  @Test void minAndMaxOfNanAndSignedZerosAnswerAsTheRowPath() throws Exception {
    final String minMax = "SELECT MIN(x), MAX(x), MIN(y), MAX(y), MIN(z), MAX(z), MIN(w),"
        + " MAX(w) FROM t";
    final String grouped = "SELECT g, MIN(x), MAX(x), MIN(y), MAX(y), MIN(z), MAX(z), MIN(w),"
        + " MAX(w) FROM t GROUP BY g ORDER BY g";
    try (Connection b = batches(); Connection r = rowsOnly()) {
      // Users write NaN as a cast of the string or as 0e0 / 0e0.
      assertEquals(List.of(List.of(Double.NaN, Double.NaN)),
          rows(r, "SELECT CAST('NaN' AS DOUBLE), 0e0 / 0e0"));
      for (int size : new int[] {3, 4_096, 8_197, 12_305}) {
        for (int layout = 0; layout < 4; layout++) {
          exec(b, "CREATE TABLE t (id BIGINT PRIMARY KEY, g INTEGER, x DOUBLE, y DOUBLE,"
              + " z DOUBLE, w DOUBLE)");
          // Where the special values go: first rows, last rows, the second part only,
          // spread over every block.
          final int at = switch (layout) {
            case 0 -> 0;
            case 1 -> size - 3;
            case 2 -> size * 3 / 4;
            default -> size / 2;
          };
          b.setAutoCommit(false);
          try (PreparedStatement ps = b.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)")) {
            final Random random = new Random(size * 10L + layout);
            for (int i = 0; i < size; i++) {
              final int k = i - at;
              final boolean special = (k >= 0 && k < 3) || (layout == 3 && i % 4_000 < 3);
              final int which = special ? Math.floorMod(k, 3) : -1;
              ps.setLong(1, i);
              ps.setInt(2, special && i % 2 == 0 ? 9 : i % 3);
              ps.setDouble(3, which == 0 ? Double.NaN : random.nextGaussian());
              // y >= 0 with both zeros: MIN is -0.0; z <= 0 with both zeros: MAX is 0.0.
              ps.setDouble(4, which == 1 ? -0.0 : which == 2 ? 0.0 : random.nextDouble() + 1);
              ps.setDouble(5, which == 1 ? 0.0 : which == 2 ? -0.0 : -random.nextDouble() - 1);
              ps.setDouble(6, which == 0 ? Double.POSITIVE_INFINITY
                  : which == 1 ? Double.NEGATIVE_INFINITY : which == 2 ? Double.NaN
                  : random.nextGaussian());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          b.commit();
          b.setAutoCommit(true);
          exec(b, "ALTER TABLE t COMPACT");
          final String what = size + " rows, layout " + layout;
          assertTrue(explain(b, grouped).contains("SorrelBatchAggregate"), explain(b, grouped));
          final List<List<Object>> answer = rows(b, minMax);
          assertEquals(rows(r, minMax), answer, what);
          assertEquals(rows(r, grouped), rows(b, grouped), what);
          exec(b, "DROP TABLE t");
        }
      }
    }
  }

  @Test void anErrorInEitherPartFailsAsOnTheRowPath() throws Exception {
    try (Connection b = batches(); Connection r = rowsOnly()) {
      create(b, "t");
      fill(b, "t", 0, 20_000, 1, 12);
      // An INTEGER that overflows when doubled: in the first part, then in the second.
      exec(b, "UPDATE t SET n = 2147483647 WHERE id = 5", "ALTER TABLE t COMPACT");
      for (int round = 0; round < 2; round++) {
        for (String sql : List.of("SELECT SUM(n * 2) FROM t", "SELECT arm, SUM(n * 2) FROM t"
            + " GROUP BY arm", "SELECT COUNT(*) FROM t WHERE n + 1 > 0")) {
          final SQLException e = assertThrows(SQLException.class, () -> rows(b, sql));
          final SQLException expected = assertThrows(SQLException.class, () -> rows(r, sql));
          assertEquals("22003", e.getSQLState(), e.getMessage());
          assertEquals(expected.getSQLState(), e.getSQLState());
          assertEquals(expected.getMessage(), e.getMessage());
        }
        exec(b, "UPDATE t SET n = 1 WHERE id = 5", "UPDATE t SET n = 2147483647 WHERE id = 19990",
            "ALTER TABLE t COMPACT");
      }
      // Integer sums wrap in both parts and when merged, as on the row path.
      exec(b, "UPDATE t SET n = 2147483647 WHERE id IN (1, 19000)", "ALTER TABLE t COMPACT");
      assertEquals(rows(r, "SELECT SUM(n), SUM(id * 1000000000000) FROM t"),
          rows(b, "SELECT SUM(n), SUM(id * 1000000000000) FROM t"));
      // The statement and the connection work after the failures.
      assertSameAnswers(b, r, "t", "after errors");
    }
  }

  /**
   * When rows of both parts fail, the statement reports the error of the
   * first failing row in scan order, in the first part, as the row path does,
   * however soon the second part fails.
   */
  @Test void whenBothPartsFailTheFirstPartsErrorIsReported() throws Exception {
    try (Connection b = batches(); Connection r = rowsOnly()) {
      create(b, "t");
      fill(b, "t", 0, 20_000, 1, 13);
      // Row 8,000, in the first part however five blocks split, overflows an INTEGER; every
      // row from id 9,224 on, in both parts, overflows a BIGINT.
      exec(b, "UPDATE t SET n = 2147483647 WHERE id = 8000", "ALTER TABLE t COMPACT");
      final String both = "SELECT arm, SUM(n * 2 + id * 1000000000000000) FROM t GROUP BY arm";
      final String second = "SELECT SUM(id * 1000000000000000) FROM t WHERE id > 12288";
      final SQLException secondOnly = assertThrows(SQLException.class, () -> rows(b, second));
      final SQLException expected = assertThrows(SQLException.class, () -> rows(r, both));
      assertEquals("22003", expected.getSQLState(), expected.getMessage());
      assertTrue(!secondOnly.getMessage().equals(expected.getMessage()),
          secondOnly.getMessage());
      for (int run = 0; run < 10; run++) {
        final SQLException e = assertThrows(SQLException.class, () -> rows(b, both));
        assertEquals(expected.getSQLState(), e.getSQLState());
        assertEquals(expected.getMessage(), e.getMessage());
      }
      assertEquals(secondOnly.getMessage(),
          assertThrows(SQLException.class, () -> rows(r, second)).getMessage());
    }
  }

  @Test void cancelStopsBothParts() throws Exception {
    final int rows = 300_000;
    final Path csv = dir.resolve("t.csv");
    try (BufferedWriter out = Files.newBufferedWriter(csv)) {
      out.write("ID,V,A\n");
      for (int i = 0; i < rows; i++) {
        out.write(String.format(Locale.ROOT, "%d,value %d,%d.5%n", i, i, i % 97));
      }
    }
    final ExecutorService runner = Executors.newSingleThreadExecutor();
    try (Connection c = batches()) {
      exec(c, "CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR, a DOUBLE)",
          "COPY t FROM '" + csv + "'", "ALTER TABLE t COMPACT");
      // Grouping by a string of 300,000 values keeps both parts busy for a while.
      final String sql = "SELECT v, COUNT(*), SUM(a) FROM t GROUP BY v";
      assertTrue(explain(c, sql).contains("SorrelBatchAggregate"), explain(c, sql));
      final Random random = new Random(3);
      int canceled = 0;
      for (int round = 0; round < 10; round++) {
        try (Statement s = c.createStatement()) {
          final Future<Object> run = runner.submit(() -> {
            try {
              return executed(s, sql).size();
            } catch (SQLException e) {
              return e;
            }
          });
          Thread.sleep(2 + random.nextInt(40));
          s.cancel();
          final Object outcome = run.get(60, TimeUnit.SECONDS);
          if (outcome instanceof SQLException e) {
            assertEquals("57014", e.getSQLState(), e.getMessage());
            canceled++;
          } else {
            assertEquals(rows, outcome); // finished before the cancel came
          }
        }
      }
      assertTrue(canceled > 0, "no run was still going when canceled");
      // Afterwards the table answers in full.
      assertEquals(rows, rows(c, sql).size());
      assertEquals(List.of(List.of((long) rows)), rows(c, "SELECT COUNT(*) FROM t"));
    } finally {
      runner.shutdownNow();
    }
  }

  /** The rows of a query run on a given statement (so that it can be canceled). */
  private static List<List<Object>> executed(Statement s, String sql) throws SQLException {
    final List<List<Object>> result = new ArrayList<>();
    try (var rs = s.executeQuery(sql)) {
      final int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        final List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        result.add(row);
      }
    }
    return result;
  }
}
