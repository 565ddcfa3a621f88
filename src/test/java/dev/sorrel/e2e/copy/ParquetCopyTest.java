package dev.sorrel.e2e.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.e2e.Queries;

/**
 * COPY with Parquet files, checked against DuckDB as an independent reader and writer: files
 * DuckDB writes load with the same values, files Sorrel writes read back in DuckDB with the same
 * values and types, and bad files fail clearly with nothing loaded.
 */
class ParquetCopyTest {
  @TempDir Path dir;
  private Connection c;
  private Connection duck;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection("jdbc:sorrel:mem:parquet" + System.nanoTime());
    duck = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterEach
  void close() throws SQLException {
    duck.close();
    c.close();
  }

  private int update(String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  private void duck(String sql) throws SQLException {
    try (Statement s = duck.createStatement()) {
      s.execute(sql);
    }
  }

  private static String lit(Path path) {
    return "'" + path.toString().replace("'", "''") + "'";
  }

  /** Rows of a query with every value in one comparable text form (see {@link #canon}). */
  private static List<List<String>> canonical(Connection connection, String sql)
      throws SQLException {
    final List<List<String>> rows = new ArrayList<>();
    for (List<Object> row : Queries.rows(connection, sql)) {
      final List<String> values = new ArrayList<>();
      for (Object value : row) {
        values.add(canon(value));
      }
      rows.add(values);
    }
    return rows;
  }

  /**
   * A value as text that is the same whichever driver produced it: numbers by value (decimals
   * without trailing zeros), binary as hex, times and timestamps to the millisecond (Sorrel's
   * precision; an instant as its UTC wall-clock time).
   */
  private static String canon(Object value) throws SQLException {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Byte || value instanceof Short || value instanceof Integer
        || value instanceof Long || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof BigDecimal d) {
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    if (value instanceof byte[] bytes) {
      return "x" + HexFormat.of().formatHex(bytes);
    }
    if (value instanceof Blob blob) {
      return "x" + HexFormat.of().formatHex(blob.getBytes(1, (int) blob.length()));
    }
    if (value instanceof String || value instanceof UUID) {
      return "'" + value + "'"; // Sorrel loads a UUID as its text
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (value instanceof java.sql.Time t) {
      return LocalTime.ofNanoOfDay(Math.floorMod(t.getTime(), 86_400_000L) * 1_000_000L)
          .toString();
    }
    if (value instanceof LocalTime t) {
      return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }
    if (value instanceof java.sql.Timestamp ts) {
      return ts.toLocalDateTime().truncatedTo(ChronoUnit.MILLIS).toString();
    }
    if (value instanceof LocalDateTime ts) {
      return ts.truncatedTo(ChronoUnit.MILLIS).toString();
    }
    if (value instanceof OffsetDateTime ts) {
      return ts.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
          .truncatedTo(ChronoUnit.MILLIS).toString();
    }
    if (value instanceof LocalDate || value instanceof Boolean
        || value instanceof Float || value instanceof Double) {
      return value.toString();
    }
    throw new AssertionError("no canonical form for " + value.getClass() + " " + value);
  }

  /** DuckDB's column types of a Parquet file. */
  private List<String> duckTypes(Path file) throws SQLException {
    final List<String> types = new ArrayList<>();
    for (List<Object> row : Queries.rows(duck, "DESCRIBE SELECT * FROM read_parquet("
        + lit(file) + ")")) {
      types.add(row.get(0) + " " + row.get(1));
    }
    return types;
  }

  private SQLException fails(String sql) {
    return assertThrows(SQLException.class, () -> update(sql));
  }

  private static void assertMentions(SQLException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
    }
  }

  // DuckDB's types for every Sorrel column type, and values with NULLs and edge cases.
  private static final String DUCK_SOURCE = "CREATE TABLE src AS SELECT id::BIGINT AS id,"
      + " ti::TINYINT AS ti, sm::SMALLINT AS sm, i::INTEGER AS i, r::FLOAT AS r, f::DOUBLE AS f,"
      + " d::DECIMAL(10,3) AS d, w::DECIMAL(18,5) AS w, s::VARCHAR AS s, bin::BLOB AS bin,"
      + " dt::DATE AS dt, tm::TIME AS tm, ts::TIMESTAMP AS ts, ts_ms::TIMESTAMP_MS AS ts_ms,"
      + " ts_ns::TIMESTAMP_NS AS ts_ns, ts_tz::TIMESTAMPTZ AS ts_tz, b::BOOLEAN AS b,"
      + " u::UUID AS u, u8::UTINYINT AS u8, u32::UINTEGER AS u32 FROM (VALUES"
      + " (1, 7, -300, 123456, '1.5', '2.25', '12.345', '123456789012.34567',"
      + "  'caf\u00e9 \ud83d\ude00', '\\xCA\\xFE', '2026-01-02', '03:04:05.678',"
      + "  '2026-01-02 03:04:05.678912', '2026-01-02 03:04:05.678',"
      + "  '2026-01-02 03:04:05.678912345', '2026-01-02 03:04:05.678+00', true,"
      + "  '123e4567-e89b-12d3-a456-426614174000', 255, 4294967295),"
      + " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
      + "  NULL, NULL, NULL, NULL, NULL, NULL),"
      + " (3, -128, 32767, -2147483648, '-0.0', '-1e300', '-0.001', '-99999999999.99999', '',"
      + "  '', '1969-12-31', '23:59:59.999', '1960-06-01 00:00:00.000999',"
      + "  '1970-01-01 00:00:00', '1969-12-31 23:59:59.999999999',"
      + "  '2000-02-29 12:00:00+05', false, '00000000-0000-0000-0000-000000000000', 0, 0))"
      + " t(id, ti, sm, i, r, f, d, w, s, bin, dt, tm, ts, ts_ms, ts_ns, ts_tz, b, u, u8, u32)";

  private static final String SORREL_TARGET = " (id BIGINT PRIMARY KEY, ti TINYINT,"
      + " sm SMALLINT, i INTEGER, r REAL, f DOUBLE, d DECIMAL(10, 3), w DECIMAL(18, 5),"
      + " s VARCHAR(20), bin VARBINARY(4), dt DATE, tm TIME, ts TIMESTAMP, ts_ms TIMESTAMP,"
      + " ts_ns TIMESTAMP, ts_tz TIMESTAMP, b BOOLEAN, u VARCHAR(36), u8 SMALLINT, u32 BIGINT)";

  @Test
  void filesDuckDbWritesLoadWithTheSameValues() throws Exception {
    duck(DUCK_SOURCE);
    for (String codec : List.of("snappy", "zstd", "gzip", "lz4", "uncompressed")) {
      final Path file = dir.resolve("duck-" + codec + ".parquet");
      duck("COPY src TO " + lit(file) + " (FORMAT parquet, COMPRESSION " + codec + ")");
      final String table = "t_" + codec;
      update("CREATE TABLE " + table + SORREL_TARGET);
      assertEquals(3, update("COPY " + table + " FROM " + lit(file)), codec);
      assertEquals(canonical(duck, "SELECT * FROM src ORDER BY id"),
          canonical(c, "SELECT * FROM " + table + " ORDER BY id"), codec);
    }
    // Spot checks of the canonical forms, so that a change in both drivers cannot hide.
    assertEquals(List.of("1", "7", "-300", "123456", "1.5", "2.25", "12.345",
        "123456789012.34567", "'caf\u00e9 \ud83d\ude00'", "xcafe", "2026-01-02", "03:04:05.678",
        "2026-01-02T03:04:05.678", "2026-01-02T03:04:05.678", "2026-01-02T03:04:05.678",
        "2026-01-02T03:04:05.678", "true", "'123e4567-e89b-12d3-a456-426614174000'", "255",
        "4294967295"), canonical(c, "SELECT * FROM t_snappy WHERE id = 1").get(0));
    assertEquals(List.of("3", "-128", "32767", "-2147483648", "-0.0", "-1.0E300", "-0.001",
        "-99999999999.99999", "''", "x", "1969-12-31", "23:59:59.999", "1960-06-01T00:00",
        "1970-01-01T00:00", "1969-12-31T23:59:59.999", "2000-02-29T07:00", "false",
        "'00000000-0000-0000-0000-000000000000'", "0", "0"),
        canonical(c, "SELECT * FROM t_snappy WHERE id = 3").get(0));
  }

  @Test
  void filesSorrelWritesReadInDuckDbWithTheSameTypesAndValues() throws Exception {
    update("CREATE TABLE a (id BIGINT PRIMARY KEY, s VARCHAR(10), d DECIMAL(8, 3),"
        + " w DECIMAL(18, 4), f DOUBLE, r REAL, b BOOLEAN, dt DATE, tm TIME, ts TIMESTAMP,"
        + " i INTEGER, sm SMALLINT, ti TINYINT, bin VARBINARY(4))");
    update("INSERT INTO a VALUES (1, 'x\u00e9', 1.5, 12345678901234.5678, 2.25, 0.5, true,"
        + " DATE '2026-01-02', TIME '03:04:05', TIMESTAMP '2026-01-02 03:04:05.678', 7, -3, 100,"
        + " X'CAFE'),"
        + " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
        + " (3, '', -0.001, -0.0001, -1e300, -2.5, false, DATE '1969-12-31', TIME '23:59:59',"
        + " TIMESTAMP '1960-06-01 00:00:00', -2147483648, 32767, -128, X'')");
    final Path file = dir.resolve("a.parquet");
    assertEquals(3, update("COPY a TO " + lit(file)));
    assertEquals(List.of("ID BIGINT", "S VARCHAR", "D DECIMAL(8,3)", "W DECIMAL(18,4)",
        "F DOUBLE", "R FLOAT", "B BOOLEAN", "DT DATE", "TM TIME", "TS TIMESTAMP", "I INTEGER",
        "SM SMALLINT", "TI TINYINT", "BIN BLOB"), duckTypes(file));
    assertEquals(canonical(c, "SELECT * FROM a ORDER BY id"),
        canonical(duck, "SELECT * FROM read_parquet(" + lit(file) + ") ORDER BY id"));
    assertEquals(List.of(List.of("'SNAPPY'")), canonical(duck, "SELECT DISTINCT"
        + " compression::VARCHAR FROM parquet_metadata(" + lit(file) + ")"));

    // And back into Sorrel: the file round-trips.
    update("CREATE TABLE b (id BIGINT PRIMARY KEY, s VARCHAR(10), d DECIMAL(8, 3),"
        + " w DECIMAL(18, 4), f DOUBLE, r REAL, b BOOLEAN, dt DATE, tm TIME, ts TIMESTAMP,"
        + " i INTEGER, sm SMALLINT, ti TINYINT, bin VARBINARY(4))");
    assertEquals(3, update("COPY b FROM " + lit(file)));
    assertEquals(canonical(c, "SELECT * FROM a ORDER BY id"),
        canonical(c, "SELECT * FROM b ORDER BY id"));
  }

  @Test
  void queryExportsTakeACompressionOption() throws Exception {
    update("CREATE TABLE m (id BIGINT PRIMARY KEY, v DOUBLE, label VARCHAR(20))");
    update("INSERT INTO m VALUES (1, 0.5, 'one'), (2, NULL, 'two'), (3, 4.0, NULL)");
    final List<String> codecs = List.of("snappy:SNAPPY", "zstd:ZSTD", "gzip:GZIP",
        "lz4:LZ4_RAW", "none:UNCOMPRESSED");
    for (String pair : codecs) {
      final String option = pair.substring(0, pair.indexOf(':'));
      final Path file = dir.resolve("q-" + option + ".parquet");
      assertEquals(2, update("COPY (SELECT id, v * 2 AS twice, UPPER(label) AS label FROM m"
          + " WHERE id < 3 ORDER BY id) TO " + lit(file) + " WITH (compression = '" + option
          + "')"));
      assertEquals(List.of(List.of("'" + pair.substring(pair.indexOf(':') + 1) + "'")),
          canonical(duck, "SELECT DISTINCT compression::VARCHAR FROM parquet_metadata("
              + lit(file) + ")"));
      assertEquals(List.of(List.of("1", "1.0", "'ONE'"), List.of("2", "NULL", "'TWO'")),
          canonical(duck, "SELECT * FROM read_parquet(" + lit(file) + ") ORDER BY id"));
    }
    update("CREATE TABLE twice (id BIGINT PRIMARY KEY, twice DOUBLE, label VARCHAR(20))");
    assertEquals(2, update("COPY twice FROM " + lit(dir.resolve("q-zstd.parquet"))));
    assertEquals(List.of(List.of("1", "1.0", "'ONE'"), List.of("2", "NULL", "'TWO'")),
        canonical(c, "SELECT * FROM twice ORDER BY id"));
  }

  @Test
  void largeFilesLoadAcrossRowGroupsAndBatches() throws Exception {
    final Path file = dir.resolve("big.parquet");
    duck("COPY (SELECT range AS id, 'user-' || (range % 1000) AS user_id,"
        + " ((range % 10000) / 100)::DECIMAL(10, 2) AS amount, range % 3 = 0 AS flag,"
        + " epoch_ms(1767225600000 + range * 1000) AS ts FROM range(100000))"
        + " TO " + lit(file) + " (FORMAT parquet, ROW_GROUP_SIZE 30000)");
    assertTrue(Queries.single(duck, "SELECT COUNT(DISTINCT row_group_id) FROM parquet_metadata("
        + lit(file) + ")") > 1, "several row groups");
    update("CREATE TABLE big (id BIGINT PRIMARY KEY, user_id VARCHAR(20) NOT NULL,"
        + " amount DECIMAL(10, 2), flag BOOLEAN, ts TIMESTAMP, note VARCHAR(10))");
    assertEquals(100_000, update("COPY big FROM " + lit(file)));
    final String summary = "SELECT COUNT(*), SUM(id), COUNT(DISTINCT user_id), SUM(amount),"
        + " SUM(CASE WHEN flag THEN 1 ELSE 0 END), MIN(ts), MAX(ts)";
    assertEquals(canonical(duck, summary + " FROM read_parquet(" + lit(file) + ")"),
        canonical(c, summary + " FROM big"));
    assertEquals(List.of(List.of("0")), canonical(c,
        "SELECT COUNT(note) FROM big"), "a column the file lacks is NULL");
  }

  @Test
  void badFilesFailClearlyAndLoadNothing() throws Exception {
    update("CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(10) NOT NULL, n TINYINT,"
        + " dt DATE)");
    update("INSERT INTO t VALUES (100, 'kept', 1, DATE '2026-01-01')");
    final List<List<Object>> before = Queries.rows(c, "SELECT * FROM t");

    final Path text = Files.writeString(dir.resolve("text.parquet"), "id,name\n1,a\n",
        StandardCharsets.UTF_8);
    SQLException e = fails("COPY t FROM " + lit(text));
    assertEquals("22000", e.getSQLState(), e.getMessage());
    assertMentions(e, "text.parquet", "not a Parquet file");

    final Path good = dir.resolve("good.parquet");
    duck("COPY (SELECT range AS id, 'n' || range AS name FROM range(1000)) TO " + lit(good)
        + " (FORMAT parquet)");
    final byte[] bytes = Files.readAllBytes(good);
    final Path truncated = Files.write(dir.resolve("truncated.parquet"),
        Arrays.copyOf(bytes, bytes.length - 100));
    e = fails("COPY t FROM " + lit(truncated));
    assertEquals("22000", e.getSQLState(), e.getMessage());
    assertMentions(e, "truncated.parquet", "cut short");

    e = fails("COPY t FROM " + lit(dir.resolve("missing.parquet")));
    assertEquals("58030", e.getSQLState(), e.getMessage());

    final Path noName = dir.resolve("no-name.parquet");
    duck("COPY (SELECT 1 AS id, 2 AS n) TO " + lit(noName) + " (FORMAT parquet)");
    e = fails("COPY t FROM " + lit(noName));
    assertEquals("23502", e.getSQLState(), e.getMessage());
    assertMentions(e, "NAME", "no-name.parquet");

    final Path extra = dir.resolve("extra.parquet");
    duck("COPY (SELECT 1 AS id, 'a' AS name, 3 AS nope) TO " + lit(extra) + " (FORMAT parquet)");
    e = fails("COPY t FROM " + lit(extra));
    assertEquals("42S22", e.getSQLState(), e.getMessage());
    assertMentions(e, "nope", "extra.parquet");

    final Path mismatch = dir.resolve("mismatch.parquet");
    duck("COPY (SELECT 1 AS id, 'a' AS name, true AS dt) TO " + lit(mismatch)
        + " (FORMAT parquet)");
    e = fails("COPY t FROM " + lit(mismatch));
    assertEquals("42804", e.getSQLState(), e.getMessage());
    assertMentions(e, "mismatch.parquet", "'dt'", "BOOLEAN", "DT DATE");

    final Path unparsable = dir.resolve("unparsable.parquet");
    duck("COPY (SELECT * FROM (VALUES (1, 'a', '1'), (2, 'b', '2'), (3, 'c', 'x3'))"
        + " v(id, name, n)) TO " + lit(unparsable) + " (FORMAT parquet)");
    e = fails("COPY t FROM " + lit(unparsable));
    assertEquals("22018", e.getSQLState(), e.getMessage());
    assertMentions(e, "unparsable.parquet row 3, column N", "'x3'", "TINYINT");

    final Path range = dir.resolve("range.parquet");
    duck("COPY (SELECT range + 1000 AS id, 'r' AS name, range AS n FROM range(1, 200)) TO "
        + lit(range) + " (FORMAT parquet)");
    e = fails("COPY t FROM " + lit(range));
    assertEquals("22003", e.getSQLState(), e.getMessage());
    assertMentions(e, "range.parquet row 128", "N");

    final Path duplicate = dir.resolve("duplicate.parquet");
    // Id 100, already in the table, is in the file's second batch of rows.
    duck("COPY (SELECT range AS id, 'd' AS name FROM range(-5000, 1000)) TO " + lit(duplicate)
        + " (FORMAT parquet)");
    e = fails("COPY t FROM " + lit(duplicate));
    assertEquals("23505", e.getSQLState(), e.getMessage());
    assertMentions(e, "duplicate.parquet row 5101");

    final Path nested = dir.resolve("nested.parquet");
    duck("COPY (SELECT 1 AS id, 'a' AS name, [1, 2] AS n) TO " + lit(nested)
        + " (FORMAT parquet)");
    e = fails("COPY t FROM " + lit(nested));
    assertEquals("0A000", e.getSQLState(), e.getMessage());
    assertMentions(e, "nested.parquet", "column n");

    final Path brotli = dir.resolve("brotli.parquet");
    duck("COPY (SELECT 1 AS id, 'a' AS name) TO " + lit(brotli)
        + " (FORMAT parquet, COMPRESSION brotli)");
    e = fails("COPY t FROM " + lit(brotli));
    assertEquals("0A000", e.getSQLState(), e.getMessage());
    assertMentions(e, "brotli.parquet", "BROTLI");

    assertEquals(before, Queries.rows(c, "SELECT * FROM t"), "nothing was loaded");

    // Strings are read as CSV fields are, and dates widen to timestamps.
    final Path strings = dir.resolve("strings.parquet");
    duck("COPY (SELECT 5 AS id, 'five' AS name, ' 42 ' AS n, '2026-03-04' AS dt) TO "
        + lit(strings) + " (FORMAT parquet)");
    assertEquals(1, update("COPY t FROM " + lit(strings)));
    assertEquals(List.of(List.of("5", "'five'", "42", "2026-03-04")),
        canonical(c, "SELECT * FROM t WHERE id = 5"));
  }

  @Test
  void failedExportsLeaveNoFile() throws Exception {
    update("CREATE TABLE t (id BIGINT PRIMARY KEY)");
    update("INSERT INTO t VALUES (1)");
    SQLException e = fails("COPY (SELECT id, id FROM t) TO " + lit(dir.resolve("dup.parquet")));
    assertEquals("22023", e.getSQLState(), e.getMessage());
    assertMentions(e, "ID", "AS");
    assertThrows(SQLException.class,
        () -> update("COPY (SELECT nope FROM t) TO " + lit(dir.resolve("nope.parquet"))));
    e = fails("COPY t TO " + lit(dir.resolve("brotli.parquet")) + " WITH (compression = 'brotli')");
    assertEquals("22023", e.getSQLState(), e.getMessage());
    e = fails("COPY t TO " + lit(dir.resolve("h.parquet")) + " WITH (header = false)");
    assertEquals("22023", e.getSQLState(), e.getMessage());
    e = fails("COPY t TO " + lit(dir.resolve("c.csv")) + " WITH (compression = 'zstd')");
    assertEquals("22023", e.getSQLState(), e.getMessage());
    e = fails("COPY t FROM " + lit(dir.resolve("in.parquet")) + " WITH (compression = 'zstd')");
    assertEquals("22023", e.getSQLState(), e.getMessage());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.toList(), "no file and no temporary file left");
    }
    final Path good = dir.resolve("good.parquet");
    assertEquals(1, update("COPY t TO " + lit(good)));
    assertFalse(Files.exists(dir.resolve("dup.parquet")));
    assertEquals(List.of(List.of("1")), canonical(duck, "SELECT * FROM " + lit(good)));
  }
}
