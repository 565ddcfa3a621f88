package dev.sorrel.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The {@link DatabaseMetaData} methods Sorrel answers itself (see
 * {@link JdbcProxy}): those Calcite's driver leaves unimplemented, and
 * those whose answer depends on the connection.
 */
final class DatabaseMetaDataOverrides {
  private final JdbcProxy self;

  DatabaseMetaDataOverrides(JdbcProxy self) {
    this.self = self;
  }

  /** Statements return generated keys ({@link GeneratedKeys}). */
  public boolean supportsGetGeneratedKeys() {
    return true;
  }

  /** Whether the connection refuses writes ({@code Connection.setReadOnly}). */
  public boolean isReadOnly() throws SQLException {
    return self.connection().isReadOnly();
  }

  // Result sets are forward-only and read-only: none of them sees changes made through it or
  // by others while it is open.

  public boolean ownUpdatesAreVisible(int type) throws SQLException {
    return false;
  }

  public boolean ownDeletesAreVisible(int type) throws SQLException {
    return false;
  }

  public boolean ownInsertsAreVisible(int type) throws SQLException {
    return false;
  }

  public boolean othersUpdatesAreVisible(int type) throws SQLException {
    return false;
  }

  public boolean othersDeletesAreVisible(int type) throws SQLException {
    return false;
  }

  public boolean othersInsertsAreVisible(int type) throws SQLException {
    return false;
  }

  public boolean updatesAreDetected(int type) throws SQLException {
    return false;
  }

  public boolean deletesAreDetected(int type) throws SQLException {
    return false;
  }

  public boolean insertsAreDetected(int type) throws SQLException {
    return false;
  }

  public boolean supportsResultSetType(int type) throws SQLException {
    return type == ResultSet.TYPE_FORWARD_ONLY;
  }

  public boolean supportsResultSetConcurrency(int type, int concurrency) throws SQLException {
    return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
  }

  /** Result sets are read from a snapshot, so they stay open over a commit. */
  public boolean supportsResultSetHoldability(int holdability) throws SQLException {
    return holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT;
  }

  /** The conversions CAST performs between Sorrel's types. */
  public boolean supportsConvert(int fromType, int toType) throws SQLException {
    final Kind from = Kind.of(fromType);
    final Kind to = Kind.of(toType);
    if (from == null || to == null) {
      return false;
    }
    return from == to || from == Kind.TEXT || to == Kind.TEXT
        || from == Kind.NUMBER && to == Kind.BOOLEAN || from == Kind.BOOLEAN && to == Kind.NUMBER
        || from == Kind.DATETIME && to == Kind.DATETIME;
  }

  /** Groups of JDBC types that CAST converts within. */
  private enum Kind {
    BOOLEAN, NUMBER, TEXT, BINARY, DATETIME;

    static Kind of(int type) {
      return switch (type) {
        case Types.BOOLEAN, Types.BIT -> BOOLEAN;
        case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL,
            Types.FLOAT, Types.DOUBLE, Types.DECIMAL, Types.NUMERIC -> NUMBER;
        case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR -> TEXT;
        case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> BINARY;
        case Types.DATE, Types.TIME, Types.TIMESTAMP -> DATETIME;
        default -> null;
      };
    }
  }
}
