package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.memory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sorrel.e2e.Queries;

/**
 * The shapes of plans: {@code ORDER BY} the primary key reads in key order with no sort, for
 * every key type whose key order is the order SQL compares in (and sorts where it is not:
 * strings, whose keys order by code point while comparisons go by UTF-16 unit); a large table
 * LEFT JOIN a small one hashes the small side; a join of 20 tables plans in bounded time.
 */
class PlanShapeTest {
  private static String plan(Connection c, String sql) throws SQLException {
    final StringBuilder plan = new StringBuilder();
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  /**
   * For each key type: values inserted out of order come back by {@code ORDER BY k} with no
   * sort in the plan, in the same order as {@code ORDER BY} a non-key copy of the column.
   */
  @Test void orderByTheKeyReadsInKeyOrderForEveryOrderedType() throws SQLException {
    final String[][] cases = {
        {"BIGINT", "5", "-9223372036854775808", "0", "-1", "9223372036854775807", "42"},
        {"INTEGER", "3", "-2147483648", "0", "-7", "2147483647"},
        {"SMALLINT", "3", "-32768", "0", "32767"},
        {"TINYINT", "3", "-128", "0", "127"},
        {"DOUBLE", "2.5", "-1.0E300", "0.0", "-0.5", "1.0E300"},
        {"REAL", "2.5", "-3.0", "0.0", "1.0E30"},
        {"DECIMAL(10, 2)", "2.50", "-1.25", "0.00", "99999999.99", "-99999999.99", "1.2"},
        {"DATE", "DATE '2026-01-02'", "DATE '1969-12-31'", "DATE '2000-02-29'"},
        {"TIME", "TIME '12:00:00'", "TIME '00:00:00'", "TIME '23:59:59'"},
        {"TIMESTAMP", "TIMESTAMP '2026-01-02 03:04:05'", "TIMESTAMP '1969-12-31 23:59:59'",
            "TIMESTAMP '2026-01-02 03:04:04'"},
        {"VARBINARY", "X'80'", "X'00'", "X'7F'", "X'FF01'", "X''", "X'0000'"},
        {"BOOLEAN", "TRUE", "FALSE"},
    };
    try (Connection c = memory()) {
      for (String[] values : cases) {
        final String type = values[0];
        exec(c, "DROP TABLE IF EXISTS k", "CREATE TABLE k (k " + type + " PRIMARY KEY, c "
            + type + ")");
        for (int i = 1; i < values.length; i++) {
          exec(c, "INSERT INTO k VALUES (" + values[i] + ", " + values[i] + ")");
        }
        final String byKey = plan(c, "SELECT k FROM k ORDER BY k");
        assertFalse(byKey.contains("Sort"), type + ": " + byKey);
        assertEquals(shown(Queries.column(c, "SELECT c FROM k ORDER BY c")),
            shown(Queries.column(c, "SELECT k FROM k ORDER BY k")), type);
        assertEquals(values.length - 1, Queries.column(c, "SELECT k FROM k").size(), type);
      }
    }
  }

  /** Values as text, byte arrays in hexadecimal, so that lists of them compare by content. */
  private static List<String> shown(List<Object> values) {
    final List<String> shown = new ArrayList<>();
    for (Object value : values) {
      shown.add(value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes)
          : String.valueOf(value));
    }
    return shown;
  }

  /**
   * String keys are UTF-8 bytes, in code point order, while SQL compares strings by UTF-16
   * unit; the two disagree between a character beyond U+FFFF and one in U+E000..U+FFFF, so
   * ORDER BY a string key sorts, and gives the same order as on a column that is no key.
   */
  @Test void orderByAStringKeySortsAsComparisonsDo() throws SQLException {
    final String emoji = "\uD83D\uDE00"; // U+1F600, after U+FFFD by code point
    final String privateUse = "\uE000";
    final String replacement = "\uFFFD";
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE s (k VARCHAR PRIMARY KEY, c VARCHAR)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO s VALUES (?, ?)")) {
        for (String value : List.of(emoji, "b", replacement, "a", privateUse, "z" + emoji)) {
          ps.setString(1, value);
          ps.setString(2, value);
          ps.executeUpdate();
        }
      }
      assertTrue(plan(c, "SELECT k FROM s ORDER BY k").contains("EnumerableSort"));
      final List<Object> expected = new ArrayList<>(List.of(emoji, "b", replacement, "a",
          privateUse, "z" + emoji));
      expected.sort(null); // String.compareTo: UTF-16 units
      assertEquals(expected, Queries.column(c, "SELECT k FROM s ORDER BY k"));
      assertEquals(expected, Queries.column(c, "SELECT c FROM s ORDER BY c"));
      // UTF-16 order puts the emoji (a surrogate pair, 0xD83D...) before U+E000 and U+FFFD.
      assertTrue(expected.indexOf(emoji) < expected.indexOf(privateUse));
    }
  }

  /** A composite key serves its leading columns as far as they are in SQL order. */
  @Test void aCompositeKeyServesItsLeadingColumns() throws SQLException {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE ck (a INT, b BIGINT, s VARCHAR, v INT, PRIMARY KEY (a, b, s))",
          "INSERT INTO ck VALUES (2, 1, 'x', 1), (1, 2, 'y', 2), (1, 1, 'z', 3), (2, 0, 'w', 4)");
      assertFalse(plan(c, "SELECT * FROM ck ORDER BY a").contains("Sort"));
      assertFalse(plan(c, "SELECT * FROM ck ORDER BY a, b").contains("Sort"));
      assertFalse(plan(c, "SELECT v FROM ck WHERE a = 1 ORDER BY a, b").contains("Sort"));
      assertFalse(plan(c, "SELECT * FROM ck WHERE a > 1 ORDER BY a, b").contains("Sort"));
      assertEquals(List.of(3, 2, 4, 1), Queries.column(c, "SELECT v FROM ck ORDER BY a, b"));
      // Not in key order: a string key column, a descending order, another column first.
      assertTrue(plan(c, "SELECT * FROM ck ORDER BY a, b, s").contains("EnumerableSort"));
      assertTrue(plan(c, "SELECT * FROM ck ORDER BY a DESC").contains("EnumerableSort"));
      assertTrue(plan(c, "SELECT * FROM ck ORDER BY b").contains("EnumerableSort"));
      assertEquals(List.of(4, 1, 3, 2), Queries.column(c, "SELECT v FROM ck ORDER BY a DESC, b"));
      // Point lookups read in the order given, so they are sorted.
      assertTrue(plan(c, "SELECT v FROM ck WHERE (a, b, s) IN ((2, 1, 'x'), (1, 1, 'z'))"
          + " ORDER BY a, b").contains("EnumerableSort"));
      assertEquals(List.of(3, 1), Queries.column(c, "SELECT v FROM ck WHERE (a, b, s) IN"
          + " ((2, 1, 'x'), (1, 1, 'z')) ORDER BY a, b"));
      // A column not read by the scan cannot carry the order.
      assertEquals(List.of(3, 2, 4, 1), Queries.column(c, "SELECT v FROM ck ORDER BY a, b"));
    }
  }

  /**
   * A scan through a secondary index returns its rows in the index's order, not the primary
   * key's, so {@code ORDER BY} the key over it sorts.
   */
  @Test void anIndexScanIsNotInKeyOrder() throws SQLException {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE ix (id INT PRIMARY KEY, v INT)",
          "INSERT INTO ix VALUES (1, 30), (2, 10), (3, 20), (4, 10), (5, 40)",
          "CREATE INDEX ix_v ON ix (v)");
      for (String where : List.of("v >= 10", "v = 10", "v IN (10, 30)")) {
        final String sql = "SELECT id FROM ix WHERE " + where + " ORDER BY id";
        final String shape = plan(c, sql);
        assertTrue(shape.contains("index IX_V"), shape);
        assertTrue(shape.contains("EnumerableSort"), shape);
      }
      assertEquals(List.of(1, 2, 3, 4, 5),
          Queries.column(c, "SELECT id FROM ix WHERE v >= 10 ORDER BY id"));
      assertEquals(List.of(1, 2, 4), Queries.column(c, "SELECT id FROM ix WHERE v IN (10, 30)"
          + " ORDER BY id"));
    }
  }

  /** A large table LEFT JOIN a small one hashes the small side; nothing is sorted. */
  @Test void aLeftJoinOfALargeTableToASmallOneHashesTheSmallSide() throws SQLException {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE big (id BIGINT PRIMARY KEY, k INT, v VARCHAR)",
          "CREATE TABLE small (k INT PRIMARY KEY, name VARCHAR)",
          "INSERT INTO big VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')",
          "INSERT INTO small VALUES (10, 'ten'), (30, 'thirty')");
      final String sql = "SELECT b.id, s.name FROM big b LEFT JOIN small s ON b.k = s.k";
      final String plan = plan(c, sql);
      assertTrue(plan.contains("EnumerableHashJoin"), plan);
      assertFalse(plan.contains("Sort"), plan);
      // The build side is the join's right input: the small table.
      assertTrue(plan.indexOf("BIG") < plan.indexOf("SMALL"), plan);
      assertEquals(List.of(List.of(1L, "ten"), Arrays.asList(2L, null), List.of(3L, "thirty")),
          Queries.rows(c, sql + " ORDER BY b.id"));
      // Two tables in key order join by merging, streaming both.
      assertTrue(plan(c, "SELECT * FROM big b JOIN big c ON b.id = c.id")
          .contains("EnumerableMergeJoin"));
    }
  }

  /**
   * A join of 20 tables, as SQLite's select5 writes them (a chain of equalities in a WHERE
   * clause), plans in bounded time: it is ordered heuristically rather than by trying every
   * order. The bound is on the planning thread's CPU time, which a loaded machine does not
   * inflate; the wall time is printed.
   */
  @Test void aJoinOfTwentyTablesPlansInBoundedTime() throws SQLException {
    final int tables = 20;
    try (Connection c = memory()) {
      final StringBuilder select = new StringBuilder();
      final StringBuilder from = new StringBuilder();
      final StringBuilder where = new StringBuilder();
      for (int i = 1; i <= tables; i++) {
        exec(c, "CREATE TABLE t" + i + " (a" + i + " INTEGER PRIMARY KEY, b" + i + " INTEGER,"
            + " x" + i + " VARCHAR(40))");
        // Row a links to row b of the next table; 1 -> 2 -> 3 -> 1.
        exec(c, "INSERT INTO t" + i + " VALUES (1, 2, 't" + i + " row 1'), (2, 3, 't" + i
            + " row 2'), (3, 1, 't" + i + " row 3')");
        select.append(i == 1 ? "" : ", ").append('x').append(i);
        from.append(i == 1 ? "" : ", ").append('t').append(i);
        if (i > 1) {
          where.append(i == 2 ? "" : " AND ").append('a').append(i).append(" = b").append(i - 1);
        }
      }
      final String sql = "SELECT " + select + " FROM " + from + " WHERE " + where
          + " AND a1 = 1";
      final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      final long cpu = threads.getCurrentThreadCpuTime();
      final long wall = System.nanoTime();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        final double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        final double wallSeconds = (System.nanoTime() - wall) / 1e9;
        System.out.printf("a join of %d tables planned in %.2f s CPU (%.2f s wall)%n", tables,
            cpuSeconds, wallSeconds);
        assertTrue(cpuSeconds < 10, "planning took " + cpuSeconds + " s of CPU");
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          for (int i = 1; i <= tables; i++) {
            assertEquals("t" + i + " row " + ((i - 1) % 3 + 1), rs.getString(i));
          }
          assertFalse(rs.next());
        }
      }
    }
  }
}
