package dev.sorrel.e2e.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.e2e.Queries;

/**
 * {@code COPY t TO} of a table with a columnar segment copies the segment's
 * blocks into the file column by column: every type and NULL, in every
 * format, gives the same bytes as an export that reads the rows from the
 * store ({@code table_segments=false}), also when rows changed after the
 * segment was built (overlaid from the export's snapshot) and inside a
 * transaction whose snapshot predates other connections' commits.
 */
class SegmentExportTest {
  private static final String COLUMNS = "(id BIGINT PRIMARY KEY, b BOOLEAN, ti TINYINT,"
      + " sm SMALLINT, i INTEGER, r REAL, f DOUBLE, d DECIMAL(8, 3), w DECIMAL(18, 4),"
      + " s VARCHAR(40), bin VARBINARY(8), dt DATE, tm TIME, ts TIMESTAMP)";
  /** Several of the segment's 4096-row blocks and of the export's batches. */
  private static final int ROWS = 13_000;

  @TempDir Path dir;

  private String url() {
    return "jdbc:sorrel:" + dir.resolve("db");
  }

  private static int update(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  private static String lit(Path path) {
    return "'" + path.toString().replace("'", "''") + "'";
  }

  private static void fill(Connection c) throws SQLException {
    update(c, "CREATE TABLE t " + COLUMNS);
    update(c, "INSERT INTO t VALUES (-1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
        + " NULL, NULL, NULL, NULL),"
        + " (-3, true, 127, -32768, 2147483647, 0.1, 2.25, 99999.999, 0.0001,"
        + " 'a,b \"q\" \t tab\nline \u00e9 \ud83d\ude00', X'CAFE00', DATE '2026-01-02',"
        + " TIME '00:00:00', TIMESTAMP '2026-01-02 03:04:05.678')");
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES"
        + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, DATE '2026-03-01', NULL, ?)")) {
      for (int n = 0; n < ROWS; n++) {
        ps.setLong(1, n);
        ps.setObject(2, n % 5 == 0 ? null : n % 2 == 0);
        ps.setByte(3, (byte) (n % 100));
        ps.setShort(4, (short) n);
        ps.setInt(5, n * 7);
        ps.setFloat(6, n / 8f);
        ps.setObject(7, n % 11 == 0 ? null : n * 0.5);
        ps.setBigDecimal(8, BigDecimal.valueOf(n, 3));
        ps.setBigDecimal(9, BigDecimal.valueOf(n * 1_000_003L, 4));
        ps.setString(10, n % 13 == 0 ? null : "arm-" + n % 4);
        ps.setBytes(11, new byte[] {(byte) n, (byte) (n >> 8)});
        ps.setTimestamp(12, new java.sql.Timestamp(1_767_225_600_000L + n * 1000L));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
    update(c, "ALTER TABLE t COMPACT");
  }

  private static List<List<Object>> rows(Connection c, String table) throws SQLException {
    final List<List<Object>> rows = new ArrayList<>();
    for (List<Object> row : Queries.rows(c, "SELECT * FROM " + table + " ORDER BY id")) {
      final List<Object> values = new ArrayList<>();
      for (Object value : row) {
        values.add(value instanceof byte[] bytes ? new BigInteger(1, bytes).toString(16)
            + "/" + bytes.length : value);
      }
      rows.add(values);
    }
    return rows;
  }

  /** Exports t in every format on both connections: the same bytes, which load back as t. */
  private void assertSameFiles(Connection segments, Connection rowsOnly, String step)
      throws Exception {
    final List<List<Object>> expected = rows(rowsOnly, "t");
    for (String name : List.of("t.csv", "t.parquet", "t.arrow")) {
      final Path fromSegment = dir.resolve(step + "-segment-" + name);
      final Path fromRows = dir.resolve(step + "-rows-" + name);
      final Path star = dir.resolve(step + "-star-" + name);
      assertEquals(expected.size(), update(segments, "COPY t TO " + lit(fromSegment)));
      assertEquals(expected.size(), update(rowsOnly, "COPY t TO " + lit(fromRows)));
      assertEquals(expected.size(), update(segments, "COPY (SELECT * FROM t) TO " + lit(star)));
      final byte[] bytes = Files.readAllBytes(fromRows);
      assertArrayEquals(bytes, Files.readAllBytes(fromSegment), step + " " + name);
      assertArrayEquals(bytes, Files.readAllBytes(star), step + " " + name);
      final String copy = "copy_" + step + "_" + name.replace('.', '_');
      update(segments, "CREATE TABLE " + copy + " " + COLUMNS);
      assertEquals(expected.size(), update(segments, "COPY " + copy + " FROM "
          + lit(fromSegment)));
      assertEquals(expected, rows(segments, copy), step + " " + name + " loads back");
      update(segments, "DROP TABLE " + copy);
    }
  }

  @Test void anExportFromTheSegmentIsTheExportOfTheRows() throws Exception {
    try (Connection c = DriverManager.getConnection(url());
        Connection rowsOnly = DriverManager.getConnection(url() + ";table_segments=false")) {
      fill(c);
      assertSameFiles(c, rowsOnly, "compacted");
      // Rows changed after the segment was built: updates, deletes and inserts between, at
      // the block boundaries, before the first and after the last row.
      update(c, "UPDATE t SET s = 'changed', f = NULL WHERE MOD(id, 97) = 0 OR id = 4096");
      update(c, "DELETE FROM t WHERE MOD(id, 89) = 3 OR id IN (4095, 8192)");
      update(c, "INSERT INTO t (id, s) VALUES (-100, 'first'), (1000000, 'last'), (-2, NULL)");
      assertSameFiles(c, rowsOnly, "overlaid");
    }
  }

  @Test void anExportInATransactionWritesItsSnapshotDuringOtherWrites() throws Exception {
    try (Connection c = DriverManager.getConnection(url());
        Connection rowsOnly = DriverManager.getConnection(url() + ";table_segments=false")) {
      fill(c);
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      assertEquals(ROWS + 2, rows(c, "t").size());
      rowsOnly.setAutoCommit(false);
      rowsOnly.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      assertEquals(ROWS + 2, rows(rowsOnly, "t").size());
      final Thread writer = new Thread(() -> {
        try (Connection other = DriverManager.getConnection(url())) {
          for (int i = 0; i < 20; i++) {
            update(other, "INSERT INTO t (id) VALUES (" + (2_000_000 + i) + ")");
            update(other, "DELETE FROM t WHERE id = " + (i * 311));
          }
          update(other, "ALTER TABLE t COMPACT");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      writer.start();
      final Path during = dir.resolve("during.parquet");
      assertEquals(ROWS + 2, update(c, "COPY t TO " + lit(during)));
      writer.join();
      final Path after = dir.resolve("after.parquet");
      final Path rows = dir.resolve("rows.parquet");
      assertEquals(ROWS + 2, update(c, "COPY t TO " + lit(after)));
      assertEquals(ROWS + 2, update(rowsOnly, "COPY t TO " + lit(rows)));
      assertArrayEquals(Files.readAllBytes(rows), Files.readAllBytes(during));
      assertArrayEquals(Files.readAllBytes(rows), Files.readAllBytes(after));
      c.commit();
      rowsOnly.commit();
      c.setAutoCommit(true);
      rowsOnly.setAutoCommit(true);
      assertEquals(ROWS + 2, update(c, "COPY t TO " + lit(dir.resolve("now.csv"))));
    }
  }

  @Test void aTransactionThatWroteTheTableExportsItsQueryOrIsRefused() throws Exception {
    try (Connection c = DriverManager.getConnection(url())) {
      fill(c);
      c.setAutoCommit(false);
      update(c, "DELETE FROM t WHERE id < 100");
      // The query sees the transaction's own writes; the table form would miss them.
      assertEquals(ROWS + 2 - 102, update(c, "COPY (SELECT * FROM t) TO "
          + lit(dir.resolve("own.csv"))));
      final SQLException refused = assertThrows(SQLException.class,
          () -> update(c, "COPY t TO " + lit(dir.resolve("table.csv"))));
      assertEquals("0A000", refused.getSQLState(), refused.getMessage());
      c.rollback();
      c.setAutoCommit(true);
      final SQLException e = assertThrows(SQLException.class,
          () -> update(c, "COPY t TO " + lit(dir.resolve("missing").resolve("x.csv"))));
      assertEquals("58030", e.getSQLState(), e.getMessage());
    }
  }
}
