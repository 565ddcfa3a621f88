package dev.sorrel.e2e.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.stream.Stream;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.e2e.Queries;

/**
 * Exports ({@code COPY ... TO}) of every type, NULLs included, in every format, large enough to
 * cross the export's batches: they load back unchanged, read with parquet-java itself as the
 * SQL types say, are the same bytes whether the engine reads the table or the query's rows,
 * and fail cleanly (no file, an old file kept) when the query fails midway or the path cannot
 * be written.
 */
class ExportTest {
  private static final String COLUMNS = "(id BIGINT PRIMARY KEY, b BOOLEAN, ti TINYINT,"
      + " sm SMALLINT, i INTEGER, r REAL, f DOUBLE, d DECIMAL(8, 3), w DECIMAL(18, 4),"
      + " s VARCHAR(40), bin VARBINARY(8), dt DATE, tm TIME, ts TIMESTAMP)";
  /** More than two of the export's 4096-row batches. */
  private static final int ROWS = 10_000;

  @TempDir Path dir;
  private Connection c;
  private String url;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:sorrel:mem:export" + System.nanoTime();
    c = DriverManager.getConnection(url);
    update("CREATE TABLE t " + COLUMNS);
    update("INSERT INTO t VALUES (-1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
        + " NULL, NULL, NULL, NULL),"
        + " (-2, false, -128, 32767, -2147483648, -2.5, -1e300, -0.001,"
        + " -12345678901234.5678, '', X'', DATE '1969-12-31', TIME '23:59:59.999',"
        + " TIMESTAMP '1960-06-01 00:00:00'),"
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
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private int update(String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  private static String lit(Path path) {
    return "'" + path.toString().replace("'", "''") + "'";
  }

  private List<List<Object>> rows(String table) throws SQLException {
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

  @Test
  void anExportInsideARepeatableReadTransactionWritesItsSnapshot() throws Exception {
    c.setAutoCommit(false);
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    assertEquals(ROWS + 3, rows("t").size());
    try (Connection other = DriverManager.getConnection(url);
        Statement s = other.createStatement()) {
      s.executeUpdate("INSERT INTO t (id) VALUES (1000000), (1000001)");
    }
    // Both forms export the rows the transaction's first snapshot holds, not the newer ones.
    assertEquals(ROWS + 3, update("COPY t TO " + lit(dir.resolve("table.csv"))));
    assertEquals(ROWS + 3, update("COPY (SELECT * FROM t) TO " + lit(dir.resolve("query.csv"))));
    assertEquals(Files.readAllLines(dir.resolve("table.csv")),
        Files.readAllLines(dir.resolve("query.csv")));
    c.commit();
    assertEquals(ROWS + 5, update("COPY t TO " + lit(dir.resolve("after.csv"))));
    c.setAutoCommit(true);
  }

  @Test
  void everyTypeAndNullRoundTripsThroughEveryFormat() throws Exception {
    final List<List<Object>> expected = rows("t");
    assertEquals(ROWS + 3, expected.size());
    int copies = 0;
    for (String name : List.of("t.csv", "t.tsv", "t.parquet", "t.arrow")) {
      final Path file = dir.resolve(name);
      assertEquals(ROWS + 3, update("COPY t TO " + lit(file)));
      final String copy = "copy" + copies++;
      update("CREATE TABLE " + copy + " " + COLUMNS);
      assertEquals(ROWS + 3, update("COPY " + copy + " FROM " + lit(file)));
      assertEquals(expected, rows(copy), name + " loads back unchanged");

      // The engine reads the table, the query's rows come through the planner: same file.
      final Path star = dir.resolve("star-" + name);
      final Path query = dir.resolve("query-" + name);
      assertEquals(ROWS + 3, update("COPY (SELECT * FROM t) TO " + lit(star)));
      assertEquals(ROWS + 3, update("COPY (SELECT * FROM t WHERE id > -10 ORDER BY id) TO "
          + lit(query)));
      final byte[] bytes = Files.readAllBytes(file);
      assertArrayEquals(bytes, Files.readAllBytes(star), name);
      assertArrayEquals(bytes, Files.readAllBytes(query), name);
    }
  }

  @Test
  void parquetFilesReadWithParquetJavaHoldTheSqlTypesAndValues() throws Exception {
    final Path file = dir.resolve("direct.parquet");
    // Uncompressed: parquet-java's own codecs need a Hadoop installation.
    assertEquals(ROWS + 3, update("COPY (SELECT id, s, f, w, ts, dt FROM t ORDER BY id) TO "
        + lit(file) + " WITH (compression = 'none')"));
    final ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
        .build();
    final List<Group> groups = new ArrayList<>();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
      final MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      assertEquals("message schema {\n"
          + "  optional int64 ID;\n"
          + "  optional binary S (STRING);\n"
          + "  optional double F;\n"
          + "  optional int64 W (DECIMAL(18,4));\n"
          + "  optional int64 TS (TIMESTAMP(MICROS,false));\n"
          + "  optional int32 DT (DATE);\n"
          + "}\n", schema.toString());
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        final RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
            .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long r = 0; r < pages.getRowCount(); r++) {
          groups.add(records.read());
        }
      }
    }
    assertEquals(ROWS + 3, groups.size());
    final Group empty = groups.get(2); // id -1: every other column NULL
    assertEquals(-1L, empty.getLong("ID", 0));
    for (String column : List.of("S", "F", "W", "TS", "DT")) {
      assertEquals(0, empty.getFieldRepetitionCount(column), column + " is NULL");
    }
    final Group odd = groups.get(0); // id -3
    assertEquals("a,b \"q\" \t tab\nline \u00e9 \ud83d\ude00", odd.getString("S", 0));
    assertEquals(new BigDecimal("0.0001"), BigDecimal.valueOf(odd.getLong("W", 0), 4));
    assertEquals(1_767_323_045_678_000L, odd.getLong("TS", 0), "microseconds, no time zone");
    final Group last = groups.get(ROWS + 2);
    assertEquals(ROWS - 1L, last.getLong("ID", 0));
    assertEquals("arm-" + (ROWS - 1) % 4, last.getString("S", 0));
    assertEquals(0, last.getFieldRepetitionCount("F"), "9999 = 11 * 909: NULL");
    assertEquals((ROWS - 2) * 0.5, groups.get(ROWS + 1).getDouble("F", 0));
    assertEquals(BigDecimal.valueOf((ROWS - 1) * 1_000_003L, 4),
        BigDecimal.valueOf(last.getLong("W", 0), 4));
    assertEquals((1_767_225_600_000L + (ROWS - 1) * 1000L) * 1000, last.getLong("TS", 0));
    assertEquals(20_513, last.getInteger("DT", 0));
  }

  @Test
  void aQueryFailingMidwayLeavesNoFileAndKeepsTheOldOne() throws Exception {
    for (String name : List.of("fail.csv", "fail.parquet", "fail.arrow")) {
      final Path file = dir.resolve(name);
      assertEquals(ROWS + 3, update("COPY t TO " + lit(file)));
      final byte[] old = Files.readAllBytes(file);
      // Row 9000, after two batches have gone to the file, divides by zero.
      final SQLException e = assertThrows(SQLException.class, () -> update(
          "COPY (SELECT id, 100 / (id - 9000) AS q, s FROM t ORDER BY id) TO " + lit(file)));
      assertEquals("22012", e.getSQLState(), e.getMessage());
      assertArrayEquals(old, Files.readAllBytes(file), name + " is the old file");
      final Path fresh = dir.resolve("fresh-" + name);
      assertThrows(SQLException.class, () -> update(
          "COPY (SELECT id, 100 / (id - 9000) AS q FROM t ORDER BY id) TO " + lit(fresh)));
      assertFalse(Files.exists(fresh), "no file");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.filter(p -> !p.getFileName().toString().startsWith("fail"))
          .toList(), "no temporary file is left");
    }
  }

  @Test
  void pathsThatCannotBeWrittenAreIoErrors() throws Exception {
    for (String name : List.of("x.csv", "x.parquet", "x.arrow")) {
      SQLException e = assertThrows(SQLException.class, () -> update("COPY t TO "
          + lit(dir.resolve("missing").resolve(name))));
      assertEquals("58030", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("missing"), e.getMessage());

      final Path occupied = Files.createDirectories(dir.resolve("dir-" + name).resolve("sub"));
      e = assertThrows(SQLException.class, () -> update("COPY (SELECT id FROM t) TO "
          + lit(occupied.getParent())));
      assertEquals("58030", e.getSQLState(), e.getMessage());
      assertTrue(Files.isDirectory(occupied), "the directory is untouched");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertNull(files.filter(p -> p.getFileName().toString().endsWith(".tmp")).findAny()
          .orElse(null), "no temporary file is left");
    }
  }
}
