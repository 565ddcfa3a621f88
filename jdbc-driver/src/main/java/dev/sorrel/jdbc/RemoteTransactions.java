package dev.sorrel.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

import dev.sorrel.engine.ErrorCode;

/**
 * Autocommit, commit, rollback and savepoints of a server connection.
 *
 * <p>Arrow's Flight SQL JDBC driver (18.3) keeps {@code setAutoCommit(false)}
 * to itself and sends every statement in autocommit, so it cannot carry a
 * transaction; but every statement of one of its connections runs on the
 * server session's one embedded connection, where SQL's own {@code BEGIN},
 * {@code COMMIT}, {@code ROLLBACK} and {@code SAVEPOINT} act as they do
 * embedded. So this class turns JDBC's transaction calls into those
 * statements, as PostgreSQL's driver sends {@code BEGIN} for a connection with
 * autocommit off: a transaction is open from {@code setAutoCommit(false)} (and
 * from each commit or rollback) to the next commit or rollback, and the
 * embedded connection gives it snapshot isolation, its own writes and its
 * savepoints. Closing the connection rolls an open transaction back.
 */
final class RemoteTransactions {
  /** The savepoint a batch inside a transaction runs under (quoted: no user's name). */
  private static final String BATCH_SAVEPOINT = "\"sorrel batch\"";

  private final Connection connection;
  private boolean autoCommit = true;
  private int unnamedSavepoints;

  RemoteTransactions(Connection connection) {
    this.connection = connection;
  }

  synchronized boolean autoCommit() {
    return autoCommit;
  }

  synchronized void setAutoCommit(boolean on) throws SQLException {
    if (on == autoCommit) {
      return;
    }
    // As JDBC asks: turning autocommit on commits the open transaction.
    run(on ? "COMMIT" : "BEGIN");
    autoCommit = on;
  }

  synchronized void commit() throws SQLException {
    if (autoCommit) {
      throw SqlErrors.create(ErrorCode.NO_ACTIVE_SQL_TRANSACTION.sqlState(),
          "cannot commit: the connection is in auto-commit mode", null);
    }
    run("COMMIT");
    run("BEGIN");
  }

  synchronized void rollback() throws SQLException {
    if (autoCommit) {
      throw SqlErrors.create(ErrorCode.NO_ACTIVE_SQL_TRANSACTION.sqlState(),
          "cannot roll back: the connection is in auto-commit mode", null);
    }
    run("ROLLBACK");
    run("BEGIN");
  }

  synchronized Savepoint setSavepoint(String name) throws SQLException {
    if (name != null && name.isEmpty()) {
      throw SqlErrors.create("3B001", "a savepoint needs a name", null);
    }
    final RemoteSavepoint savepoint = name == null
        ? new RemoteSavepoint(this, ++unnamedSavepoints, null) : new RemoteSavepoint(this, 0, name);
    run("SAVEPOINT " + savepoint.identifier());
    return savepoint;
  }

  synchronized void rollback(Savepoint savepoint) throws SQLException {
    run("ROLLBACK TO SAVEPOINT " + own(savepoint).identifier());
  }

  synchronized void release(Savepoint savepoint) throws SQLException {
    run("RELEASE SAVEPOINT " + own(savepoint).identifier());
  }

  /**
   * Runs a JDBC batch as the embedded driver does: all of it or none. Arrow's driver sends a
   * batch's statements one by one, each committed on its own in autocommit, so a failure in
   * the third left the first two written. In autocommit the batch runs between {@code BEGIN}
   * and {@code COMMIT}; in a transaction under a savepoint that a failure rolls back to, so
   * that the transaction keeps what it wrote before the batch.
   */
  synchronized Object batch(BatchCall call) throws Throwable {
    final boolean own = autoCommit;
    run(own ? "BEGIN" : "SAVEPOINT " + BATCH_SAVEPOINT);
    final Object counts;
    try {
      counts = call.run();
    } catch (Throwable e) {
      try {
        run(own ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT " + BATCH_SAVEPOINT);
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
    run(own ? "COMMIT" : "RELEASE SAVEPOINT " + BATCH_SAVEPOINT);
    return counts;
  }

  /** A batch's execution on Arrow's statement. */
  interface BatchCall {
    Object run() throws Throwable;
  }

  /** Before the connection closes: an open transaction is rolled back, as embedded. */
  synchronized void close() {
    if (!autoCommit) {
      try {
        run("ROLLBACK");
      } catch (SQLException ignored) {
        // The session ends with the connection, and the server rolls it back then.
      }
      autoCommit = true;
    }
  }

  private RemoteSavepoint own(Savepoint savepoint) throws SQLException {
    if (savepoint instanceof RemoteSavepoint s && s.owner == this) {
      return s;
    }
    throw SqlErrors.create("3B001", "not a savepoint of this connection: " + savepoint, null);
  }

  private void run(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  /** A savepoint of a server connection: named by the caller, or numbered. */
  private static final class RemoteSavepoint implements Savepoint {
    private final RemoteTransactions owner;
    private final int id;
    private final String name;

    RemoteSavepoint(RemoteTransactions owner, int id, String name) {
      this.owner = owner;
      this.id = id;
      this.name = name;
    }

    /** The savepoint's SQL name, quoted so that any JDBC name is one. */
    String identifier() {
      final String text = name != null ? name : "SORREL_SAVEPOINT_" + id;
      return '"' + text.replace("\"", "\"\"") + '"';
    }

    @Override public int getSavepointId() throws SQLException {
      if (name != null) {
        throw SqlErrors.create(ErrorCode.INVALID_PARAMETER_VALUE.sqlState(),
            "a named savepoint has no id", null);
      }
      return id;
    }

    @Override public String getSavepointName() throws SQLException {
      if (name == null) {
        throw SqlErrors.create(ErrorCode.INVALID_PARAMETER_VALUE.sqlState(),
            "an unnamed savepoint has no name", null);
      }
      return name;
    }

    @Override public String toString() {
      return name != null ? "savepoint " + name : "savepoint " + id;
    }
  }
}
