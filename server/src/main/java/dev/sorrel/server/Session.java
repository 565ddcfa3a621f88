package dev.sorrel.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.ByteString;

import dev.sorrel.sql.StatementAccess;

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
   * text, least recently used first: each text is prepared once per session and catalog
   * version. The text alone is the key because a session's plans depend on nothing else
   * that can change: its connection's schema path and options are fixed when it opens.
   */
  private final Map<String, Kept> direct = new LinkedHashMap<>(16, 0.75f, true);
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

  /**
   * Takes the session's statement for a one-call execution of {@code sql} if one is kept
   * and was prepared under {@code catalogVersion}; null if not (one prepared under another
   * catalog version plans against definitions DDL has since changed, and is dropped). The
   * statement stays open until the returned hold is released, even if it is evicted
   * meanwhile.
   */
  Kept acquireDirect(String sql, long catalogVersion) {
    final ServerStatement stale;
    synchronized (this) {
      final Kept kept = direct.get(sql);
      if (kept == null) {
        return null;
      }
      if (kept.catalogVersion == catalogVersion) {
        kept.holders++;
        return kept;
      }
      direct.remove(sql);
      stale = kept.drop();
    }
    if (stale != null) {
      stale.close();
    }
    return null;
  }

  /**
   * Keeps a statement, prepared under {@code catalogVersion}, for the one-call executions
   * of its SQL text and gives a hold on the statement to run: this one, or the one another
   * call kept for the same text and catalog version meanwhile (this one is then closed).
   * Beyond {@link #MAX_DIRECT_STATEMENTS} the least recently used leaves the session; it
   * is closed when the last execution holding it releases it. A closed session closes the
   * statement and gives it, closed, so that its execution fails with 26000.
   */
  Kept keepDirect(ServerStatement statement, long catalogVersion) {
    final Kept result;
    final List<ServerStatement> toClose = new ArrayList<>(2);
    synchronized (this) {
      if (closed) {
        toClose.add(statement);
        result = new Kept(statement, catalogVersion);
        result.dropped = true;
      } else {
        final Kept existing = direct.get(statement.sql());
        if (existing != null && existing.catalogVersion == catalogVersion) {
          toClose.add(statement);
          result = existing;
        } else {
          if (existing != null) {
            direct.remove(statement.sql());
            addIfNotNull(toClose, existing.drop());
          }
          result = new Kept(statement, catalogVersion);
          direct.put(statement.sql(), result);
          if (direct.size() > MAX_DIRECT_STATEMENTS) {
            final var eldest = direct.entrySet().iterator();
            final Kept evicted = eldest.next().getValue();
            eldest.remove();
            addIfNotNull(toClose, evicted.drop());
          }
        }
      }
      result.holders++;
    }
    toClose.forEach(ServerStatement::close);
    return result;
  }

  private static void addIfNotNull(List<ServerStatement> list, ServerStatement statement) {
    if (statement != null) {
      list.add(statement);
    }
  }

  /**
   * A statement kept for one-call executions, and how many executions hold it: one that
   * left the session (evicted, stale, or the session ended) closes when its last holder
   * releases it, so that no execution loses its statement to another one's eviction.
   */
  final class Kept implements AutoCloseable {
    private final ServerStatement statement;
    private final long catalogVersion;
    /** Guarded by the session. */
    private int holders;
    /** Whether it left the session; guarded by the session. */
    private boolean dropped;
    /** What the statement does, for the role check of each execution; parsed when first asked. */
    private volatile StatementAccess access;

    private Kept(ServerStatement statement, long catalogVersion) {
      this.statement = statement;
      this.catalogVersion = catalogVersion;
    }

    ServerStatement statement() {
      return statement;
    }

    /** The class of the statement's text, which a user's role must allow. */
    StatementAccess access() {
      StatementAccess known = access;
      if (known == null) {
        known = StatementAccess.of(statement.sql());
        access = known;
      }
      return known;
    }

    /** Marks it out of the session; gives the statement to close if nobody holds it. */
    private ServerStatement drop() {
      dropped = true;
      return holders == 0 ? statement : null;
    }

    /** Releases one execution's hold. */
    @Override public void close() {
      final boolean last;
      synchronized (Session.this) {
        holders--;
        last = holders == 0 && dropped;
      }
      if (last) {
        statement.close();
      }
    }
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
    final List<ServerStatement> kept = new ArrayList<>();
    synchronized (this) {
      direct.values().forEach(k -> addIfNotNull(kept, k.drop()));
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
