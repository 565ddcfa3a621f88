package dev.sorrel.e2e.copy;

import static dev.sorrel.e2e.copy.CopyTestSupport.file;
import static dev.sorrel.e2e.copy.CopyTestSupport.lit;
import static dev.sorrel.e2e.copy.CopyTestSupport.rows;
import static dev.sorrel.e2e.copy.CopyTestSupport.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large {@code INSERT INTO ... SELECT} in autocommit writes sorted files that its commit
 * ingests, as a large {@code COPY ... FROM} does, and leaves tables, indexes, online rows and
 * generated keys exactly as inserting row by row does, with the row path's errors and atomicity.
 * Each test runs the same statements against a database that takes the bulk path
 * ({@code bulk_load_min_rows=1}) and one that never does.
 */
class BulkInsertSelectTest {
  @TempDir Path dir;

  private Connection open(String name, boolean bulk) throws SQLException {
    return DriverManager.getConnection("jdbc:sorrel:" + dir.resolve(name).toAbsolutePath()
        + ";bulk_load_min_rows=" + (bulk ? "1" : "1000000000"));
  }

  /** A source table {@code src} of {@code count} shuffled rows, loaded from CSV. */
  private void source(Connection c, int count, long seed) throws Exception {
    final List<Long> ids = new ArrayList<>();
    for (long id = 1; id <= count; id++) {
      ids.add(id);
    }
    final Random random = new Random(seed);
    java.util.Collections.shuffle(ids, random);
    final StringBuilder csv = new StringBuilder("id,arm,code,revenue,ts\n");
    for (long id : ids) {
      csv.append(id).append(',').append(random.nextInt(5) == 0 ? "" : "arm" + random.nextInt(3))
          .append(',').append(id * 7 + 1).append(',').append(random.nextInt(10_000) / 100.0)
          .append(",2026-01-").append(String.format("%02d", 1 + random.nextInt(28)))
          .append(" 10:00:00\n");
    }
    final Path path = file(dir, "src-" + seed + ".csv", csv.toString());
    update(c, "CREATE TABLE src (id BIGINT PRIMARY KEY, arm VARCHAR(10), code INTEGER,"
        + " revenue DOUBLE, ts TIMESTAMP)");
    update(c, "COPY src FROM " + lit(path));
  }

  private static final String TABLE = "CREATE TABLE t (id BIGINT PRIMARY KEY, arm VARCHAR(10),"
      + " code INTEGER NOT NULL, revenue DOUBLE, ts TIMESTAMP)";

  private static List<List<String>> tableState(Connection c) throws SQLException {
    return List.of(
        rows(c, "SELECT * FROM t ORDER BY id"),
        rows(c, "SELECT id FROM t WHERE arm = 'arm1' ORDER BY id"),
        rows(c, "SELECT id FROM t WHERE code = 7001"),
        rows(c, "SELECT COUNT(*), SUM(code), MIN(ts), MAX(revenue) FROM t"));
  }

  @Test void insertsAsTheRowPathDoesIncludingIndexesAndKeepsThemAfterReopen() throws Exception {
    final List<List<List<String>>> states = new ArrayList<>();
    for (boolean bulk : new boolean[] {true, false}) {
      try (Connection c = open(bulk ? "bulk" : "rows", bulk)) {
        source(c, 3000, 5);
        update(c, TABLE);
        update(c, "CREATE INDEX t_arm ON t (arm)");
        update(c, "CREATE UNIQUE INDEX t_code ON t (code)");
        update(c, "INSERT INTO t VALUES (5000, 'arm9', -1, 0.5, TIMESTAMP '2026-02-01 00:00:00')");
        assertEquals(2000, update(c, "INSERT INTO t SELECT * FROM src WHERE id <= 2000"));
        // Reading the target while writing it: the SELECT sees the table as it was.
        assertEquals(2001, update(c, "INSERT INTO t SELECT id + 100000, arm, code + 1000000,"
            + " revenue, ts FROM t"));
        states.add(tableState(c));
      }
      try (Connection c = open(bulk ? "bulk" : "rows", bulk)) {
        assertEquals(states.get(states.size() - 1), tableState(c));
      }
    }
    assertEquals(states.get(1), states.get(0));
    try (Connection c = open("bulk", true)) {
      assertEquals(List.of("4002"), rows(c, "SELECT COUNT(*) FROM t"));
    }
  }

  @Test void duplicateKeysFailWith23505AndWriteNothing() throws Exception {
    for (boolean bulk : new boolean[] {true, false}) {
      try (Connection c = open(bulk ? "bulk" : "rows", bulk)) {
        source(c, 1000, 7);
        update(c, TABLE);
        update(c, "CREATE UNIQUE INDEX t_code ON t (code)");
        update(c, "INSERT INTO t SELECT * FROM src WHERE id > 900");
        // Against stored rows.
        SQLException e = assertThrows(SQLException.class,
            () -> update(c, "INSERT INTO t SELECT * FROM src"));
        assertEquals("23505", e.getSQLState(), e.getMessage());
        // Within the input.
        e = assertThrows(SQLException.class, () -> update(c, "INSERT INTO t SELECT * FROM src"
            + " WHERE id <= 10 UNION ALL SELECT * FROM src WHERE id = 5"));
        assertEquals("23505", e.getSQLState(), e.getMessage());
        // A unique index's values.
        e = assertThrows(SQLException.class, () -> update(c, "INSERT INTO t SELECT id + 5000,"
            + " arm, code, revenue, ts FROM src WHERE id <= 905"));
        assertEquals("23505", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("t_code") || e.getMessage().contains("T_CODE"),
            e.getMessage());
        assertEquals(List.of("100"), rows(c, "SELECT COUNT(*) FROM t"));
      }
    }
  }

  @Test void aBadLastRowLeavesTheTableAsItWas() throws Exception {
    for (boolean bulk : new boolean[] {true, false}) {
      try (Connection c = open(bulk ? "bulk" : "rows", bulk)) {
        source(c, 500, 9);
        update(c, TABLE);
        final SQLException e = assertThrows(SQLException.class, () -> update(c,
            "INSERT INTO t SELECT id, arm, CASE WHEN id = 500 THEN NULL ELSE code END,"
                + " revenue, ts FROM src ORDER BY id"));
        assertEquals("23502", e.getSQLState(), e.getMessage());
        assertEquals(List.of("0"), rows(c, "SELECT COUNT(*) FROM t"));
      }
    }
  }

  @Test void insideATransactionTheInsertIsSeenAndRollsBack() throws Exception {
    try (Connection c = open("bulk", true)) {
      source(c, 800, 11);
      update(c, TABLE);
      c.setAutoCommit(false);
      assertEquals(800, update(c, "INSERT INTO t SELECT * FROM src"));
      assertEquals(List.of("800"), rows(c, "SELECT COUNT(*) FROM t"));
      c.rollback();
      assertEquals(List.of("0"), rows(c, "SELECT COUNT(*) FROM t"));
      c.setAutoCommit(true);
      // A JDBC batch is one transaction: its second statement sees the first one's rows.
      try (Statement s = c.createStatement()) {
        update(c, "CREATE TABLE t2 (id BIGINT PRIMARY KEY, code INTEGER)");
        s.addBatch("INSERT INTO t SELECT * FROM src WHERE id <= 300");
        s.addBatch("INSERT INTO t2 SELECT id, code FROM t");
        final int[] counts = s.executeBatch();
        assertEquals(300, counts[0]);
        assertEquals(300, counts[1]);
      }
      assertEquals(List.of("300|300"),
          rows(c, "SELECT (SELECT COUNT(*) FROM t), (SELECT COUNT(*) FROM t2)"));
    }
  }

  @Test void generatedKeysAndIdentityValuesMatchTheRowPath() throws Exception {
    final List<List<String>> results = new ArrayList<>();
    for (boolean bulk : new boolean[] {true, false}) {
      try (Connection c = open(bulk ? "bulk" : "rows", bulk)) {
        source(c, 400, 13);
        update(c, "CREATE TABLE g (n BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            + " id BIGINT, arm VARCHAR(10))");
        final List<String> keys = new ArrayList<>();
        try (Statement s = c.createStatement()) {
          assertEquals(400, s.executeUpdate("INSERT INTO g (id, arm) SELECT id, arm FROM src"
              + " ORDER BY id", Statement.RETURN_GENERATED_KEYS));
          try (ResultSet rs = s.getGeneratedKeys()) {
            while (rs.next()) {
              keys.add(rs.getString(1));
            }
          }
        }
        assertEquals(400, keys.size());
        keys.addAll(rows(c, "SELECT n, id, arm FROM g ORDER BY n"));
        results.add(keys);
      }
    }
    assertEquals(results.get(1), results.get(0));
  }

  @Test void featureViewInsertsMatchTheRowPathOnlineAndHistory() throws Exception {
    final List<List<String>> states = new ArrayList<>();
    for (boolean bulk : new boolean[] {true, false}) {
      try (Connection c = open(bulk ? "bulk" : "rows", bulk)) {
        source(c, 2000, 17);
        update(c, "CREATE ENTITY unit (unit_id BIGINT)");
        update(c, "CREATE FEATURE VIEW f ENTITY unit (revenue DOUBLE, code INTEGER)");
        // 2,000 events of 50 units, out of order, with repeated (unit, time) keys.
        assertEquals(2000, update(c, "INSERT INTO f (unit_id, event_timestamp, revenue, code)"
            + " SELECT MOD(id, 50), ts, revenue, code FROM src"));
        states.add(rows(c, "SELECT unit_id, event_timestamp, revenue, code FROM online.f"
            + " ORDER BY unit_id"));
        states.add(rows(c, "SELECT COUNT(*), SUM(code) FROM f"));
      }
    }
    assertEquals(states.subList(2, 4), states.subList(0, 2));
  }
}
