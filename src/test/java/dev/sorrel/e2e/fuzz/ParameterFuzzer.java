package dev.sorrel.e2e.fuzz;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Random values of every JDBC type at every {@code ?} of a set of statements (DML, filters,
 * LIMIT, CAST, PREDICT, ASSIGN_VARIANT, ASOF JOIN, feature-view writes): {@code setInt},
 * {@code setLong}, {@code setDouble} with NaN and infinities, {@code setBigDecimal} with huge
 * precision and scale, {@code setString} with numbers, dates, long and non-ASCII text,
 * {@code setBytes}, timestamps from the ends of the range, {@code setNull} with a random type
 * and {@code setObject} with objects the driver may not know. Each case prepares, binds and
 * executes one statement and reads its rows.
 */
final class ParameterFuzzer {
  private static final List<String> STATEMENTS = List.of(
      "INSERT INTO p0 (id, ti, si, i, bi, d, r, dc, s, c, b, dt, t, ts, vb)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      "SELECT id FROM t0 WHERE i = ? OR s = ? OR ts < ? OR dc > ? OR b = ?",
      "SELECT id, d FROM t1 WHERE d BETWEEN ? AND ? AND dt <> ?",
      "UPDATE p0 SET d = ?, s = ?, ts = ?, vb = ? WHERE id = ?",
      "DELETE FROM p0 WHERE dt = ? OR r = ? OR t = ?",
      "SELECT PREDICT_LABEL('iris', ?, ?, ?, ?)",
      "SELECT PREDICT(?, 1.0, 2.0, 3.0, 4.0)",
      "SELECT ASSIGN_VARIANT(?, ?)",
      "SELECT * FROM t0 ORDER BY id LIMIT ?",
      "SELECT * FROM t0 ORDER BY id LIMIT 3 OFFSET ?",
      "SELECT CAST(? AS DECIMAL(10,2)), CAST(? AS TIMESTAMP), CAST(? AS INTEGER)",
      "SELECT ? + 1, ? || 'x', ? IS NULL",
      "SELECT SUBSTRING(s FROM ? FOR ?) FROM t0",
      "SELECT id FROM t0 WHERE s LIKE ? AND vb = ?",
      "INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate, trips)"
          + " VALUES (?, ?, ?, ?, ?)",
      "SELECT a.id, f.conv_rate FROM t0 a LEFT ASOF JOIN stats f"
          + " MATCH_CONDITION (a.ts >= f.event_timestamp) ON a.bi = f.driver_id WHERE a.id = ?",
      "SELECT DRIFT_KS(d, i > ?) FROM t0",
      "SELECT id FROM t0 WHERE id IN (?, ?, ?)");
  private static final int[] TYPES = {Types.INTEGER, Types.BIGINT, Types.SMALLINT,
      Types.TINYINT, Types.DOUBLE, Types.REAL, Types.FLOAT, Types.DECIMAL, Types.NUMERIC,
      Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.BOOLEAN, Types.BIT, Types.DATE,
      Types.TIME, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.VARBINARY,
      Types.BINARY, Types.BLOB, Types.CLOB, Types.ARRAY, Types.OTHER, Types.JAVA_OBJECT,
      Types.NULL, Types.STRUCT, 12345};
  private static final String[] STRINGS = {"", " ", "1", "-0", "NaN", "Infinity", "1e999",
      "9223372036854775808", " 42 ", "0x10", "2026-01-01", "2026-02-30", "2026-01-01 10:00:00",
      "10:00", "true", "yes", "日本", "\uD83D\uDE00", "\u0000", "iris", "fz_exp", "'; DROP TABLE t0; --",
      "%", "_", "\\", "a".repeat(100_000)};

  private final FuzzRunner runner;
  private final Random random;
  private final Connection connection;
  private int inserts;

  ParameterFuzzer(FuzzRunner runner, Random random, Connection connection) {
    this.runner = runner;
    this.random = random;
    this.connection = connection;
  }

  void run() {
    final String sql = STATEMENTS.get(random.nextInt(STATEMENTS.size()));
    final StringBuilder what = new StringBuilder(sql);
    runner.attempt(FuzzClass.PARAMETER, sql, () -> {
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        runner.watch(ps);
        final int n = sql.length() - sql.replace("?", "").length();
        for (int i = 1; i <= n; i++) {
          what.append("\n    ?").append(i).append(" = ").append(bind(ps, i));
        }
        if (ps.execute()) {
          try (ResultSet rs = ps.getResultSet()) {
            return Rows.read(rs);
          }
        }
        if (sql.startsWith("INSERT INTO p0") && ++inserts % 50 == 0) {
          connection.createStatement().execute("DELETE FROM p0");
        }
        return List.of();
      } catch (java.sql.SQLException e) {
        // name the values bound, so that a failure can be reproduced
        throw new java.sql.SQLException(what + "\n    -> " + e.getMessage(), e.getSQLState(), e);
      } catch (RuntimeException e) {
        throw new IllegalStateException(what.toString(), e);
      }
    });
  }

  /** Binds a random value with a random setter; a description of what was bound. */
  private String bind(PreparedStatement ps, int i) throws java.sql.SQLException {
    switch (random.nextInt(16)) {
      case 0 -> {
        final int v = pickInt();
        ps.setInt(i, v);
        return "setInt " + v;
      }
      case 1 -> {
        final long v = random.nextBoolean() ? random.nextLong()
            : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1000}[random.nextInt(5)];
        ps.setLong(i, v);
        return "setLong " + v;
      }
      case 2 -> {
        final double v = new double[] {Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1.5,
            random.nextGaussian() * 1e6}[random.nextInt(8)];
        ps.setDouble(i, v);
        return "setDouble " + v;
      }
      case 3 -> {
        final float v = new float[] {Float.NaN, Float.MAX_VALUE, -0.0f, 2.5f}[random.nextInt(4)];
        ps.setFloat(i, v);
        return "setFloat " + v;
      }
      case 4 -> {
        final BigDecimal v = new BigDecimal[] {new BigDecimal("1E+400"),
            new BigDecimal("-1E-400"), new BigDecimal(BigInteger.TEN.pow(60), 2),
            new BigDecimal("123.456789"), BigDecimal.ZERO}[random.nextInt(5)];
        ps.setBigDecimal(i, v);
        return "setBigDecimal " + v;
      }
      case 5, 6 -> {
        final String v = STRINGS[random.nextInt(STRINGS.length)];
        ps.setString(i, v);
        return "setString '" + (v.length() > 40 ? v.substring(0, 10) + "...(" + v.length() + ")"
            : v) + "'";
      }
      case 7 -> {
        final byte[] v = new byte[new int[] {0, 1, 8, 9, 1 << 20}[random.nextInt(5)]];
        random.nextBytes(v);
        ps.setBytes(i, v);
        return "setBytes " + v.length + " bytes";
      }
      case 8 -> {
        final Timestamp v = new Timestamp[] {new Timestamp(Long.MIN_VALUE),
            new Timestamp(Long.MAX_VALUE), Timestamp.valueOf("0001-01-01 00:00:00"),
            Timestamp.valueOf("9999-12-31 23:59:59.999999999"), new Timestamp(0),
            Timestamp.valueOf("2026-01-02 10:00:00")}[random.nextInt(6)];
        ps.setTimestamp(i, v);
        return "setTimestamp " + v;
      }
      case 9 -> {
        final Date v = new Date[] {new Date(Long.MIN_VALUE), new Date(Long.MAX_VALUE),
            Date.valueOf("2026-01-02")}[random.nextInt(3)];
        ps.setDate(i, v);
        return "setDate " + v;
      }
      case 10 -> {
        final Time v = new Time(random.nextLong() % 1_000_000_000L);
        ps.setTime(i, v);
        return "setTime " + v;
      }
      case 11 -> {
        final boolean v = random.nextBoolean();
        ps.setBoolean(i, v);
        return "setBoolean " + v;
      }
      case 12 -> {
        final int type = TYPES[random.nextInt(TYPES.length)];
        ps.setNull(i, type);
        return "setNull " + type;
      }
      case 13 -> {
        final Object v = new Object[] {UUID.randomUUID(), LocalDate.MAX, LocalDateTime.MIN,
            Instant.EPOCH, OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(14)),
            new int[] {1, 2}, new Object(), List.of(1), 'c', (short) 7, (byte) -1,
            BigInteger.TWO.pow(100), new StringBuilder("sb")}[random.nextInt(13)];
        ps.setObject(i, v);
        return "setObject " + v.getClass().getSimpleName();
      }
      case 14 -> {
        final Object v = new Object[] {"12", "x", 1.5, 7L, true, new byte[] {1},
            Timestamp.valueOf("2026-01-02 10:00:00"), "NaN"}[random.nextInt(8)];
        final int type = TYPES[random.nextInt(TYPES.length)];
        ps.setObject(i, v, type);
        return "setObject " + v + " as " + type;
      }
      default -> {
        ps.setObject(i, null);
        return "setObject null";
      }
    }
  }

  private int pickInt() {
    return random.nextBoolean() ? random.nextInt(20) - 5
        : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 128, 32768}[random.nextInt(6)];
  }
}
