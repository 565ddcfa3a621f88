package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Statements through Apache Arrow's Flight SQL JDBC driver against a Sorrel
 * server give what the same statements give embedded: values of every type
 * (NULLs included) and their result metadata, update counts of DML and DDL,
 * prepared statements with parameters executed many times.
 */
class ServerQueryTest {
  private static final String ALL_TYPES = "CREATE TABLE t (id BIGINT PRIMARY KEY, b BOOLEAN,"
      + " ti TINYINT, si SMALLINT, i INTEGER, r REAL, d DOUBLE, amount DECIMAL(12, 3),"
      + " v VARCHAR(20), vb VARBINARY, dt DATE, tm TIME, ts TIMESTAMP)";
  private static final String ROWS = "INSERT INTO t VALUES"
      + " (1, TRUE, 7, 300, 70000, 1.5, 2.25, 12345.678, 'héllo', X'00ff10', DATE '2024-02-29',"
      + " TIME '23:59:58', TIMESTAMP '2024-02-29 13:14:15.123'),"
      + " (2, FALSE, -128, -32768, -2147483648, -0.125, -1e300, -0.001, '', X'',"
      + " DATE '1969-12-31', TIME '00:00:00', TIMESTAMP '1900-01-01 00:00:00'),"
      + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)";

  ServerFixture fixture;

  @BeforeEach void start() {
    fixture = new ServerFixture();
  }

  /** The client under test: Arrow's Flight SQL JDBC driver (a subclass tests Sorrel's). */
  Connection remote() throws SQLException {
    return fixture.remote();
  }

  @AfterEach void stop() {
    fixture.close();
  }

  @Test void everyTypeRoundTripsWithTheValuesAndMetadataOfEmbedded() throws SQLException {
    fixture.exec(ALL_TYPES, ROWS);
    final String query = "SELECT * FROM t ORDER BY id";
    try (Connection embedded = fixture.embedded(); Connection remote = remote()) {
      assertEquals(table(embedded, query), table(remote, query));
      assertEquals(metadata(embedded, query), metadata(remote, query));
    }
  }

  @Test void expressionsAndEmptyResultsKeepTheirTypes() throws SQLException {
    fixture.exec(ALL_TYPES, ROWS);
    final String query = "SELECT id * 2 AS twice, UPPER(v) AS up, amount + 1 AS amount1,"
        + " CAST(ts AS DATE) AS ts_day, COUNT(*) OVER () AS n FROM t ORDER BY id";
    final String empty = "SELECT * FROM t WHERE 1 = 0";
    try (Connection embedded = fixture.embedded(); Connection remote = remote()) {
      assertEquals(table(embedded, query), table(remote, query));
      assertEquals(metadata(embedded, query), metadata(remote, query));
      assertEquals(List.of(), table(remote, empty));
      // Arrow's driver (18.3) lists an empty result's columns twice in its ResultSetMetaData;
      // the columns it lists first are the server's, and equal the embedded ones.
      assertEquals(metadata(embedded, empty),
          metadata(remote, empty).subList(0, metadata(embedded, empty).size()));
    }
  }

  @Test void ddlAndDmlReturnTheirUpdateCounts() throws SQLException {
    try (Connection remote = remote(); Statement s = remote.createStatement()) {
      assertEquals(0, s.executeUpdate("CREATE TABLE p (id INT PRIMARY KEY, name VARCHAR)"));
      assertEquals(3, s.executeUpdate("INSERT INTO p VALUES (1, 'a'), (2, 'b'), (3, 'c')"));
      assertEquals(2, s.executeUpdate("UPDATE p SET name = 'z' WHERE id >= 2"));
      assertEquals(1, s.executeUpdate("DELETE FROM p WHERE id = 1"));
      assertFalse(s.execute("CREATE INDEX p_name ON p (name)"));
      try (ResultSet rs = s.executeQuery("SELECT id, name FROM p ORDER BY id")) {
        assertEquals(List.of(List.of("2", "z"), List.of("3", "z")), strings(rs));
      }
      assertEquals(0, s.executeUpdate("DROP TABLE p"));
    }
    try (Connection embedded = fixture.embedded(); Statement s = embedded.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sys.tables WHERE table_name = 'P'")) {
      assertTrue(rs.next());
      assertEquals(0, rs.getLong(1));
    }
  }

  @Test void preparedStatementsBindEveryTypeAndRunManyTimes() throws SQLException {
    fixture.exec(ALL_TYPES);
    try (Connection remote = remote()) {
      try (PreparedStatement insert = remote.prepareStatement(
          "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int id = 1; id <= 50; id++) {
          insert.setLong(1, id);
          insert.setBoolean(2, id % 2 == 0);
          insert.setByte(3, (byte) id);
          insert.setShort(4, (short) (id * 100));
          insert.setInt(5, id * 100_000);
          insert.setFloat(6, id + 0.5f);
          insert.setDouble(7, id / 3.0);
          insert.setBigDecimal(8, new BigDecimal(id + ".125"));
          insert.setString(9, "v" + id);
          insert.setBytes(10, new byte[] {(byte) id, 0, -1});
          insert.setDate(11, Date.valueOf("2024-03-" + String.format("%02d", id % 28 + 1)));
          insert.setTime(12, Time.valueOf("12:34:" + String.format("%02d", id % 60)));
          insert.setTimestamp(13, Timestamp.valueOf("2024-03-01 10:00:00." + (100 + id)));
          assertEquals(1, insert.executeUpdate());
        }
        insert.setLong(1, 51);
        for (int p = 2; p <= 13; p++) {
          insert.setNull(p, Types.NULL);
        }
        assertEquals(1, insert.executeUpdate());
      }
      try (PreparedStatement lookup = remote.prepareStatement("SELECT * FROM t WHERE id = ?");
          Connection embedded = fixture.embedded();
          PreparedStatement local = embedded.prepareStatement("SELECT * FROM t WHERE id = ?")) {
        for (long id : new long[] {1, 7, 28, 50, 51, 99}) {
          lookup.setLong(1, id);
          local.setLong(1, id);
          try (ResultSet r = lookup.executeQuery(); ResultSet e = local.executeQuery()) {
            assertEquals(values(e), values(r), "row " + id);
          }
        }
      }
    }
  }

  @Test void preparedDdlAndModelUploadsActWhenExecuted() throws Exception {
    final byte[] model;
    try (var in = ServerQueryTest.class.getResourceAsStream("/models/gbr_diabetes.onnx")) {
      model = in.readAllBytes();
    }
    try (Connection remote = remote()) {
      try (PreparedStatement create = remote.prepareStatement(
          "CREATE TABLE q (id INT PRIMARY KEY)");
          PreparedStatement drop = remote.prepareStatement("DROP TABLE q")) {
        // Prepared, not yet executed: nothing exists.
        assertEquals(0, count(fixture, "SELECT COUNT(*) FROM sys.tables WHERE table_name = 'Q'"));
        assertEquals(0, create.executeUpdate());
        assertEquals(1, count(fixture, "SELECT COUNT(*) FROM sys.tables WHERE table_name = 'Q'"));
        assertEquals(0, drop.executeUpdate());
        assertEquals(0, create.executeUpdate());
        assertEquals(1, count(fixture, "SELECT COUNT(*) FROM sys.tables WHERE table_name = 'Q'"));
      }
      // A model's bytes as the parameter: for clients that do not share the server's files.
      try (PreparedStatement upload = remote.prepareStatement(
          "CREATE MODEL uploaded FROM ? COMMENT 'over the wire'")) {
        upload.setBytes(1, model);
        upload.executeUpdate();
      }
      try (PreparedStatement version = remote.prepareStatement(
          "ALTER MODEL uploaded ADD VERSION FROM ?")) {
        version.setBytes(1, model);
        version.executeUpdate();
      }
      final String predict = "SELECT PREDICT('uploaded', 0.01, 0.02, 0.03, 0.04, 0.05, 0.06,"
          + " 0.07, 0.08, 0.09, 0.1) AS p";
      try (Connection embedded = fixture.embedded()) {
        assertEquals(table(embedded, predict), table(remote, predict));
      }
      assertEquals(2, count(fixture,
          "SELECT COUNT(*) FROM sys.model_versions WHERE model_name = 'UPLOADED'"));
    }
  }

  private static long count(ServerFixture fixture, String sql) throws SQLException {
    try (Connection embedded = fixture.embedded(); Statement s = embedded.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  @Test void predictAndAsofJoinGiveTheEmbeddedRows() throws Exception {
    final java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sorrel-server");
    final java.nio.file.Path model = dir.resolve("gbr.onnx");
    try (var in = ServerQueryTest.class.getResourceAsStream("/models/gbr_diabetes.onnx")) {
      java.nio.file.Files.copy(in, model);
    }
    fixture.exec("CREATE MODEL gbr FROM '" + model.toString().replace("'", "''") + "'",
        "CREATE ENTITY driver (driver_id BIGINT)",
        "CREATE FEATURE VIEW stats ENTITY driver (conv_rate DOUBLE)",
        "INSERT INTO stats (driver_id, event_timestamp, conv_rate) VALUES"
            + " (1, TIMESTAMP '2026-01-01 10:00:00', 0.1),"
            + " (1, TIMESTAMP '2026-01-01 12:00:00', 0.2),"
            + " (2, TIMESTAMP '2026-01-01 11:00:00', 0.7)",
        "CREATE TABLE orders (id INT PRIMARY KEY, driver_id BIGINT, ts TIMESTAMP)",
        "INSERT INTO orders VALUES (1, 1, TIMESTAMP '2026-01-01 11:00:00'),"
            + " (2, 1, TIMESTAMP '2026-01-01 12:30:00'), (3, 2, TIMESTAMP '2026-01-01 09:00:00')");
    final String predict = "SELECT id, PREDICT('gbr', 0.01 * id, 0.02, 0.03, 0.04, 0.05, 0.06,"
        + " 0.07, 0.08, 0.09, 0.1) AS p FROM orders ORDER BY id";
    final String asof = "SELECT o.id, f.conv_rate FROM orders o LEFT ASOF JOIN stats f"
        + " MATCH_CONDITION (o.ts >= f.event_timestamp) ON o.driver_id = f.driver_id"
        + " ORDER BY o.id";
    try (Connection embedded = fixture.embedded(); Connection remote = remote()) {
      assertEquals(table(embedded, predict), table(remote, predict));
      assertEquals(table(embedded, asof), table(remote, asof));
      assertEquals(Arrays.asList(Arrays.asList("1", "0.1"), Arrays.asList("2", "0.2"),
          Arrays.asList("3", null)), strings(remote, asof));
    }
  }

  /** Every row, each value read with the getter of its column's type. */
  static List<List<Object>> table(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      final List<List<Object>> rows = new ArrayList<>();
      List<Object> row;
      while ((row = values(rs)) != null) {
        rows.add(row);
      }
      return rows;
    }
  }

  /** The next row's values read with typed getters, or null after the last row. */
  static List<Object> values(ResultSet rs) throws SQLException {
    if (!rs.next()) {
      return null;
    }
    final ResultSetMetaData md = rs.getMetaData();
    final List<Object> row = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      final Object value = switch (md.getColumnType(i)) {
        case Types.BOOLEAN, Types.BIT -> rs.getBoolean(i);
        case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> rs.getLong(i);
        case Types.REAL, Types.FLOAT -> rs.getFloat(i);
        case Types.DOUBLE -> rs.getDouble(i);
        case Types.DECIMAL, Types.NUMERIC -> rs.getBigDecimal(i);
        case Types.BINARY, Types.VARBINARY -> rs.getBytes(i) == null ? null
            : Arrays.toString(rs.getBytes(i));
        case Types.DATE -> rs.getDate(i) == null ? null : rs.getDate(i).toString();
        case Types.TIME -> rs.getTime(i) == null ? null : rs.getTime(i).toString();
        case Types.TIMESTAMP -> rs.getTimestamp(i) == null ? null
            : rs.getTimestamp(i).toString();
        default -> rs.getString(i);
      };
      row.add(rs.wasNull() ? null : value);
    }
    return row;
  }

  /**
   * What a client learns of each column through Arrow's driver: it builds
   * {@code ResultSetMetaData} from the Arrow schema and its Flight SQL column
   * metadata, except nullability (it reports every column as NOT NULL; the
   * schema's own nullability is checked in {@link #nullability}) and the type
   * of a 32-bit float, which it calls FLOAT where Sorrel says REAL.
   */
  static List<String> metadata(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      final ResultSetMetaData md = rs.getMetaData();
      final List<String> columns = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        final boolean real = md.getColumnType(i) == Types.REAL
            || md.getColumnType(i) == Types.FLOAT;
        columns.add(md.getColumnLabel(i) + " " + (real ? "REAL" : md.getColumnTypeName(i))
            + " type=" + (real ? Types.REAL : md.getColumnType(i)) + " precision="
            + md.getPrecision(i) + " scale=" + md.getScale(i) + " table=" + md.getTableName(i)
            + " schema=" + md.getSchemaName(i));
      }
      return columns;
    }
  }

  /** The server's Arrow schema says which columns can be NULL, as embedded metadata does. */
  @Test void nullability() throws Exception {
    fixture.exec(ALL_TYPES, ROWS);
    final String query = "SELECT * FROM t ORDER BY id";
    final List<Boolean> embedded = new ArrayList<>();
    try (Connection c = fixture.embedded(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        embedded.add(rs.getMetaData().isNullable(i) != ResultSetMetaData.columnNoNulls);
      }
    }
    try (org.apache.arrow.memory.BufferAllocator allocator =
        new org.apache.arrow.memory.RootAllocator();
        org.apache.arrow.flight.sql.FlightSqlClient client =
            new org.apache.arrow.flight.sql.FlightSqlClient(
                org.apache.arrow.flight.FlightClient.builder(allocator,
                    org.apache.arrow.flight.Location.forGrpcInsecure("127.0.0.1",
                        fixture.server.port())).build())) {
      final List<Boolean> remote = new ArrayList<>();
      client.getExecuteSchema(query).getSchema().getFields()
          .forEach(f -> remote.add(f.isNullable()));
      assertEquals(embedded, remote);
      assertFalse(remote.get(0));
      assertTrue(remote.get(1));
    }
  }

  static List<List<String>> strings(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return strings(rs);
    }
  }

  static List<List<String>> strings(ResultSet rs) throws SQLException {
    final List<List<String>> rows = new ArrayList<>();
    final int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      final List<String> row = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        row.add(rs.getString(i));
      }
      rows.add(row);
    }
    return rows;
  }
}
