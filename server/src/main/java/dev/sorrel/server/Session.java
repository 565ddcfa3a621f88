package dev.sorrel.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.ByteString;

/**
 * One client's session: what a client connection (a JDBC connection of
 * Arrow's driver, an ADBC connection) sees as its own. It owns the embedded
 * Sorrel connection its autocommit statements run on, opened when first
 * needed, and the transactions it began, each on a connection of its own.
 *
 * <p>A session belongs to the user who opened it (on a server with a users
 * file): a call by another user that names it gets a session of its own.
 */
final class Session implements AutoCloseable {
  /** Opens embedded connections for a session; read-only when the server is. */
  interface Connector {
    Connection open() throws SQLException;
  }

  /** The most one-call statements a session keeps prepared. */
  static final int MAX_DIRECT_STATEMENTS = 64;

  private final String id;
  private final String peer;
  private final String user;
  private final Connector connector;
  private final Map<ByteString, Transaction> transactions = new ConcurrentHashMap<>();
  private Connection connection;
  /**
   * The statements of one-call executions ({@link dev.sorrel.jdbc.DirectExecute}) by SQL
   * text, least recently used first: each text is prepared once per session.
   */
  private final Map<String, ServerStatement> direct = new LinkedHashMap<>(16, 0.75f, true);
  private volatile long lastUsedNanos = System.nanoTime();
  private boolean closed;

  Session(String id, String peer, String user, Connector connector) {
    this.id = id;
    this.peer = peer;
    this.user = user;
    this.connector = connector;
  }

  String id() {
    return id;
  }

  /** Where the client connected from, for the log. */
  String peer() {
    return peer;
  }

  /** The user the session belongs to; null on a server without users. */
  String user() {
    return user;
  }

  /** Marks the session used now: idle sessions are closed after a while. */
  void touch() {
    lastUsedNanos = System.nanoTime();
  }

  long idleNanos(long now) {
    return now - lastUsedNanos;
  }

  /** The autocommit connection, opened on first use. */
  synchronized Connection connection() throws SQLException {
    if (closed) {
      throw new SQLException("the session has ended", "08003");
    }
    if (connection == null) {
      connection = connector.open();
    }
    return connection;
  }

  /** The session's statement for a one-call execution of {@code sql}, or null if none is kept. */
  synchronized ServerStatement directStatement(String sql) {
    return direct.get(sql);
  }

  /**
   * Keeps a statement for the one-call executions of its SQL text and gives the statement
   * to run: this one, or the one another call kept for the same text meanwhile (this one is
   * then closed). Beyond {@link #MAX_DIRECT_STATEMENTS} the least recently used is closed
   * (an execution of it running at that moment fails: that takes a client running more
   * distinct queries at once on one session than the limit). A closed session closes the
   * statement and gives it, closed, so that its execution fails with 26000.
   */
  ServerStatement keepDirect(ServerStatement statement) {
    final ServerStatement kept;
    ServerStatement evicted = null;
    synchronized (this) {
      if (closed) {
        kept = null;
      } else {
        kept = direct.putIfAbsent(statement.sql(), statement);
        if (kept == null && direct.size() > MAX_DIRECT_STATEMENTS) {
          final var eldest = direct.entrySet().iterator();
          evicted = eldest.next().getValue();
          eldest.remove();
        }
      }
    }
    if (evicted != null) {
      evicted.close();
    }
    if (kept != null || closed()) {
      statement.close();
    }
    return kept != null ? kept : statement;
  }

  private synchronized boolean closed() {
    return closed;
  }

  /** Begins a transaction on a connection of its own. */
  Transaction begin(ByteString transactionId) throws SQLException {
    final Connection c;
    synchronized (this) {
      if (closed) {
        throw new SQLException("the session has ended", "08003");
      }
      c = connector.open();
    }
    try {
      c.setAutoCommit(false);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    final Transaction transaction = new Transaction(transactionId, c);
    transactions.put(transactionId, transaction);
    return transaction;
  }

  /** A transaction this session began and has not ended, or null. */
  Transaction transaction(ByteString transactionId) {
    return transactions.get(transactionId);
  }

  /** Forgets an ended transaction. */
  void ended(Transaction transaction) {
    transactions.remove(transaction.id(), transaction);
  }

  /** Whether the session is in use: it has a transaction open. */
  boolean hasOpenTransactions() {
    return !transactions.isEmpty();
  }

  /** Rolls back open transactions and closes the connections. */
  @Override public void close() {
    final Connection c;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      c = connection;
      connection = null;
    }
    final List<ServerStatement> kept;
    synchronized (this) {
      kept = new ArrayList<>(direct.values());
      direct.clear();
    }
    kept.forEach(ServerStatement::close);
    for (Transaction transaction : transactions.values()) {
      transaction.abandon();
    }
    transactions.clear();
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // The session is over either way; its statements were closed before.
      }
    }
  }
}
