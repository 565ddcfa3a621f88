package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sorrel's own driver connected to a server ({@code jdbc:sorrel://host:port}) behaves as an
 * embedded connection: the same SQLException class, SQLState and message for the same
 * mistake; JDBC's object identity; transactions with savepoints; cancel and query timeouts
 * as 57014; large results streamed; bad URLs and unreachable servers as 08001.
 */
class SorrelDriverTest {
  private ServerFixture fixture;

  @BeforeEach void start() throws SQLException {
    fixture = new ServerFixture();
    fixture.exec("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR NOT NULL)",
        "INSERT INTO t VALUES (1, 'one'), (0, 'zero')");
  }

  @AfterEach void stop() {
    fixture.close();
  }

  @Test void errorsEqualEmbeddedInClassStateAndMessage() throws SQLException {
    try (Connection embedded = fixture.embedded(); Connection remote = fixture.sorrel()) {
      for (ServerErrorsTest.Case c : ServerErrorsTest.CASES) {
        final SQLException expected = assertThrows(SQLException.class,
            () -> ServerErrorsTest.run(embedded, c), c.sql());
        final SQLException actual = assertThrows(SQLException.class,
            () -> ServerErrorsTest.run(remote, c), c.sql());
        assertEquals(expected.getClass(), actual.getClass(), c.sql());
        assertEquals(expected.getSQLState(), actual.getSQLState(), c.sql());
        assertEquals(expected.getMessage(), actual.getMessage(), c.sql());
      }
      // Prepared: the mistake found while preparing, and one found while executing.
      for (String sql : new String[] {"SELECT * FROM nope WHERE id = ?",
          "INSERT INTO t VALUES (?, 'again')"}) {
        final SQLException expected = assertThrows(SQLException.class,
            () -> prepareAndRun(embedded, sql), sql);
        final SQLException actual = assertThrows(SQLException.class,
            () -> prepareAndRun(remote, sql), sql);
        assertEquals(expected.getClass(), actual.getClass(), sql);
        assertEquals(expected.getSQLState(), actual.getSQLState(), sql);
        assertEquals(expected.getMessage(), actual.getMessage(), sql);
      }
      // A '?' in a plain statement, which has no values: refused as embedded.
      for (String sql : new String[] {"SELECT id FROM t WHERE name = ?",
          "INSERT INTO t VALUES (?, 'again')"}) {
        try (Statement plainEmbedded = embedded.createStatement();
            Statement plainRemote = remote.createStatement()) {
          assertEquals("22023", assertThrows(SQLException.class,
              () -> plainEmbedded.execute(sql)).getSQLState(), sql);
          assertEquals("22023", assertThrows(SQLException.class,
              () -> plainRemote.execute(sql)).getSQLState(), sql);
        }
      }
    }
  }

  private static void prepareAndRun(Connection c, String sql) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setInt(1, 1);
      p.execute();
    }
  }

  @Test void unreachableServersAndBadUrlsAreConnectionErrors() {
    for (String url : new String[] {"jdbc:sorrel://127.0.0.1:1", "jdbc:sorrel://127.0.0.1",
        "jdbc:sorrel://127.0.0.1:" + fixture.server.port() + "/db",
        "jdbc:sorrel://127.0.0.1:" + fixture.server.port() + "?pasword=x",
        "jdbc:sorrel://127.0.0.1:" + fixture.server.port() + "?tls=maybe"}) {
      final SQLException e = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(url), url);
      assertInstanceOf(SQLNonTransientConnectionException.class, e, url);
      assertEquals("08001", e.getSQLState(), url);
    }
    final Properties wrong = new Properties();
    wrong.setProperty("passwd", "x");
    assertEquals("08001", assertThrows(SQLException.class,
        () -> DriverManager.getConnection(fixture.sorrelUrl(), wrong)).getSQLState());
  }

  @Test void tlsAgainstAPlainServerFailsToConnect() {
    final SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(fixture.sorrelUrl() + "?tls=true"));
    assertEquals("08001", e.getSQLState(), e.getMessage());
  }

  @Test void objectsKeepJdbcIdentityAndUnwrap() throws SQLException {
    try (Connection c = fixture.sorrel(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM t")) {
      assertSame(c, s.getConnection());
      assertSame(s, rs.getStatement());
      assertSame(c, c.getMetaData().getConnection());
      assertSame(c, c.unwrap(Connection.class));
      assertTrue(c.isWrapperFor(org.apache.arrow.driver.jdbc.ArrowFlightConnection.class));
      assertEquals(fixture.sorrelUrl(), c.getMetaData().getURL());
      assertEquals("Sorrel JDBC Driver", c.getMetaData().getDriverName());
      assertEquals("Sorrel", c.getMetaData().getDatabaseProductName());
      assertEquals("22023", assertThrows(SQLException.class,
          () -> c.unwrap(String.class)).getSQLState());
    }
    final Connection c = fixture.sorrel();
    final Statement s = c.createStatement();
    c.close();
    assertEquals("08003", assertThrows(SQLException.class,
        () -> s.executeQuery("SELECT 1")).getSQLState());
    assertEquals("08003", assertThrows(SQLException.class, c::createStatement).getSQLState());
  }

  @Test void transactionsCommitRollBackAndKeepSavepoints() throws SQLException {
    try (Connection c = fixture.sorrel(); Statement s = c.createStatement();
        Connection other = fixture.embedded()) {
      assertTrue(c.getAutoCommit());
      assertEquals("25P01", assertThrows(SQLException.class, c::commit).getSQLState());
      c.setAutoCommit(false);
      assertFalse(c.getAutoCommit());
      s.executeUpdate("INSERT INTO t VALUES (2, 'two')");
      final Savepoint savepoint = c.setSavepoint();
      s.executeUpdate("INSERT INTO t VALUES (3, 'three')");
      assertEquals(4, count(c));
      c.rollback(savepoint);
      assertEquals(3, count(c));
      assertEquals(2, count(other), "uncommitted rows are not seen elsewhere");
      c.commit();
      assertEquals(3, count(other));
      try (PreparedStatement p = c.prepareStatement("DELETE FROM t WHERE id = ?")) {
        p.setInt(1, 2);
        assertEquals(1, p.executeUpdate());
      }
      final Savepoint named = c.setSavepoint("before update");
      s.executeUpdate("UPDATE t SET name = 'x'");
      c.rollback(named);
      c.rollback();
      assertEquals(3, count(other));
      s.executeUpdate("DELETE FROM t");
      c.setAutoCommit(true);
      assertEquals(0, count(other), "turning autocommit on commits");
      assertEquals("3B001", assertThrows(SQLException.class,
          () -> c.rollback(savepoint)).getSQLState());
    }
    fixture.exec("INSERT INTO t VALUES (1, 'one')");
    final Connection c = fixture.sorrel();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM t");
    }
    c.close();
    try (Connection other = fixture.embedded()) {
      assertEquals(1, count(other), "closing rolls back");
    }
  }

  private static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT COUNT(*) FROM t")) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  @Test void cancelAndTimeoutStopStatementsWith57014() throws Exception {
    ServerLifecycleTest.digits(fixture);
    try (Connection c = fixture.sorrel(); Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      final SQLException timeout = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery(ServerLifecycleTest.ENDLESS)) {
          rs.next();
        }
      });
      assertEquals("57014", timeout.getSQLState(), timeout.getMessage());
    }
    try (Connection c = fixture.sorrel(); Statement s = c.createStatement()) {
      final ResultSet rs = s.executeQuery("SELECT a.d, b.d, c.d FROM digits a, digits b,"
          + " digits c");
      for (int i = 0; i < 100; i++) {
        assertTrue(rs.next());
      }
      s.cancel();
      final SQLException canceled = assertThrows(SQLException.class, () -> {
        while (rs.next()) {
          rs.getInt(1);
        }
      });
      assertTrue(List.of("57014", "24000").contains(canceled.getSQLState()),
          canceled.getSQLState() + " " + canceled.getMessage());
    }
  }

  @Test void aMillionRowsStreamWithASmallFetchSize() throws SQLException {
    ServerLifecycleTest.digits(fixture);
    try (Connection c = fixture.sorrel(); Statement s = c.createStatement()) {
      s.setFetchSize(100);
      long rows = 0;
      long sum = 0;
      try (ResultSet rs = s.executeQuery("SELECT a.d * 1000 + b.d AS n, 'row' AS label"
          + " FROM digits a, digits b")) {
        while (rs.next()) {
          sum += rs.getLong(1);
          rows++;
        }
      }
      assertEquals(1_000_000, rows);
      assertEquals(999_999L * 1_000_000 / 2, sum);
    }
  }

  /**
   * Reading rows by column number fails as embedded: a column out of range, a read before
   * the first row, and reads of a closed result set (24000), in class and SQLState.
   */
  @Test void rowReadMistakesFailAsEmbedded() throws SQLException {
    try (Connection embedded = fixture.embedded(); Connection remote = fixture.sorrel()) {
      final List<ThrowingRead> reads = List.of(
          rs -> rs.getLong(99),
          rs -> rs.getString(0),
          rs -> {
            rs.close();
            rs.getLong(1);
          },
          rs -> {
            rs.close();
            rs.next();
          },
          rs -> {
            rs.close();
            rs.wasNull();
          });
      for (int i = 0; i < reads.size(); i++) {
        final SQLException expected = readFailure(embedded, reads.get(i));
        final SQLException actual = readFailure(remote, reads.get(i));
        assertEquals(expected.getSQLState(), actual.getSQLState(), "read " + i + ": "
            + expected.getMessage() + " / " + actual.getMessage());
        assertEquals(expected.getClass(), actual.getClass(), "read " + i);
      }
    }
  }

  /** A read of a result set that is expected to fail. */
  @FunctionalInterface
  private interface ThrowingRead {
    void read(ResultSet rs) throws SQLException;
  }

  private static SQLException readFailure(Connection c, ThrowingRead read)
      throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, name FROM t ORDER BY id")) {
      assertTrue(rs.next());
      return assertThrows(SQLException.class, () -> read.read(rs));
    }
  }

  /**
   * Feature views are listed by getTables remotely as embedded (type FEATURE VIEW, asked for
   * by that type or with no types), and a connection to a writable server is not read-only.
   */
  @Test void featureViewsAreTablesAndAConnectionIsWritableAsEmbedded() throws SQLException {
    fixture.exec("CREATE TABLE plain (id BIGINT PRIMARY KEY)",
        "CREATE ENTITY rider (rider_id BIGINT)",
        "CREATE FEATURE VIEW rider_stats ENTITY rider (trips BIGINT)");
    try (Connection embedded = fixture.embedded(); Connection remote = fixture.sorrel()) {
      final DatabaseMetaData e = embedded.getMetaData();
      final DatabaseMetaData r = remote.getMetaData();
      final List<List<String>> all = rows(e.getTables(null, null, "%", null), "TABLE_SCHEM",
          "TABLE_NAME", "TABLE_TYPE");
      assertTrue(all.contains(List.of("TABLE_SCHEM=PUBLIC", "TABLE_NAME=RIDER_STATS",
          "TABLE_TYPE=FEATURE VIEW")),
          all.toString());
      assertEquals(all, rows(r.getTables(null, null, "%", null), "TABLE_SCHEM", "TABLE_NAME",
          "TABLE_TYPE"));
      assertEquals(all.stream().filter(row -> row.get(1).equals("TABLE_NAME=RIDER_STATS"))
          .toList(), rows(r.getTables(null, null, "RIDER%", null), "TABLE_SCHEM", "TABLE_NAME",
              "TABLE_TYPE"));
      final String escaped = "RIDER" + r.getSearchStringEscape() + "_STATS";
      assertEquals(rows(e.getTables(null, "PUBLIC", escaped, null), "TABLE_NAME", "TABLE_TYPE"),
          rows(r.getTables(null, "PUBLIC", escaped, null), "TABLE_NAME", "TABLE_TYPE"));
      assertEquals(List.of(List.of("TABLE_NAME=RIDER_STATS", "TABLE_TYPE=FEATURE VIEW")),
          rows(r.getTables(null, "PUBLIC", "RIDER_STATS", null), "TABLE_NAME", "TABLE_TYPE"));
      final String[] featureViews = {"FEATURE VIEW"};
      assertEquals(rows(e.getTables(null, null, "%", featureViews), "TABLE_NAME"),
          rows(r.getTables(null, null, "%", featureViews), "TABLE_NAME"));
      assertEquals(rows(e.getTableTypes(), "TABLE_TYPE"), rows(r.getTableTypes(),
          "TABLE_TYPE"));
      assertFalse(embedded.isReadOnly());
      assertFalse(remote.isReadOnly());
      assertFalse(r.isReadOnly());
    }
  }

  @Test void databaseMetaDataAnswersAsEmbedded() throws SQLException {
    fixture.exec("CREATE TABLE orders (region VARCHAR(10), id BIGINT, amount DECIMAL(10, 2),"
        + " ts TIMESTAMP NOT NULL, PRIMARY KEY (region, id))");
    try (Connection embedded = fixture.embedded(); Connection remote = fixture.sorrel()) {
      final DatabaseMetaData e = embedded.getMetaData();
      final DatabaseMetaData r = remote.getMetaData();
      assertEquals(rows(e.getTables(null, "PUBLIC", "%", null), "TABLE_SCHEM", "TABLE_NAME",
          "TABLE_TYPE"), rows(r.getTables(null, "PUBLIC", "%", null), "TABLE_SCHEM",
          "TABLE_NAME", "TABLE_TYPE"));
      final String[] columns = {"TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME",
          "COLUMN_SIZE", "DECIMAL_DIGITS", "NULLABLE", "ORDINAL_POSITION"};
      assertEquals(rows(e.getColumns(null, "PUBLIC", "ORDERS", "%"), columns),
          rows(r.getColumns(null, "PUBLIC", "ORDERS", "%"), columns));
      final String[] keys = {"TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"};
      assertEquals(rows(e.getPrimaryKeys(null, "PUBLIC", "ORDERS"), keys),
          rows(r.getPrimaryKeys(null, "PUBLIC", "ORDERS"), keys));
      assertEquals(e.getIdentifierQuoteString(), r.getIdentifierQuoteString());
      assertEquals(e.storesUpperCaseIdentifiers(), r.storesUpperCaseIdentifiers());
      assertEquals(e.getDatabaseProductVersion(), r.getDatabaseProductVersion());
    }
  }

  @Test void typeInfoAndIndexInfoAnswerAsEmbedded() throws SQLException {
    fixture.exec("CREATE TABLE orders (region VARCHAR(10), id BIGINT, amount DECIMAL(10, 2),"
        + " ts TIMESTAMP NOT NULL, PRIMARY KEY (region, id))",
        "CREATE INDEX orders_ts ON orders (ts DESC, amount)",
        "CREATE UNIQUE INDEX orders_amount ON orders (amount)",
        "INSERT INTO orders VALUES ('eu', 1, 10.5, TIMESTAMP '2026-01-01 00:00:00'),"
        + " ('us', 2, 20, TIMESTAMP '2026-01-02 00:00:00')");
    try (Connection embedded = fixture.embedded(); Connection remote = fixture.sorrel()) {
      final DatabaseMetaData e = embedded.getMetaData();
      final DatabaseMetaData r = remote.getMetaData();
      final List<List<String>> types = all(e.getTypeInfo());
      assertTrue(types.size() > 10, types.toString());
      assertEquals(types, all(r.getTypeInfo()));
      for (boolean unique : new boolean[] {false, true}) {
        for (boolean approximate : new boolean[] {false, true}) {
          final List<List<String>> indexes = all(e.getIndexInfo(null, "PUBLIC", "ORDERS",
              unique, approximate));
          assertEquals(indexes, all(r.getIndexInfo(null, "PUBLIC", "ORDERS", unique,
              approximate)), "unique " + unique + ", approximate " + approximate);
          assertEquals(indexes, all(r.getIndexInfo(null, null, "ORDERS", unique,
              approximate)));
        }
      }
      // The key's two columns, the two of ORDERS_TS and the one of ORDERS_AMOUNT.
      assertEquals(5, all(r.getIndexInfo(null, "PUBLIC", "ORDERS", false, false)).size());
      assertEquals(List.of(), all(r.getIndexInfo(null, "PUBLIC", "NOPE", false, true)));
      assertEquals(all(e.getIndexInfo(null, "SYS", "ORDERS", false, true)),
          all(r.getIndexInfo(null, "SYS", "ORDERS", false, true)));
    }
  }

  /** Every column of every row, with the column's name and JDBC type, for comparison. */
  private static List<List<String>> all(ResultSet rs) throws SQLException {
    try (rs) {
      final java.sql.ResultSetMetaData meta = rs.getMetaData();
      final List<List<String>> rows = new ArrayList<>();
      final List<String> header = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        header.add(meta.getColumnLabel(i) + ":" + meta.getColumnType(i));
      }
      while (rs.next()) {
        final List<String> row = new ArrayList<>(header.size());
        for (int i = 1; i <= header.size(); i++) {
          row.add(header.get(i - 1) + "=" + rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  static List<List<String>> rows(ResultSet rs, String... columns) throws SQLException {
    try (rs) {
      final List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        final List<String> row = new ArrayList<>();
        for (String column : columns) {
          row.add(column + "=" + rs.getString(column));
        }
        rows.add(row);
      }
      return rows;
    }
  }
}
