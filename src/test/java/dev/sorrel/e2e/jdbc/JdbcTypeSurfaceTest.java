package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.assertSqlState;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.memory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JDBC type surface frameworks use: getObject(column, Class) for every
 * Sorrel type and JDBC 4.2 class, setObject with a target type (and scale),
 * setString converted into numeric and date columns, setNull with every
 * type, and NULL through all of them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JdbcTypeSurfaceTest {
  /** Every column type, the value of row 1, as the column's own class reads it. */
  private static final Map<String, Object> ROW_1 = new LinkedHashMap<>();

  static {
    ROW_1.put("B", true);
    ROW_1.put("TI", (byte) 7);
    ROW_1.put("SI", (short) 300);
    ROW_1.put("I", 70000);
    ROW_1.put("BI", 5_000_000_000L);
    ROW_1.put("R", 1.5f);
    ROW_1.put("D", 2.25d);
    ROW_1.put("N", new BigDecimal("12.34"));
    ROW_1.put("V", "abc");
    ROW_1.put("VB", new byte[] {1, 2});
    ROW_1.put("DT", LocalDate.of(2026, 1, 2));
    ROW_1.put("TM", LocalTime.of(3, 4, 5));
    ROW_1.put("TS", LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6_000_000));
  }

  /** The classes getObject is asked for in the matrix. */
  private static final List<Class<?>> CLASSES = List.of(Object.class, String.class,
      Boolean.class, Byte.class, Short.class, Integer.class, Long.class, Float.class,
      Double.class, BigDecimal.class, BigInteger.class, byte[].class, Date.class, Time.class,
      Timestamp.class, java.util.Date.class, LocalDate.class, LocalTime.class,
      LocalDateTime.class, Instant.class, OffsetDateTime.class, ZonedDateTime.class);

  private Connection c;

  @BeforeEach
  void createTable() throws SQLException {
    c = memory();
    exec(c, "CREATE TABLE T (ID INT PRIMARY KEY, B BOOLEAN, TI TINYINT, SI SMALLINT,"
        + " I INTEGER, BI BIGINT, R REAL, D DOUBLE, N DECIMAL(10, 2), V VARCHAR(20),"
        + " VB VARBINARY(10), DT DATE, TM TIME, TS TIMESTAMP)",
        "INSERT INTO T VALUES (1, TRUE, 7, 300, 70000, 5000000000, 1.5, 2.25, 12.34, 'abc',"
            + " X'0102', DATE '2026-01-02', TIME '03:04:05',"
            + " TIMESTAMP '2026-01-02 03:04:05.006')",
        "INSERT INTO T (ID) VALUES (2)");
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private ResultSet row(int id) throws SQLException {
    final ResultSet rs = c.createStatement().executeQuery("SELECT * FROM T WHERE ID = " + id);
    assertTrue(rs.next());
    return rs;
  }

  @Test void eachColumnReadsAsItsOwnJavaClass() throws SQLException {
    try (ResultSet rs = row(1)) {
      for (Map.Entry<String, Object> e : ROW_1.entrySet()) {
        final Object got = rs.getObject(e.getKey(), e.getValue().getClass());
        if (got instanceof byte[] bytes) {
          assertArrayEquals((byte[]) e.getValue(), bytes, e.getKey());
        } else {
          assertEquals(e.getValue(), got, e.getKey());
        }
      }
    }
  }

  @Test void jdbc42ConversionsReadTheWallClockInTheConnectionsZone() throws SQLException {
    try (ResultSet rs = row(1)) {
      final ZoneId zone = ZoneId.systemDefault();
      final LocalDateTime wall = LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6_000_000);
      assertEquals(wall.atZone(zone).toInstant(), rs.getObject("TS", Instant.class));
      assertEquals(wall.atZone(zone).toOffsetDateTime(),
          rs.getObject("TS", OffsetDateTime.class));
      assertEquals(wall.atZone(zone), rs.getObject("TS", ZonedDateTime.class));
      assertEquals(Timestamp.valueOf(wall), rs.getObject("TS", Timestamp.class));
      assertEquals(LocalDate.of(2026, 1, 2), rs.getObject("TS", LocalDate.class));
      assertEquals(LocalTime.of(3, 4, 5, 6_000_000), rs.getObject("TS", LocalTime.class));
      assertEquals(Date.valueOf("2026-01-02"), rs.getObject("DT", Date.class));
      assertEquals(Time.valueOf("03:04:05"), rs.getObject("TM", Time.class));
      assertEquals("2026-01-02 03:04:05.006", rs.getObject("TS", String.class));
      assertEquals(70000L, rs.getObject("I", Long.class));
      assertEquals(new BigDecimal("70000"), rs.getObject("I", BigDecimal.class));
      assertEquals(12L, rs.getObject("N", Long.class));
      assertEquals(12.34, rs.getObject("N", Double.class));
      assertEquals(Boolean.TRUE, rs.getObject("TI", Boolean.class));
      assertEquals(1, rs.getObject("B", Integer.class));
      assertEquals(BigInteger.valueOf(5_000_000_000L), rs.getObject("BI", BigInteger.class));
      assertEquals(7, rs.getObject("TI", int.class));
      // a number that does not fit the class asked for
      assertSqlState(SQLDataException.class, "22003", () -> rs.getObject("SI", Byte.class));
      assertSqlState(SQLDataException.class, "22003", () -> rs.getObject("BI", Integer.class));
      // text that is not a number, a value of an unrelated type
      assertSqlState(SQLDataException.class, "22018", () -> rs.getObject("V", Integer.class));
      assertSqlState(SQLDataException.class, "22007", () -> rs.getObject("V", LocalDate.class));
      assertSqlState(SQLDataException.class, "22018", () -> rs.getObject("DT", Integer.class));
      // a class JDBC does not map a Sorrel type to
      assertSqlState(SQLFeatureNotSupportedException.class, "0A000",
          () -> rs.getObject("V", Thread.class));
      assertSqlState(SQLFeatureNotSupportedException.class, "0A000",
          () -> rs.getObject(1, java.util.UUID.class));
    }
  }

  /** Every column read as every class: a value or a data or feature error, never XX000. */
  @Test void everyColumnAsEveryClassIsAValueOrACodedError() throws SQLException {
    final Set<String> allowed = Set.of("22018", "22007", "22003", "0A000");
    try (ResultSet rs = row(1)) {
      for (String column : ROW_1.keySet()) {
        for (Class<?> type : CLASSES) {
          try {
            final Object value = rs.getObject(column, type);
            if (type != Object.class) {
              assertTrue(type.isInstance(value), column + " as " + type.getSimpleName()
                  + " gave " + value);
            }
          } catch (SQLException e) {
            if (!allowed.contains(e.getSQLState())) {
              fail(column + " as " + type.getSimpleName() + ": " + e.getSQLState() + " "
                  + e.getMessage(), e);
            }
          }
        }
      }
    }
  }

  @Test void nullIsNullAsEveryClass() throws SQLException {
    try (ResultSet rs = row(2)) {
      for (String column : ROW_1.keySet()) {
        for (Class<?> type : CLASSES) {
          assertNull(rs.getObject(column, type), column + " as " + type.getSimpleName());
        }
      }
    }
  }

  /** One value per column type, bound with setObject(value, Types.X) and read back. */
  @Test void setObjectWithEveryTargetTypeStoresTheValue() throws SQLException {
    final Map<String, Object[]> bindings = new LinkedHashMap<>();
    bindings.put("B", new Object[] {Types.BOOLEAN, "yes", true});
    bindings.put("TI", new Object[] {Types.TINYINT, 7L, (byte) 7});
    bindings.put("SI", new Object[] {Types.SMALLINT, "300", (short) 300});
    bindings.put("I", new Object[] {Types.INTEGER, new BigDecimal("69999.5"), 70000});
    bindings.put("BI", new Object[] {Types.BIGINT, BigInteger.valueOf(5_000_000_000L),
        5_000_000_000L});
    bindings.put("R", new Object[] {Types.REAL, 1.5d, 1.5f});
    bindings.put("D", new Object[] {Types.DOUBLE, "2.25", 2.25d});
    bindings.put("N", new Object[] {Types.DECIMAL, 12.34d, new BigDecimal("12.34")});
    bindings.put("V", new Object[] {Types.VARCHAR, 42, "42"});
    bindings.put("VB", new Object[] {Types.VARBINARY, new byte[] {1, 2}, new byte[] {1, 2}});
    bindings.put("DT", new Object[] {Types.DATE, "2026-01-02", LocalDate.of(2026, 1, 2)});
    bindings.put("TM", new Object[] {Types.TIME, LocalTime.of(3, 4, 5), LocalTime.of(3, 4, 5)});
    bindings.put("TS", new Object[] {Types.TIMESTAMP,
        Timestamp.valueOf("2026-01-02 03:04:05.006"),
        LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6_000_000)});
    int id = 10;
    for (Map.Entry<String, Object[]> e : bindings.entrySet()) {
      final String column = e.getKey();
      final int type = (Integer) e.getValue()[0];
      id++;
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO T (ID, " + column + ") VALUES (?, ?)")) {
        ps.setObject(1, id, Types.INTEGER);
        ps.setObject(2, e.getValue()[1], type);
        assertEquals(1, ps.executeUpdate(), column);
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + column + " FROM T WHERE ID = ?")) {
        ps.setObject(1, id, JDBCType.INTEGER);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next(), column);
          final Object expected = e.getValue()[2];
          final Object got = rs.getObject(1, expected.getClass());
          if (expected instanceof byte[] bytes) {
            assertArrayEquals(bytes, (byte[]) got, column);
          } else {
            assertEquals(expected, got, column + " bound as " + JDBCType.valueOf(type));
          }
        }
      }
      // and as NULL of the same type, with either setNull
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE T SET " + column + " = ? WHERE ID = ?")) {
        ps.setNull(1, type);
        ps.setInt(2, id);
        assertEquals(1, ps.executeUpdate());
        ps.setNull(1, type, JDBCType.valueOf(type).getName());
        assertEquals(1, ps.executeUpdate());
        ps.setObject(1, null, type);
        assertEquals(1, ps.executeUpdate());
      }
      assertEquals(1L, JdbcTestSupport.count(c,
          "SELECT COUNT(*) FROM T WHERE ID = " + id + " AND " + column + " IS NULL"), column);
    }
  }

  @Test void setObjectWithAScaleRoundsDecimals() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO T (ID, N) VALUES (?, ?)")) {
      ps.setInt(1, 20);
      ps.setObject(2, new BigDecimal("1.005"), Types.DECIMAL, 2);
      ps.executeUpdate();
      ps.setInt(1, 21);
      ps.setObject(2, "2.349", JDBCType.NUMERIC, 1);
      ps.executeUpdate();
    }
    try (ResultSet rs = c.createStatement().executeQuery(
        "SELECT N FROM T WHERE ID IN (20, 21) ORDER BY ID")) {
      assertTrue(rs.next());
      assertEquals(0, new BigDecimal("1.01").compareTo(rs.getBigDecimal(1)));
      assertTrue(rs.next());
      assertEquals(0, new BigDecimal("2.3").compareTo(rs.getBigDecimal(1)));
    }
  }

  @Test void zonedValuesBindAsTheConnectionZonesWallClock() throws SQLException {
    final LocalDateTime wall = LocalDateTime.of(2026, 3, 4, 5, 6, 7);
    final Instant instant = wall.atZone(ZoneId.systemDefault()).toInstant();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO T (ID, TS) VALUES (?, ?)")) {
      ps.setInt(1, 30);
      ps.setObject(2, instant);
      ps.executeUpdate();
      ps.setInt(1, 31);
      ps.setObject(2, instant.atOffset(java.time.ZoneOffset.ofHours(9)));
      ps.executeUpdate();
      ps.setInt(1, 32);
      ps.setObject(2, instant.atZone(ZoneId.of("America/New_York")), Types.TIMESTAMP);
      ps.executeUpdate();
      ps.setInt(1, 33);
      ps.setObject(2, instant.atOffset(java.time.ZoneOffset.UTC),
          Types.TIMESTAMP_WITH_TIMEZONE);
      ps.executeUpdate();
    }
    try (ResultSet rs = c.createStatement().executeQuery(
        "SELECT TS FROM T WHERE ID BETWEEN 30 AND 33 ORDER BY ID")) {
      for (int i = 0; i < 4; i++) {
        assertTrue(rs.next());
        assertEquals(wall, rs.getObject(1, LocalDateTime.class));
        assertEquals(instant, rs.getObject(1, Instant.class));
      }
      assertFalse(rs.next());
    }
  }

  @Test void setStringConvertsIntoNumericAndDateColumns() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO T (ID, B, I, N, D, DT, TM, TS) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, "40");
      ps.setString(2, "true");
      ps.setString(3, " 123 ");
      ps.setString(4, "4.5");
      ps.setString(5, "1e3");
      ps.setString(6, "2026-05-06");
      ps.setString(7, "07:08:09");
      ps.setString(8, "2026-05-06T07:08:09.5");
      assertEquals(1, ps.executeUpdate());
    }
    try (ResultSet rs = row(40)) {
      assertEquals(true, rs.getBoolean("B"));
      assertEquals(123, rs.getInt("I"));
      assertEquals(0, new BigDecimal("4.5").compareTo(rs.getBigDecimal("N")));
      assertEquals(1000.0, rs.getDouble("D"));
      assertEquals(LocalDate.of(2026, 5, 6), rs.getObject("DT", LocalDate.class));
      assertEquals(LocalTime.of(7, 8, 9), rs.getObject("TM", LocalTime.class));
      assertEquals(LocalDateTime.of(2026, 5, 6, 7, 8, 9, 500_000_000),
          rs.getObject("TS", LocalDateTime.class));
    }
    // and where a query compares with them
    try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM T WHERE I = ? AND DT = ?")) {
      ps.setString(1, "123");
      ps.setString(2, "2026-05-06");
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(40, rs.getInt(1));
      }
    }
  }

  @Test void badTextIsADataErrorNamingTheParameter() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO T (ID, I) VALUES (?, ?)")) {
      ps.setInt(1, 50);
      ps.setString(2, "twelve");
      final SQLException e = assertSqlState(SQLDataException.class, "22018", ps::executeUpdate);
      assertTrue(e.getMessage().contains("parameter 2"), e.getMessage());
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO T (ID, B) VALUES (?, ?)")) {
      ps.setInt(1, 50);
      ps.setString(2, "maybe");
      assertSqlState(SQLDataException.class, "22018", ps::executeUpdate);
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO T (ID, DT) VALUES (?, ?)")) {
      ps.setInt(1, 50);
      ps.setString(2, "2026-13-45");
      assertSqlState(SQLDataException.class, "22007", ps::executeUpdate);
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO T (ID, TI) VALUES (?, ?)")) {
      ps.setInt(1, 50);
      // converted by setObject before it is bound: the value does not fit the type asked for
      assertSqlState(SQLDataException.class, "22003", () -> ps.setObject(2, 300, Types.TINYINT));
      assertSqlState(SQLDataException.class, "22018",
          () -> ps.setObject(2, "lots", Types.INTEGER));
      assertSqlState(SQLDataException.class, "22007",
          () -> ps.setObject(2, "noon", Types.TIMESTAMP));
      assertSqlState(SQLFeatureNotSupportedException.class, "0A000",
          () -> ps.setObject(2, "x", Types.STRUCT));
    }
    assertEquals(2L, JdbcTestSupport.count(c, "T"), "nothing was written");
  }

  @Test void typedSettersBindEveryType() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO T VALUES"
        + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setInt(1, 60);
      ps.setBoolean(2, false);
      ps.setByte(3, (byte) -1);
      ps.setShort(4, (short) -2);
      ps.setInt(5, -3);
      ps.setLong(6, -4L);
      ps.setFloat(7, -5.5f);
      ps.setDouble(8, -6.5);
      ps.setBigDecimal(9, new BigDecimal("-7.25"));
      ps.setString(10, "x");
      ps.setBytes(11, new byte[] {9});
      ps.setDate(12, Date.valueOf("2020-02-29"));
      ps.setTime(13, Time.valueOf("23:59:59"));
      ps.setTimestamp(14, Timestamp.valueOf("2020-02-29 23:59:59.999"));
      assertEquals(1, ps.executeUpdate());
    }
    try (ResultSet rs = row(60)) {
      assertFalse(rs.getBoolean("B"));
      assertEquals(-1, rs.getByte("TI"));
      assertEquals(-2, rs.getShort("SI"));
      assertEquals(-3, rs.getInt("I"));
      assertEquals(-4L, rs.getLong("BI"));
      assertEquals(-5.5f, rs.getFloat("R"));
      assertEquals(-6.5, rs.getDouble("D"));
      assertEquals(0, new BigDecimal("-7.25").compareTo(rs.getBigDecimal("N")));
      assertEquals("x", rs.getString("V"));
      assertArrayEquals(new byte[] {9}, rs.getBytes("VB"));
      assertEquals(Date.valueOf("2020-02-29"), rs.getDate("DT"));
      assertEquals(Time.valueOf("23:59:59"), rs.getTime("TM"));
      assertEquals(Timestamp.valueOf("2020-02-29 23:59:59.999"), rs.getTimestamp("TS"));
      assertNotEquals(null, rs.getObject("ID"));
    }
  }
}
