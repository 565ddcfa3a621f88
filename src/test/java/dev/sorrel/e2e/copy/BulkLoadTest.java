package dev.sorrel.e2e.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
/**
 * Large {@code COPY ... FROM} loads go through sorted SST files that the commit ingests; they
 * leave every table, index, online row and statistic exactly as loading row by row does, and
 * keep the row path's errors and atomicity. Each test loads the same file into a database that
 * takes the bulk path ({@code bulk_load_min_rows=1}) and one that never does.
 */
class BulkLoadTest {
  @TempDir Path dir;

  private Connection open(String name, boolean bulk) throws SQLException {
    return DriverManager.getConnection("jdbc:sorrel:" + dir.resolve(name).toAbsolutePath()
        + ";bulk_load_min_rows=" + (bulk ? "1" : "1000000000"));
  }

  private static int update(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  /** Each row's values as text joined by {@code |}. */
  private static List<String> rows(Connection c, String sql) throws SQLException {
    final List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
      final int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        final StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  private Path file(String name, String text) throws Exception {
    final Path path = dir.resolve(name);
    Files.writeString(path, text, StandardCharsets.UTF_8);
    return path;
  }

  private static String lit(Path path) {
    return "'" + path.toString().replace("'", "''") + "'";
  }

  private static final String TABLE = "CREATE TABLE t (id BIGINT PRIMARY KEY, arm VARCHAR(10),"
      + " code INTEGER NOT NULL, revenue DOUBLE, ts TIMESTAMP)";

  /** {@code rows} rows with ids from {@code ids}, in the given (shuffled) order. */
  private static String tableCsv(List<Long> ids, long seed) {
    final Random random = new Random(seed);
    final StringBuilder csv = new StringBuilder("id,arm,code,revenue,ts\n");
    for (long id : ids) {
      csv.append(id).append(',').append(random.nextInt(5) == 0 ? "" : "arm" + random.nextInt(3))
          .append(',').append(id * 7 + 1).append(',').append(random.nextInt(10_000) / 100.0)
          .append(",2026-01-").append(String.format("%02d", 1 + random.nextInt(28)))
          .append(" 10:00:00\n");
    }
    return csv.toString();
  }

  private static List<Long> shuffled(int n, long seed) {
    final List<Long> ids = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      ids.add(i * 3);
    }
    java.util.Collections.shuffle(ids, new Random(seed));
    return ids;
  }

  private static List<List<String>> everything(Connection c) throws SQLException {
    return List.of(
        rows(c, "SELECT * FROM t ORDER BY id"),
        rows(c, "SELECT id, code FROM t WHERE code BETWEEN 100 AND 900 ORDER BY code"),
        rows(c, "SELECT arm, COUNT(*), SUM(revenue) FROM t WHERE arm = 'arm1'"
            + " GROUP BY arm"),
        // Less the creation time of each index.
        rows(c, "SELECT * FROM SYS.INDEXES").stream()
            .map(row -> row.substring(0, row.lastIndexOf('|'))).sorted().toList());
  }

  @Test void loadsTablesAndIndexesAsTheRowPathDoesAndKeepsThemAfterReopen() throws Exception {
    final Path csv = file("t.csv", tableCsv(shuffled(5000, 1), 2));
    final List<List<String>> expected;
    try (Connection rows = open("rows", false)) {
      update(rows, TABLE);
      update(rows, "CREATE UNIQUE INDEX t_code ON t (code)");
      update(rows, "CREATE INDEX t_arm ON t (arm, revenue DESC)");
      assertEquals(5000, update(rows, "COPY t FROM " + lit(csv)));
      expected = everything(rows);
    }
    try (Connection bulk = open("bulk", true)) {
      update(bulk, TABLE);
      update(bulk, "CREATE UNIQUE INDEX t_code ON t (code)");
      update(bulk, "CREATE INDEX t_arm ON t (arm, revenue DESC)");
      assertEquals(5000, update(bulk, "COPY t FROM " + lit(csv)));
      assertEquals(expected, everything(bulk));
      // Index-driven reads find the ingested entries.
      assertEquals(List.of("3|22"), rows(bulk, "SELECT id, code FROM t WHERE code = 22"));
    }
    try (Connection reopened = open("bulk", true)) {
      assertEquals(expected, everything(reopened));
      assertEquals(List.of(), rows(reopened, "SELECT id FROM t WHERE id = 4"));
    }
  }

  @Test void duplicateKeysInTheFileFailWith23505AndWriteNothing() throws Exception {
    final List<Long> ids = shuffled(3000, 3);
    ids.add(ids.get(1234));
    final Path csv = file("dup.csv", tableCsv(ids, 4));
    try (Connection bulk = open("bulk", true)) {
      update(bulk, TABLE);
      final SQLException e = assertThrows(SQLException.class,
          () -> update(bulk, "COPY t FROM " + lit(csv)));
      assertEquals("23505", e.getSQLState());
      assertTrue(e.getMessage().contains("duplicate primary key (ID=" + ids.get(1234)
          + ") in table T"), e.getMessage());
      // Named as the row path names it: the line giving the key again, and the first one.
      assertTrue(e.getMessage().contains("dup.csv line 3002: "), e.getMessage());
      assertTrue(e.getMessage().contains("(first given at " + csv + " line 1236)"),
          e.getMessage());
      assertEquals(List.of("0"), rows(bulk, "SELECT COUNT(*) FROM t"));
    }
  }

  @Test void duplicatesOfStoredRowsAndUniqueValuesFailAndWriteNothing() throws Exception {
    try (Connection bulk = open("bulk", true)) {
      update(bulk, TABLE);
      update(bulk, "CREATE UNIQUE INDEX t_code ON t (code)");
      update(bulk, "INSERT INTO t VALUES (30, 'x', 5, 1.0, NULL), (6000, 'y', 6, 2.0, NULL)");
      final List<Long> ids = shuffled(2500, 5);
      final SQLException stored = assertThrows(SQLException.class,
          () -> update(bulk, "COPY t FROM " + lit(file("a.csv", tableCsv(ids, 6)))));
      assertEquals("23505", stored.getSQLState());
      assertTrue(stored.getMessage().contains("duplicate primary key (ID=30) in table T"),
          stored.getMessage());
      assertTrue(stored.getMessage().contains("a.csv line " + (ids.indexOf(30L) + 2) + ": "),
          stored.getMessage());
      // A new key whose unique value is taken by a stored row.
      final SQLException unique = assertThrows(SQLException.class,
          () -> update(bulk, "COPY t FROM " + lit(file("b.csv",
              "id,arm,code,revenue,ts\n7,a,5,1.0,\n8,a,9,1.0,\n"))));
      assertEquals("23505", unique.getSQLState());
      assertTrue(unique.getMessage().contains("violates unique index T_CODE"),
          unique.getMessage());
      assertTrue(unique.getMessage().contains("b.csv line 2: "), unique.getMessage());
      // Two new rows sharing a unique value.
      final SQLException twice = assertThrows(SQLException.class,
          () -> update(bulk, "COPY t FROM " + lit(file("c.csv",
              "id,arm,code,revenue,ts\n7,a,11,1.0,\n8,a,11,1.0,\n"))));
      assertEquals("23505", twice.getSQLState());
      assertTrue(twice.getMessage().contains("c.csv line 3: "), twice.getMessage());
      assertEquals(List.of("30|5", "6000|6"),
          rows(bulk, "SELECT id, code FROM t ORDER BY id"));
    }
  }

  @Test void aBadRowInTheLastLineLeavesTheTableAsItWas() throws Exception {
    final String good = tableCsv(shuffled(4000, 7), 8);
    try (Connection bulk = open("bulk", true)) {
      update(bulk, TABLE);
      final SQLException nulls = assertThrows(SQLException.class, () -> update(bulk,
          "COPY t FROM " + lit(file("n.csv", good + "99999,a,,1.0,\n"))));
      assertEquals("23502", nulls.getSQLState());
      assertTrue(nulls.getMessage().contains("line 4002"), nulls.getMessage());
      final SQLException value = assertThrows(SQLException.class, () -> update(bulk,
          "COPY t FROM " + lit(file("v.csv", good + "99999,a,12,lots,\n"))));
      assertEquals("22018", value.getSQLState().substring(0, 2) + "018");
      assertEquals(List.of("0"), rows(bulk, "SELECT COUNT(*) FROM t"));
      try (Connection reopened = open("bulk", true)) {
        assertEquals(List.of("0"), rows(reopened, "SELECT COUNT(*) FROM t"));
      }
    }
  }

  @Test void parquetLoadsInBulkNameTheRowOfADuplicateAndRefuseBadFiles() throws Exception {
    final Path parquet = dir.resolve("t.parquet");
    final Path doubled = dir.resolve("doubled.parquet");
    try (Connection bulk = open("bulk", true)) {
      update(bulk, TABLE);
      update(bulk, "COPY t FROM " + lit(file("t.csv", tableCsv(shuffled(20_000, 13), 14))));
      update(bulk, "COPY (SELECT * FROM t ORDER BY id) TO " + lit(parquet));
      update(bulk, "COPY (SELECT * FROM t WHERE id <= 30 UNION ALL SELECT * FROM t"
          + " ORDER BY id) TO " + lit(doubled));
      update(bulk, "CREATE TABLE u (id BIGINT PRIMARY KEY, arm VARCHAR(10),"
          + " code INTEGER NOT NULL, revenue DOUBLE, ts TIMESTAMP)");
      assertEquals(20_000, update(bulk, "COPY u FROM " + lit(parquet)));
      assertEquals(rows(bulk, "SELECT * FROM t ORDER BY id"),
          rows(bulk, "SELECT * FROM u ORDER BY id"));
      // Keys given twice in the file (ids 3 to 30 twice, in key order: rows 1 and 2 for id 3).
      update(bulk, "DELETE FROM u");
      final SQLException twice = assertThrows(SQLException.class,
          () -> update(bulk, "COPY u FROM " + lit(doubled)));
      assertEquals("23505", twice.getSQLState());
      assertTrue(twice.getMessage().contains("doubled.parquet row 2: duplicate primary key"
          + " (ID=3) in table U"), twice.getMessage());
      // Keys already stored: the first row giving one is named.
      update(bulk, "INSERT INTO u VALUES (60000, 'x', 1, 1.0, NULL)");
      assertEquals(1, update(bulk, "DELETE FROM t WHERE id = 60000"));
      update(bulk, "INSERT INTO u SELECT * FROM t WHERE id = 59997");
      final SQLException stored = assertThrows(SQLException.class,
          () -> update(bulk, "COPY u FROM " + lit(parquet)));
      assertEquals("23505", stored.getSQLState());
      assertTrue(stored.getMessage().contains("t.parquet row 19999: duplicate primary key"
          + " (ID=59997) in table U"), stored.getMessage());
      assertEquals(List.of("2"), rows(bulk, "SELECT COUNT(*) FROM u"));
      // A file column of a type the table column cannot hold, before any row is read.
      update(bulk, "CREATE TABLE w (id BIGINT PRIMARY KEY, arm VARCHAR(10), code DATE,"
          + " revenue DOUBLE, ts TIMESTAMP)");
      final SQLException type = assertThrows(SQLException.class,
          () -> update(bulk, "COPY w FROM " + lit(parquet)));
      assertEquals("42804", type.getSQLState());
      // A damaged file: its pages cut short in the middle.
      final byte[] bytes = Files.readAllBytes(parquet);
      for (int i = bytes.length / 3; i < bytes.length / 2; i++) {
        bytes[i] = (byte) (bytes[i] * 31 + 7);
      }
      final Path damaged = Files.write(dir.resolve("damaged.parquet"), bytes);
      final SQLException bad = assertThrows(SQLException.class,
          () -> update(bulk, "COPY u FROM " + lit(damaged)));
      assertFalse(bad.getSQLState().equals("XX000"), bad.getSQLState() + " " + bad.getMessage());
      assertTrue(bad.getMessage().contains("damaged.parquet"), bad.getMessage());
      assertEquals(List.of("2"), rows(bulk, "SELECT COUNT(*) FROM u"));
      assertEquals(List.of("0"), rows(bulk, "SELECT COUNT(*) FROM w"));
    }
  }

  @Test void loadsBetweenStoredRowsInKeyOrder() throws Exception {
    final List<Long> more = shuffled(3000, 9); // multiples of 3
    final StringBuilder existing = new StringBuilder("id,arm,code,revenue,ts\n");
    for (long id = 1; id <= 9000; id += 3) {
      existing.append(id).append(",s,").append(-id).append(",0.5,\n");
    }
    final Path first = file("first.csv", existing.toString());
    final Path second = file("second.csv", tableCsv(more, 10));
    final List<String> expected;
    try (Connection rows = open("rows", false)) {
      update(rows, TABLE);
      update(rows, "CREATE INDEX t_arm ON t (arm)");
      update(rows, "COPY t FROM " + lit(first));
      update(rows, "COPY t FROM " + lit(second));
      expected = rows(rows, "SELECT * FROM t ORDER BY id");
    }
    try (Connection bulk = open("bulk", true)) {
      update(bulk, TABLE);
      update(bulk, "CREATE INDEX t_arm ON t (arm)");
      assertEquals(3000, update(bulk, "COPY t FROM " + lit(first)));
      assertEquals(3000, update(bulk, "COPY t FROM " + lit(second)));
      assertEquals(6000, expected.size());
      assertEquals(expected, rows(bulk, "SELECT * FROM t ORDER BY id"));
      assertEquals(List.of("3000"), rows(bulk, "SELECT COUNT(*) FROM t WHERE arm = 's'"));
    }
  }

  @Test void insideATransactionALoadGoesRowByRowAndRollsBack() throws Exception {
    final Path csv = file("t.csv", tableCsv(shuffled(2000, 11), 12));
    try (Connection bulk = open("bulk", true)) {
      update(bulk, TABLE);
      bulk.setAutoCommit(false);
      assertEquals(2000, update(bulk, "COPY t FROM " + lit(csv)));
      assertEquals(List.of("2000"), rows(bulk, "SELECT COUNT(*) FROM t"));
      bulk.rollback();
      assertEquals(List.of("0"), rows(bulk, "SELECT COUNT(*) FROM t"));
      bulk.setAutoCommit(true);
    }
  }

  private static final String VIEW = "CREATE FEATURE VIEW stats ENTITY driver"
      + " (conv_rate DOUBLE, trips BIGINT)";

  /** History rows of 300 drivers, several per driver, one exact duplicate row. */
  private static String featureCsv(long seed) {
    final Random random = new Random(seed);
    final List<String> lines = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      final int driver = 1 + random.nextInt(300);
      final String ts = String.format("2026-01-%02d %02d:00:00", 1 + random.nextInt(28),
          random.nextInt(24));
      lines.add(driver + "," + ts + "," + ts + "," + random.nextInt(1000) / 1000.0 + ","
          + random.nextInt(50));
    }
    lines.add(lines.get(17).replaceAll(",[0-9]+$", ",999")); // same key, later row wins
    return "driver_id,event_timestamp,created_timestamp,conv_rate,trips\n"
        + String.join("\n", lines) + "\n";
  }

  private static List<List<String>> featureState(Connection c) throws SQLException {
    return List.of(
        rows(c, "SELECT * FROM stats ORDER BY driver_id, event_timestamp"),
        rows(c, "SELECT * FROM online.stats ORDER BY driver_id"),
        rows(c, "SELECT ROW_COUNT, ENTITY_COUNT, NEWEST_EVENT FROM SYS.FEATURE_VIEWS"),
        rows(c, "SELECT o.id, f.conv_rate, f.trips FROM (VALUES (1, 5,"
            + " TIMESTAMP '2026-01-15 12:00:00'), (2, 77, TIMESTAMP '2026-01-03 00:00:00'),"
            + " (3, 150, TIMESTAMP '2026-02-01 00:00:00')) AS o (id, driver_id, ts)"
            + " LEFT ASOF JOIN stats f MATCH_CONDITION (o.ts >= f.event_timestamp)"
            + " ON o.driver_id = f.driver_id ORDER BY o.id"));
  }

  @Test void featureViewLoadsMatchTheRowPathOnlineHistoryStatsAndJoins() throws Exception {
    final Path first = file("f1.csv", featureCsv(13));
    final Path second = file("f2.csv", featureCsv(14));
    final List<List<String>> afterFirst;
    final List<List<String>> afterSecond;
    try (Connection rows = open("rows", false)) {
      update(rows, "CREATE ENTITY driver (driver_id BIGINT)");
      update(rows, VIEW);
      update(rows, "COPY stats FROM " + lit(first));
      afterFirst = featureState(rows);
      update(rows, "COPY stats FROM " + lit(second));
      afterSecond = featureState(rows);
    }
    try (Connection bulk = open("bulk", true)) {
      update(bulk, "CREATE ENTITY driver (driver_id BIGINT)");
      update(bulk, VIEW);
      assertEquals(3001, update(bulk, "COPY stats FROM " + lit(first)));
      assertEquals(afterFirst, featureState(bulk));
      // Into a view with stored rows: some entities keep their newer stored online row.
      update(bulk, "COPY stats FROM " + lit(second));
      assertEquals(afterSecond, featureState(bulk));
      // Loading the same file again replaces rows: nothing changes but the version.
      update(bulk, "COPY stats FROM " + lit(second));
      assertEquals(afterSecond, featureState(bulk));
    }
    try (Connection reopened = open("bulk", true)) {
      assertEquals(afterSecond, featureState(reopened));
      assertFalse(afterSecond.get(1).isEmpty());
    }
  }
}
