package dev.sorrel.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.ByteString;

/**
 * A transaction a client began with Flight SQL's BeginTransaction: an embedded
 * connection with autocommit off, on which every statement that names the
 * transaction runs, until EndTransaction commits or rolls it back. Savepoints
 * are the connection's JDBC savepoints.
 */
final class Transaction {
  private final ByteString id;
  private final Connection connection;
  private final Map<ByteString, Savepoint> savepoints = new ConcurrentHashMap<>();

  Transaction(ByteString id, Connection connection) {
    this.id = id;
    this.connection = connection;
  }

  ByteString id() {
    return id;
  }

  Connection connection() {
    return connection;
  }

  void commit() throws SQLException {
    try {
      connection.commit();
    } finally {
      connection.close();
    }
  }

  void rollback() throws SQLException {
    try {
      connection.rollback();
    } finally {
      connection.close();
    }
  }

  void savepoint(ByteString savepointId, String name) throws SQLException {
    savepoints.put(savepointId, connection.setSavepoint(name));
  }

  /** Releases a savepoint (keeping its changes) or rolls back to it. */
  void endSavepoint(ByteString savepointId, boolean rollback) throws SQLException {
    final Savepoint savepoint = savepoints.remove(savepointId);
    if (savepoint == null) {
      throw new SQLException("no savepoint with this id is open in the transaction", "3B001");
    }
    if (rollback) {
      connection.rollback(savepoint);
    } else {
      connection.releaseSavepoint(savepoint);
    }
  }

  /** Rolls back a transaction whose session ended without ending it. */
  void abandon() {
    try {
      rollback();
    } catch (SQLException ignored) {
      // Closing the connection discards the transaction anyway.
    }
  }
}
