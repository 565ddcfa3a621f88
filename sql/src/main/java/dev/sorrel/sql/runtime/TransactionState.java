package dev.sorrel.sql.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.Isolation;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.schema.SorrelSchema;
import dev.sorrel.storage.ReadView;

/**
 * The transaction state of one connection: whether it commits each statement
 * on its own (autocommit) or runs them in a transaction it opens at its first
 * statement and ends with COMMIT or ROLLBACK; its isolation level; its
 * savepoints. It belongs to the connection, not to a thread: a connection
 * pool may hand the connection to one thread after another.
 *
 * <p>The connection's schema holds it (so DDL, run while being prepared,
 * finds it through the preparation context), and each execution's data
 * context hands it out under {@link #VARIABLE} (so plans cached across
 * connections find their executing connection's state, not the state of the
 * connection that planned them).
 *
 * <p>In a transaction, a statement that fails is undone alone and the
 * transaction goes on (as in H2, Oracle or MySQL), except after a
 * serialization failure (40001), which rolls back the whole transaction:
 * its later statements fail with 25P02 until ROLLBACK, as in PostgreSQL.
 */
public final class TransactionState {
  /** The data-context variable under which an execution finds its connection's state. */
  public static final String VARIABLE = "sorrelTransactionState";
  private static final BooleanSupplier NOT_CANCELED = () -> false;

  private final Database database;
  private boolean autoCommit = true;
  /** A transaction block opened by BEGIN on an autocommit connection. */
  private boolean block;
  private Isolation isolation = Isolation.REPEATABLE_READ;
  /** The level BEGIN ... ISOLATION LEVEL chose for its transaction only, or null. */
  private Isolation blockIsolation;
  /** The open transaction: an explicit one, or the statement transaction of a batch. */
  private Transaction current;
  /** Why the transaction failed and must be rolled back, or null. */
  private String failure;
  private final Map<String, Transaction.Savepoint> savepoints = new LinkedHashMap<>();
  /**
   * Held while a statement or a JDBC batch writes into the open transaction,
   * and by every transaction-control action (commit, rollback, savepoints,
   * autocommit, close), so that a transaction ends or moves only between
   * statements: a commit from another thread waits for the running statement
   * instead of committing half of it. Taken before this object's monitor,
   * never while holding it.
   */
  private final ReentrantLock statements = new ReentrantLock();

  public TransactionState(Database database) {
    this.database = database;
  }

  /**
   * The state of the connection executing with {@code context}, or null if it
   * has none. Sorrel's execution context names it; Calcite's own (which its
   * JDBC layer uses for batches) is made per connection with that
   * connection's root schema, where the state is found instead.
   */
  public static TransactionState of(DataContext context) {
    if (context == null) {
      return null;
    }
    if (context.get(VARIABLE) instanceof TransactionState state) {
      return state;
    }
    final var root = context.getRootSchema();
    final var schema = root == null ? null : root.getSubSchema(SorrelSchema.NAME);
    final var sorrel = schema == null ? null : schema.unwrap(SorrelSchema.class);
    return sorrel == null ? null : sorrel.transactions();
  }

  /** The state of the connection preparing with {@code context}, or null. */
  public static TransactionState of(CalcitePrepare.Context context) {
    final CalciteSchema schema = context.getRootSchema().getSubSchema(SorrelSchema.NAME, true);
    return schema != null && schema.schema instanceof SorrelSchema sorrel
        ? sorrel.transactions() : null;
  }

  // ------------------------------------------------------------ settings

  public synchronized boolean autoCommit() {
    return autoCommit;
  }

  /**
   * Sets autocommit; turning it on commits an open transaction (as JDBC
   * requires) and ends a BEGIN block.
   */
  public void setAutoCommit(boolean on) {
    control(() -> {
      if (on && !autoCommit || on && block) {
        commitNow();
      }
      autoCommit = on;
    });
  }

  public synchronized Isolation isolation() {
    return isolation;
  }

  /**
   * Sets the isolation level of the connection's next transactions; refused
   * (25001) once a transaction has started, as PostgreSQL refuses it after
   * a transaction's first statement.
   */
  public synchronized void setIsolation(Isolation level) {
    if (current != null && level != isolation) {
      throw new SorrelException(ErrorCode.ACTIVE_SQL_TRANSACTION, "the isolation level cannot"
          + " change inside a transaction that has run statements; commit or roll back first");
    }
    isolation = level;
  }

  /** Whether statements run in a transaction that spans them (autocommit off, or BEGIN). */
  public synchronized boolean inTransactionBlock() {
    return !autoCommit || block;
  }

  // ------------------------------------------------------------ statements

  /** Marks the start of an execution: under READ COMMITTED it reads a new snapshot. */
  public synchronized void statementStarts() {
    if (current != null && !current.isEnded()) {
      current.statementStarts();
    }
  }

  /** The open transaction, opening an explicit one in a block; null in autocommit. */
  private synchronized Transaction transaction() {
    if (failure != null) {
      throw new SorrelException(ErrorCode.IN_FAILED_SQL_TRANSACTION, "current transaction is"
          + " aborted (" + failure + "); statements are ignored until ROLLBACK");
    }
    if (current != null && current.isEnded()) {
      current = null;
    }
    if (current == null && inTransactionBlock()) {
      current = database.beginExplicit(blockIsolation != null ? blockIsolation : isolation);
    }
    return current;
  }

  /**
   * Runs one statement's writes: in the open transaction if there is one,
   * else in a transaction of its own, committed when {@code body} returns.
   */
  public <T> T write(Function<Transaction, T> body) {
    return write(NOT_CANCELED, body);
  }

  /**
   * {@link #write(Function)} for a statement that can be canceled: waiting
   * for another transaction's writes to end gives up with 57014 when
   * {@code canceled} turns true.
   */
  public <T> T write(BooleanSupplier canceled, Function<Transaction, T> body) {
    statements.lock();
    try {
      final Transaction tx = transaction();
      if (tx == null) {
        return autocommit(database, canceled, body);
      }
      try {
        tx.beginWrite(canceled);
        final T result = body.apply(tx);
        tx.statementDone();
        return result;
      } catch (RuntimeException | Error e) {
        failed(tx, e);
        throw e;
      }
    } finally {
      statements.unlock();
    }
  }

  /** Undoes a failed statement, or the whole transaction if it cannot or must. */
  private synchronized void failed(Transaction tx, Throwable e) {
    final boolean serialization = e instanceof SorrelException s
        && s.code() == ErrorCode.SERIALIZATION_FAILURE;
    if (serialization || !tx.statementFailed()) {
      tx.rollback();
      if (tx.isExplicit() && current == tx) {
        failure = serialization ? "serialization failure" : "a statement failed";
        savepoints.clear();
      }
    }
  }

  /** Runs a statement's writes as one transaction of their own (autocommit). */
  public static <T> T autocommit(Database database, Function<Transaction, T> body) {
    return autocommit(database, NOT_CANCELED, body);
  }

  private static <T> T autocommit(Database database, BooleanSupplier canceled,
      Function<Transaction, T> body) {
    try (Transaction tx = database.begin(canceled)) {
      final T result = body.apply(tx);
      tx.commit();
      return result;
    }
  }

  /** {@link #write} on {@code state}, or in a transaction of its own if it is null. */
  public static <T> T write(TransactionState state, Database database,
      Function<Transaction, T> body) {
    return write(state, database, NOT_CANCELED, body);
  }

  /** {@link #write(BooleanSupplier, Function)} on {@code state}, or on its own if it is null. */
  public static <T> T write(TransactionState state, Database database, BooleanSupplier canceled,
      Function<Transaction, T> body) {
    return state == null ? autocommit(database, canceled, body) : state.write(canceled, body);
  }

  /**
   * Runs a definition change (DDL, model uploads, REFRESH). Definitions take
   * effect when their batch commits, which a transaction's later statements
   * would not see, so they are refused (25001) inside a BEGIN block and in a
   * transaction that has run statements. As the first statement of a
   * transaction on a connection with autocommit off, it commits on its own,
   * as in H2, MySQL and Oracle; in a JDBC batch it joins the batch.
   */
  public <T> T ddl(String statement, Function<Transaction, T> body) {
    final boolean inBatch;
    synchronized (this) {
      inBatch = current != null && !current.isExplicit() && !current.isEnded();
      if (!inBatch) {
        checkNoBlock(statement);
      }
    }
    // In a batch it joins the batch's statement transaction. Outside the
    // monitor: write takes the statement lock, which comes first.
    return inBatch ? write(body) : autocommit(database, body);
  }

  /**
   * Refuses (25001) a statement that cannot run inside a transaction block:
   * in a BEGIN block, or in a transaction that has run statements.
   */
  public synchronized void checkNoBlock(String statement) {
    if (current != null && current.isEnded()) {
      current = null;
    }
    if (block || current != null && current.isExplicit() || failure != null) {
      throw new SorrelException(ErrorCode.ACTIVE_SQL_TRANSACTION, statement
          + " cannot run inside a transaction block; commit first");
    }
  }

  /** {@link #ddl} on {@code state}, or in a transaction of its own if it is null. */
  public static <T> T ddl(TransactionState state, Database database, String statement,
      Function<Transaction, T> body) {
    return state == null ? autocommit(database, body) : state.ddl(statement, body);
  }

  /**
   * Runs {@code body} with every write in one transaction: the open one, or
   * one of its own committed when the body returns (a JDBC batch in
   * autocommit mode) and rolled back if it throws.
   */
  public <T> T inTransaction(Supplier<T> body) {
    statements.lock();
    try {
      return inTransactionLocked(body);
    } finally {
      statements.unlock();
    }
  }

  private <T> T inTransactionLocked(Supplier<T> body) {
    final Transaction tx;
    synchronized (this) {
      tx = transaction() == null ? database.begin() : null;
      if (tx != null) {
        current = tx;
      }
    }
    if (tx == null) {
      return inSavepoint(body); // part of the open transaction
    }
    try {
      final T result = body.get();
      tx.commit();
      return result;
    } finally {
      synchronized (this) {
        tx.close();
        if (current == tx) {
          current = null;
        }
      }
    }
  }

  /**
   * Runs a JDBC batch inside the open transaction as one unit: a failed or
   * canceled batch undoes all its statements, not only the one that failed,
   * and the transaction goes on.
   */
  private <T> T inSavepoint(Supplier<T> body) {
    final Transaction tx;
    final Transaction.Savepoint mark;
    synchronized (this) {
      tx = transaction();
      mark = tx.savepoint();
    }
    try {
      final T result = body.get();
      synchronized (this) {
        if (!tx.isEnded()) {
          tx.release(mark);
        }
      }
      return result;
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        if (!tx.isEnded()) {
          tx.rollbackTo(mark);
          tx.release(mark);
        }
      }
      throw e;
    }
  }

  /** {@link #inTransaction} on {@code state}, or in a transaction of its own if it is null. */
  public static <T> T inTransaction(TransactionState state, Database database,
      Supplier<T> body) {
    if (state != null) {
      return state.inTransaction(body);
    }
    try (Transaction tx = database.begin()) {
      final T result = body.get();
      tx.commit();
      return result;
    }
  }

  /** Whether writes are gathered into a transaction that has not committed yet. */
  /**
   * Whether a statement about to run is its transaction's only one: in autocommit, outside a
   * JDBC batch and a transaction block (or without a connection's state at all). Such a
   * statement may write in bulk ({@link dev.sorrel.engine.table.BulkInsert}), whose rows only
   * its commit makes visible.
   */
  public static boolean runsAlone(TransactionState state) {
    return state == null || !state.isGathering() && !state.inTransactionBlock();
  }

  public synchronized boolean isGathering() {
    return current != null && !current.isEnded();
  }

  /**
   * The view a statement reads {@code table} through: the open transaction's
   * snapshot with its own writes; null in autocommit, where each read takes
   * its own snapshot of committed data.
   */
  public ReadView read(Table table) {
    final Transaction tx = transaction();
    if (tx == null) {
      return null;
    }
    try {
      // The view first: under READ COMMITTED it takes this statement's snapshot,
      // against which the read is then recorded.
      final ReadView view = tx.view();
      tx.read(table);
      return view;
    } catch (RuntimeException e) {
      failed(tx, e);
      throw e;
    }
  }

  /** {@link #read} on {@code state}, or null if it is null. */
  public static ReadView read(TransactionState state, Table table) {
    return state == null ? null : state.read(table);
  }

  /**
   * Refuses a read that cannot see the open transaction's writes (point-in-time
   * joins, online lookups, exports) of a table the transaction has written:
   * it would miss them rather than fail.
   */
  public static void checkReadable(TransactionState state, Table table) {
    final Transaction tx = state == null ? null : state.openTransaction();
    if (tx != null && tx.hasWritten(table)) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "this statement cannot read "
          + (table.isReadOnly() ? "online." : "table ") + table.name() + " after an earlier"
          + " statement of the same transaction wrote it (its point-in-time joins, online"
          + " lookups and exports read committed rows only); commit first");
    }
  }

  /** Whether the connection's open transaction has written a table (its reads must see that). */
  public static boolean hasWritten(TransactionState state, Table table) {
    final Transaction tx = state == null ? null : state.openTransaction();
    return tx != null && tx.hasWritten(table);
  }

  private synchronized Transaction openTransaction() {
    return current != null && !current.isEnded() ? current : null;
  }

  // ------------------------------------------------------------ transaction control

  /**
   * BEGIN: opens a transaction block on an autocommit connection; inside one
   * it does nothing (PostgreSQL warns and goes on). An isolation level, if
   * given, is that transaction's only; the connection's stays (25001 if the
   * transaction has already run statements at another level).
   */
  public void begin(Isolation level) {
    control(() -> {
      if (level != null) {
        if (current != null && !current.isEnded() && level != effectiveIsolation()) {
          throw new SorrelException(ErrorCode.ACTIVE_SQL_TRANSACTION, "the isolation level"
              + " cannot change inside a transaction that has run statements;"
              + " commit or roll back first");
        }
        blockIsolation = level;
      }
      if (autoCommit) {
        block = true;
      }
    });
  }

  private Isolation effectiveIsolation() {
    return blockIsolation != null ? blockIsolation : isolation;
  }

  /**
   * COMMIT: makes the transaction's writes visible to all at once. Without
   * an open transaction it does nothing. A failed transaction is rolled back
   * instead, and reported (25P02).
   */
  public void commit() {
    control(this::commitNow);
  }

  private void commitNow() {
    final Transaction tx = current;
    final String failed = failure;
    reset();
    if (failed != null) {
      throw new SorrelException(ErrorCode.IN_FAILED_SQL_TRANSACTION, "the transaction was"
          + " rolled back (" + failed + "); nothing of it was committed");
    }
    if (tx != null && !tx.isEnded()) {
      tx.commit();
    }
  }

  /** ROLLBACK: discards the transaction's writes. Without an open transaction it does nothing. */
  public void rollback() {
    control(() -> {
      final Transaction tx = current;
      reset();
      if (tx != null) {
        tx.rollback();
      }
    });
  }

  private void reset() {
    current = null;
    blockIsolation = null;
    failure = null;
    block = false;
    savepoints.clear();
  }

  /** Rolls back whatever is open: the connection is closing. */
  public void close() {
    rollback();
  }

  /**
   * Runs a transaction-control action between statements: after the running
   * statement of this connection, if any, has finished its writes.
   */
  private void control(Runnable action) {
    statements.lock();
    try {
      synchronized (this) {
        action.run();
      }
    } finally {
      statements.unlock();
    }
  }

  /** SAVEPOINT name: a point the transaction can roll back to (25P01 outside a transaction). */
  public void savepoint(String name) {
    control(() -> {
      if (!inTransactionBlock()) {
        throw new SorrelException(ErrorCode.NO_ACTIVE_SQL_TRANSACTION,
            "SAVEPOINT can only be used in transaction blocks");
      }
      final Transaction tx = transaction();
      final String key = name.toUpperCase(Locale.ROOT);
      final Transaction.Savepoint previous = savepoints.remove(key);
      if (previous != null) {
        tx.release(previous); // the name now means the new point
      }
      savepoints.put(key, tx.savepoint());
    });
  }

  /** ROLLBACK TO SAVEPOINT name: undoes what followed it; it and older ones stay. */
  public void rollbackTo(String name) {
    control(() -> {
      final Transaction tx = transaction();
      final List<String> later = after(name);
      final Transaction.Savepoint target = savepoints.get(later.get(0));
      for (String newer : later.subList(1, later.size())) {
        tx.release(savepoints.remove(newer));
      }
      tx.rollbackTo(target);
    });
  }

  /** RELEASE SAVEPOINT name: forgets it and every later one, keeping their writes. */
  public void release(String name) {
    control(() -> {
      final Transaction tx = transaction();
      for (String key : after(name)) {
        tx.release(savepoints.remove(key));
      }
    });
  }

  /** The savepoint's key and those of later savepoints, oldest first (3B001 if unknown). */
  private List<String> after(String name) {
    final String key = name.toUpperCase(Locale.ROOT);
    if (!inTransactionBlock() || !savepoints.containsKey(key)) {
      throw new SorrelException(ErrorCode.INVALID_SAVEPOINT, "savepoint " + name
          + " does not exist");
    }
    final List<String> keys = new ArrayList<>();
    boolean found = false;
    for (String k : savepoints.keySet()) {
      found |= k.equals(key);
      if (found) {
        keys.add(k);
      }
    }
    return keys;
  }
}
