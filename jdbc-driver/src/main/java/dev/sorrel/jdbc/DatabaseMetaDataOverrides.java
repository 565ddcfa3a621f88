package dev.sorrel.jdbc;

import java.sql.Connection;
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

  // Transactions (Avatica's metadata answers "none" to all of these).

  public boolean supportsTransactions() throws SQLException {
    return true;
  }

  public boolean supportsSavepoints() throws SQLException {
    return true;
  }

  /** Connections each have their own transaction, open at the same time. */
  public boolean supportsMultipleTransactions() throws SQLException {
    return true;
  }

  /** Snapshot isolation (REPEATABLE READ), as {@code getTransactionIsolation} reports. */
  public int getDefaultTransactionIsolation() throws SQLException {
    return Connection.TRANSACTION_REPEATABLE_READ;
  }

  /** Every level but NONE; READ UNCOMMITTED runs as READ COMMITTED, as in PostgreSQL. */
  public boolean supportsTransactionIsolationLevel(int level) throws SQLException {
    return level == Connection.TRANSACTION_READ_UNCOMMITTED
        || level == Connection.TRANSACTION_READ_COMMITTED
        || level == Connection.TRANSACTION_REPEATABLE_READ
        || level == Connection.TRANSACTION_SERIALIZABLE;
  }

  // DDL is refused inside a transaction block (25001): it neither commits nor is ignored.

  public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
    return true;
  }

  public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
    return false;
  }

  public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
    return false;
  }

  public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
    return false;
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
