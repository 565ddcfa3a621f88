package dev.sorrel.jdbc;

import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Types;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import dev.sorrel.engine.ErrorCode;

/**
 * The {@link PreparedStatement} methods Sorrel answers itself (see
 * {@link JdbcProxy}): {@code executeQuery} and {@code executeUpdate} check
 * the prepared statement's kind first, and {@code setObject} with a target
 * JDBC type converts the value to that type ({@link JdbcValues}), where
 * Calcite's driver rejects most pairs or, with a scale, ignores the value.
 */
final class PreparedStatementOverrides extends StatementOverrides {
  /** The statement's SQL text, set when it is prepared. */
  volatile String sql;

  PreparedStatementOverrides(JdbcProxy self) {
    super(self);
  }

  private PreparedStatement prepared() {
    return self.target(PreparedStatement.class);
  }

  /** Whether the prepared statement returns rows. */
  private boolean isQuery() {
    return sql == null || SqlText.isQuery(sql);
  }

  /** Whether the prepared statement returns rows (a query, or START RUN). */
  private boolean returnsRows() {
    return sql == null || SqlText.returnsRows(sql);
  }

  /** Refuses to run a write when the connection has been made read-only since preparing. */
  private void checkWritable() throws SQLException {
    checkOpen();
    if (!isQuery() && self.connection().isReadOnly()) {
      throw ConnectionOverrides.readOnly(SqlText.firstWord(sql));
    }
  }

  public ResultSet executeQuery() throws SQLException {
    checkOpen();
    if (!returnsRows()) {
      throw notAQuery(SqlText.firstWord(sql));
    }
    return keys.run(prepared(), null, () -> prepared().executeQuery());
  }

  public int executeUpdate() throws SQLException {
    checkWritable();
    if (returnsRows()) {
      throw queryNotAllowed();
    }
    return keys.run(prepared(), keys.prepared(), () -> prepared().executeUpdate());
  }

  public long executeLargeUpdate() throws SQLException {
    checkWritable();
    if (returnsRows()) {
      throw queryNotAllowed();
    }
    return keys.run(prepared(), keys.prepared(), () -> prepared().executeLargeUpdate());
  }

  public boolean execute() throws SQLException {
    checkWritable();
    return keys.run(prepared(), keys.prepared(), () -> prepared().execute());
  }

  /** A batch's generated keys are those of all its executions, in order. */
  @Override public int[] executeBatch() throws SQLException {
    checkWritable();
    return keys.run(prepared(), keys.prepared(), () -> prepared().executeBatch());
  }

  @Override public long[] executeLargeBatch() throws SQLException {
    checkWritable();
    return keys.run(prepared(), keys.prepared(), () -> prepared().executeLargeBatch());
  }

  /** Zoned date-times become the connection zone's wall clock; other values pass as they are. */
  public void setObject(int parameterIndex, Object x) throws SQLException {
    if (x instanceof Instant || x instanceof OffsetDateTime || x instanceof ZonedDateTime) {
      prepared().setObject(parameterIndex,
          JdbcValues.convert(x, LocalDateTime.class, self.timeZone()));
    } else if (x instanceof BigInteger i) {
      prepared().setBigDecimal(parameterIndex, new BigDecimal(i));
    } else if (x instanceof Character c) {
      prepared().setString(parameterIndex, c.toString());
    } else {
      prepared().setObject(parameterIndex, x);
    }
  }

  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    setObject(parameterIndex, x, targetSqlType, -1);
  }

  /**
   * Binds the value converted to the JDBC type; a DECIMAL or NUMERIC value is
   * rounded half up to {@code scaleOrLength} digits after the point.
   */
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength)
      throws SQLException {
    checkOpen();
    final Class<?> type = JdbcValues.classOf(targetSqlType);
    if (x == null || targetSqlType == Types.NULL) {
      prepared().setNull(parameterIndex, targetSqlType);
      return;
    }
    if (type == null) {
      setObject(parameterIndex, x);
      return;
    }
    Object value = isJdbcClass(x, targetSqlType) ? x
        : JdbcValues.convert(x, type, self.timeZone());
    if (value instanceof BigDecimal d && scaleOrLength >= 0
        && (targetSqlType == Types.DECIMAL || targetSqlType == Types.NUMERIC)) {
      value = d.setScale(scaleOrLength, RoundingMode.HALF_UP);
    }
    prepared().setObject(parameterIndex, value);
  }

  /** A java.sql date or time bound as its own type keeps setDate/setTime/setTimestamp's meaning. */
  private static boolean isJdbcClass(Object x, int sqlType) {
    return switch (sqlType) {
      case Types.DATE -> x instanceof java.sql.Date;
      case Types.TIME -> x instanceof java.sql.Time;
      case Types.TIMESTAMP -> x instanceof java.sql.Timestamp;
      default -> false;
    };
  }

  public void setObject(int parameterIndex, Object x, SQLType targetSqlType)
      throws SQLException {
    setObject(parameterIndex, x, vendorType(targetSqlType), -1);
  }

  public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    setObject(parameterIndex, x, vendorType(targetSqlType), scaleOrLength);
  }

  /** As {@code setNull(int, int)}: Sorrel has no user-defined or REF types to name. */
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    prepared().setNull(parameterIndex, sqlType);
  }

  private static int vendorType(SQLType type) throws SQLException {
    if (type instanceof JDBCType j) {
      return j.getVendorTypeNumber();
    }
    throw SqlErrors.create(ErrorCode.FEATURE_NOT_SUPPORTED.sqlState(), "type " + type
        + " is not a java.sql.JDBCType", null);
  }
}
