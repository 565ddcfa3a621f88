package dev.sorrel.e2e.segments;

import static dev.sorrel.e2e.Queries.assertSameRows;
import static dev.sorrel.e2e.Queries.explain;
import static dev.sorrel.e2e.Queries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch path for aggregates over table segments, through JDBC: every
 * query answers as a connection that reads rows only ({@code
 * table_segments=false}) on the same data, also after inserts, updates and
 * deletes inside and outside the reading transaction; EXPLAIN shows which
 * path a query takes.
 */
class BatchAggregateTest {
  @TempDir Path dir;

  private static final List<String> QUERIES = List.of(
      "SELECT COUNT(*) FROM t",
      "SELECT COUNT(*) FROM t WHERE revenue > 90.0",
      "SELECT COUNT(*), SUM(n), SUM(id), MIN(n), MAX(n), MIN(revenue), MAX(revenue) FROM t",
      "SELECT arm, COUNT(*), AVG(revenue), VAR_SAMP(revenue), AVG(pre) FROM t GROUP BY arm"
          + " ORDER BY arm",
      "SELECT flag, COUNT(pre), SUM(pre), VAR_POP(pre), STDDEV_SAMP(pre), STDDEV_POP(pre)"
          + " FROM t GROUP BY flag ORDER BY flag",
      "SELECT d, COUNT(*), MIN(arm), MAX(arm) FROM t GROUP BY d ORDER BY d",
      "SELECT ts, SUM(CAST(s AS INTEGER)) FROM t WHERE n < 300 GROUP BY ts ORDER BY ts",
      "SELECT n, COUNT(*) FROM t WHERE n BETWEEN 10 AND 20 GROUP BY n ORDER BY n",
      "SELECT arm, flag, COUNT(*), SUM(n * 2 + id) FROM t GROUP BY arm, flag ORDER BY arm, flag",
      "SELECT COUNT(*) FROM t WHERE arm IN ('arm0', 'arm2') OR pre IS NULL",
      "SELECT COUNT(*) FROM t WHERE NOT (revenue <> pre) OR arm = 'arm1' AND flag",
      "SELECT COUNT(*) FROM t WHERE pre IS NOT NULL AND NOT flag",
      "SELECT COUNT(*) FROM t WHERE flag IS TRUE OR pre IS NULL",
      "SELECT COUNT(*), SUM(revenue - pre) FROM t WHERE (pre > 0) IS NOT FALSE",
      "SELECT COUNT(*) FROM t WHERE d >= DATE '2026-01-05' AND d < DATE '2026-01-09'",
      "SELECT COUNT(*) FROM t WHERE ts > TIMESTAMP '2026-01-01 02:00:00'",
      "SELECT COUNT(*), MIN(ts), MAX(d) FROM t WHERE n <> 7 AND revenue <= 50",
      "SELECT COUNT(*), SUM(n) FROM t WHERE n = 4242",
      "SELECT COUNT(*) FROM t WHERE n > 2000",
      "SELECT COUNT(*), SUM(revenue / 2) FROM t WHERE arm < 'arm1' OR arm >= 'arm2'",
      "SELECT SUM(CAST(n AS BIGINT)), MIN(s), MAX(s), AVG(n) FROM t WHERE s IS NOT NULL");

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

  private static void create(Connection c) throws SQLException {
    exec(c, "CREATE TABLE t (id BIGINT PRIMARY KEY, arm VARCHAR(10), revenue DOUBLE,"
        + " pre DOUBLE, ts TIMESTAMP, flag BOOLEAN, n INTEGER, d DATE, s SMALLINT)");
  }

  private static void fill(Connection c, int from, int rows, long seed) throws SQLException {
    final boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            + " arm = EXCLUDED.arm, revenue = EXCLUDED.revenue, pre = EXCLUDED.pre,"
            + " ts = EXCLUDED.ts, flag = EXCLUDED.flag, n = EXCLUDED.n, d = EXCLUDED.d,"
            + " s = EXCLUDED.s")) {
      final Random random = new Random(seed);
      for (int i = from; i < from + rows; i++) {
        ps.setLong(1, i);
        ps.setString(2, random.nextInt(13) == 0 ? null : "arm" + random.nextInt(3));
        ps.setDouble(3, random.nextDouble() * 100);
        if (random.nextInt(9) == 0) {
          ps.setNull(4, java.sql.Types.DOUBLE);
        } else {
          ps.setDouble(4, random.nextGaussian() * 10);
        }
        ps.setTimestamp(5, new java.sql.Timestamp(1_767_225_600_000L + (i % 50) * 600_000L));
        if (random.nextInt(7) == 0) {
          ps.setNull(6, java.sql.Types.BOOLEAN);
        } else {
          ps.setBoolean(6, random.nextBoolean());
        }
        ps.setInt(7, random.nextInt(1000));
        ps.setDate(8, java.sql.Date.valueOf(java.time.LocalDate.of(2026, 1, 1)
            .plusDays(random.nextInt(12))));
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
    c.setAutoCommit(autoCommit);
  }

  private static List<List<Object>> executed(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      final List<List<Object>> rows = new ArrayList<>();
      final int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        final List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  private static void assertSameAnswers(Connection batches, Connection rows, String step)
      throws SQLException {
    for (String query : QUERIES) {
      assertSameRows(rows(rows, query), rows(batches, query), step + ": " + query);
    }
  }

  @Test void everyQueryAnswersAsTheRowPathAndExplainShowsTheBatchPath() throws Exception {
    try (Connection b = batches(); Connection r = rowsOnly()) {
      create(b);
      fill(b, 0, 20_000, 1);
      exec(b, "ALTER TABLE t COMPACT");
      for (String query : QUERIES) {
        final String plan = explain(b, query);
        assertTrue(plan.contains("SorrelBatchAggregate")
            && plan.contains("batches=[segment (current"), query + "\n" + plan);
        assertFalse(explain(r, query).contains("SorrelBatchAggregate"), query);
      }
      assertSameAnswers(b, r, "compacted");
      // The segment's two halves add their sums apart (see ParallelBatchAggregateTest), so
      // doubles may differ from the row path's in the last bits, but not from run to run.
      for (String query : QUERIES) {
        assertEquals(rows(b, query), rows(b, query), query);
      }
    }
  }

  @Test void staleSegmentsOverlayWritesExactly() throws Exception {
    try (Connection b = batches(); Connection r = rowsOnly()) {
      create(b);
      fill(b, 0, 15_000, 2);
      exec(b, "ALTER TABLE t COMPACT");
      fill(b, 14_000, 2_000, 3); // updates and inserts
      exec(b, "DELETE FROM t WHERE MOD(id, 97) = 0", "UPDATE t SET arm = NULL WHERE MOD(id, 89) = 1",
          "INSERT INTO t (id, n) VALUES (-5, 3)");
      final String plan = explain(b, QUERIES.get(3));
      assertTrue(plan.contains("changed keys overlaid"), plan);
      assertSameAnswers(b, r, "overlaid");
      assertEquals(rows(b, QUERIES.get(3)), rows(b, QUERIES.get(3)), "the same doubles");
      // Inside a transaction that writes: its own writes count (read as rows).
      final long total = (Long) rows(r, "SELECT COUNT(*) FROM t").get(0).get(0);
      final long low = (Long) rows(r, "SELECT COUNT(*) FROM t WHERE id < 100").get(0).get(0);
      b.setAutoCommit(false);
      exec(b, "DELETE FROM t WHERE id < 100", "INSERT INTO t (id, n, revenue) VALUES (-7, 1, 95)");
      assertEquals(List.of(List.of(total - low + 1)), rows(b, "SELECT COUNT(*) FROM t"));
      final long high = (Long) rows(r, "SELECT COUNT(*) FROM t WHERE revenue > 90.0").get(0).get(0);
      final long lowIds = (Long) rows(r, "SELECT COUNT(*) FROM t WHERE revenue > 90.0"
          + " AND id < 100").get(0).get(0);
      assertEquals(List.of(List.of(high - lowIds + 1)),
          rows(b, "SELECT COUNT(*) FROM t WHERE revenue > 90.0"));
      // Another connection still reads the committed rows, from the segment.
      assertSameRows(rows(r, QUERIES.get(3)), rows(batches(), QUERIES.get(3)), "other");
      b.rollback();
      b.setAutoCommit(true);
      // A transaction that only reads, while another commits: its snapshot stays.
      r.setAutoCommit(false);
      final List<List<Object>> before = rows(r, "SELECT COUNT(*), SUM(n) FROM t");
      b.setAutoCommit(false);
      final List<List<Object>> inTx = rows(b, "SELECT COUNT(*), SUM(n) FROM t");
      assertEquals(before, inTx);
      try (Connection other = batches()) {
        exec(other, "DELETE FROM t WHERE id < 1000");
      }
      assertEquals(inTx, rows(b, "SELECT COUNT(*), SUM(n) FROM t"));
      b.commit();
      r.commit();
      b.setAutoCommit(true);
      r.setAutoCommit(true);
      assertSameAnswers(b, r, "after delete");
      exec(b, "ALTER TABLE t COMPACT");
      assertSameAnswers(b, r, "recompacted");
    }
  }

  @Test void randomDataAndRandomWritesAnswerAsTheRowPath() throws Exception {
    final Random random = new Random(42);
    try (Connection b = batches(); Connection r = rowsOnly()) {
      create(b);
      fill(b, 0, 9_000, random.nextLong());
      exec(b, "ALTER TABLE t COMPACT");
      for (int round = 0; round < 4; round++) {
        fill(b, random.nextInt(9_000), 1 + random.nextInt(500), random.nextLong());
        exec(b, "DELETE FROM t WHERE n = " + random.nextInt(1000));
        assertSameAnswers(b, r, "round " + round);
        if (round == 1) {
          exec(b, "ALTER TABLE t COMPACT");
        }
      }
    }
  }

  @Test void emptyTablesAndNullsAggregateAsTheRowPath() throws Exception {
    try (Connection b = batches(); Connection r = rowsOnly()) {
      create(b);
      exec(b, "ALTER TABLE t COMPACT");
      assertTrue(explain(b, "SELECT COUNT(*) FROM t").contains("SorrelBatchAggregate"));
      assertSameAnswers(b, r, "empty");
      assertEquals(List.of(List.of(0L)), rows(b, "SELECT COUNT(*) FROM t"));
      final List<Object> nulls = new ArrayList<>();
      nulls.add(null);
      nulls.add(0L);
      assertEquals(List.of(nulls), rows(b, "SELECT SUM(n), COUNT(n) FROM t"));
      exec(b, "INSERT INTO t (id) VALUES (1), (2)", "INSERT INTO t (id, n) VALUES (3, 5)",
          "ALTER TABLE t COMPACT");
      assertSameAnswers(b, r, "nulls");
      assertEquals(rows(r, "SELECT arm, n, COUNT(*) FROM t GROUP BY arm, n ORDER BY n"),
          rows(b, "SELECT arm, n, COUNT(*) FROM t GROUP BY arm, n ORDER BY n"));
    }
  }

  @Test void parametersAndOverflowBehaveAsOnTheRowPath() throws Exception {
    try (Connection b = batches(); Connection r = rowsOnly()) {
      create(b);
      fill(b, 0, 5_000, 5);
      exec(b, "INSERT INTO t (id, n) VALUES (9223372036854775807, 2147483647)",
          "ALTER TABLE t COMPACT");
      final String query = "SELECT arm, COUNT(*), SUM(n) FROM t WHERE n BETWEEN ? AND ?"
          + " AND arm <> ? GROUP BY arm ORDER BY arm";
      for (Connection c : List.of(b, r)) {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN PLAN FOR " + query)) {
          ps.setInt(1, 0);
          ps.setInt(2, 0);
          ps.setString(3, "x");
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertEquals(c == b, rs.getString(1).contains("SorrelBatchAggregate"));
          }
        }
      }
      try (PreparedStatement pb = b.prepareStatement(query);
          PreparedStatement pr = r.prepareStatement(query)) {
        for (int low : new int[] {0, 100, 999}) {
          for (PreparedStatement ps : List.of(pb, pr)) {
            ps.setInt(1, low);
            ps.setInt(2, low + 250);
            ps.setString(3, "arm1");
          }
          assertEquals(executed(pr), executed(pb), "from " + low);
        }
      }
      // Integer sums wrap as on the row path; arithmetic that overflows fails the same way.
      assertEquals(rows(r, "SELECT SUM(n), SUM(id) FROM t"), rows(b, "SELECT SUM(n), SUM(id) FROM t"));
      for (String overflow : List.of("SELECT SUM(id + 1) FROM t", "SELECT SUM(n * 2) FROM t",
          "SELECT COUNT(*) FROM t WHERE n + 1 > 0")) {
        final SQLException e = assertThrows(SQLException.class, () -> rows(b, overflow));
        final SQLException expected = assertThrows(SQLException.class, () -> rows(r, overflow));
        assertEquals("22003", e.getSQLState(), e.getMessage());
        assertEquals(expected.getSQLState(), e.getSQLState());
      }
      // Every operand of AND is evaluated, as on the row path.
      final String both = "SELECT COUNT(*) FROM t WHERE n < 1000 AND n * 2 > 10";
      assertEquals(assertThrows(SQLException.class, () -> rows(r, both)).getSQLState(),
          assertThrows(SQLException.class, () -> rows(b, both)).getSQLState());
      final SQLException e = assertThrows(SQLException.class,
          () -> rows(b, "SELECT COUNT(*) FROM t WHERE nope > 1"));
      assertEquals("42S22", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("line 1, column 30"), e.getMessage());
    }
  }

  /**
   * A comparison of a column with a parameter skips the blocks whose statistics rule it out
   * for each execution's value: at block edges, past the data and the type's ends, with NULL
   * and NaN, either side of the comparison, over rows changed since the segment was built,
   * every answer is the row path's.
   */
  @Test void parameterComparisonsAnswerAsTheRowPathAtEveryBlockEdge() throws Exception {
    try (Connection b = batches(); Connection r = rowsOnly()) {
      // seq and x rise with the key: each block of 4,096 rows holds its own range of them.
      exec(b, "CREATE TABLE p (id BIGINT PRIMARY KEY, seq BIGINT, x DOUBLE, n INTEGER,"
          + " arm VARCHAR(4))");
      b.setAutoCommit(false);
      try (PreparedStatement ps = b.prepareStatement("INSERT INTO p VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 0; i < 20_000; i++) {
          ps.setLong(1, i);
          ps.setLong(2, i);
          if (i % 1000 == 7) {
            ps.setNull(3, java.sql.Types.DOUBLE);
          } else {
            ps.setDouble(3, i / 200.0);
          }
          ps.setInt(4, i % 1000);
          ps.setString(5, "a" + i % 3);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      b.commit();
      b.setAutoCommit(true);
      exec(b, "ALTER TABLE p COMPACT", "UPDATE p SET x = 500.0, seq = 30000 WHERE id = 8191",
          "DELETE FROM p WHERE id = 12288",
          "INSERT INTO p (id, seq, x, n) VALUES (-5, -5, -1.0, 3)");
      final String[] queries = {
          "SELECT COUNT(*), SUM(n) FROM p WHERE seq > ?",
          "SELECT COUNT(*), MIN(seq), MAX(seq) FROM p WHERE seq <= ?",
          "SELECT COUNT(*) FROM p WHERE ? < seq",
          "SELECT COUNT(*), SUM(n) FROM p WHERE seq = ?",
          "SELECT arm, COUNT(*) FROM p WHERE seq >= ? AND n < 500 GROUP BY arm ORDER BY arm",
          "SELECT COUNT(*), MIN(x), MAX(x) FROM p WHERE x >= ?",
          "SELECT COUNT(*) FROM p WHERE x < ? AND n < 900"};
      final Object[] longs = {null, Long.MIN_VALUE, -6L, -5L, 0L, 4095L, 4096L, 8191L, 12288L,
          16383L, 19999L, 20000L, 30000L, Long.MAX_VALUE};
      final Object[] doubles = {null, Double.NaN, Double.NEGATIVE_INFINITY, -1.0, -0.0, 20.475,
          20.48, 40.95, 99.995, 100.0, 500.0, Double.POSITIVE_INFINITY};
      for (String query : queries) {
        final boolean onX = query.contains("x ");
        final String plan = explain(b, query.replace("?", onX ? "1.0" : "1"));
        assertTrue(plan.contains("SorrelBatchAggregate"), plan);
        try (PreparedStatement pb = b.prepareStatement(query);
            PreparedStatement pr = r.prepareStatement(query)) {
          for (Object value : onX ? doubles : longs) {
            for (PreparedStatement ps : List.of(pb, pr)) {
              if (value == null) {
                ps.setNull(1, onX ? java.sql.Types.DOUBLE : java.sql.Types.BIGINT);
              } else {
                ps.setObject(1, value);
              }
            }
            assertEquals(outcome(pr), outcome(pb), query + " with " + value);
          }
        }
      }
    }
  }

  /** The outcome of one execution: its rows, or the SQLState it failed with. */
  private static Object outcome(PreparedStatement ps) {
    try {
      return executed(ps);
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }

  @Test void parametersAndLiteralsAreReadInTheirDeclaredTypesAsOnTheRowPath() throws Exception {
    try (Connection b = batches(); Connection r = rowsOnly()) {
      exec(b, "CREATE TABLE u (id BIGINT PRIMARY KEY, r REAL, n INTEGER, code VARCHAR(2))");
      try (PreparedStatement ps = b.prepareStatement("INSERT INTO u VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < 100; i++) {
          ps.setLong(1, i);
          ps.setFloat(2, i % 3 == 0 ? 0.1f : i / 4f);
          ps.setInt(3, i % 7);
          ps.setString(4, i % 2 == 0 ? "ab" : "a");
          ps.addBatch();
        }
        ps.executeBatch();
      }
      exec(b, "ALTER TABLE u COMPACT");
      final String real = "SELECT COUNT(*) FROM u WHERE r = CAST(0.1 AS REAL)";
      assertTrue(explain(b, real).contains("SorrelBatchAggregate"), explain(b, real));
      assertEquals(List.of(List.of(34L)), rows(r, real));
      assertEquals(rows(r, real), rows(b, real));
      final String[] prepared = {"SELECT COUNT(*) FROM u WHERE r = ?",
          "SELECT COUNT(*), SUM(n) FROM u WHERE n = ?", "SELECT COUNT(*) FROM u WHERE code = ?"};
      final Object[][] values = {{0.1, 0.1f, 0.25}, {5, 4294967301L, -1L}, {"ab", "abc", "a"}};
      for (int q = 0; q < prepared.length; q++) {
        try (PreparedStatement pb = b.prepareStatement(prepared[q]);
            PreparedStatement pr = r.prepareStatement(prepared[q])) {
          for (Object value : values[q]) {
            pb.setObject(1, value);
            pr.setObject(1, value);
            assertEquals(outcome(pr), outcome(pb), prepared[q] + " with " + value);
          }
        }
      }
    }
  }

  @Test void whatTheBatchPathCannotRunStaysOnTheRowPath() throws Exception {
    try (Connection b = batches(); Connection r = rowsOnly()) {
      exec(b, "CREATE TABLE u (id BIGINT PRIMARY KEY, x DECIMAL(10, 2), n INTEGER, r REAL)");
      exec(b, "INSERT INTO u VALUES (1, 1.50, 3, 1.5), (2, NULL, 4, 2.5), (3, 2.25, 4, NULL)",
          "ALTER TABLE u COMPACT");
      for (String query : List.of("SELECT SUM(x) FROM u", "SELECT COUNT(DISTINCT n) FROM u",
          "SELECT n, SUM(r) FROM u GROUP BY n ORDER BY n", "SELECT SUM(n / 2) FROM u",
          "SELECT COUNT(*) FROM u WHERE id > 1", "SELECT MIN(n) FILTER (WHERE n > 3) FROM u",
          "SELECT n FROM u GROUP BY n ORDER BY n")) {
        final String plan = explain(b, query);
        if (query.contains("FILTER") || query.contains("SUM(x)")
            || query.contains("SUM(r)") || query.contains("n / 2") || query.contains("id > 1")) {
          assertFalse(plan.contains("SorrelBatchAggregate"), query + "\n" + plan);
        }
        assertEquals(rows(r, query), rows(b, query), query);
      }
    }
  }
}
