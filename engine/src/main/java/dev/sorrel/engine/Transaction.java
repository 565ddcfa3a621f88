package dev.sorrel.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.sorrel.engine.table.Table;
import dev.sorrel.engine.table.segment.ChangedRows;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.StorageException;
import dev.sorrel.storage.WriteTransaction;

/**
 * A unit of work that commits atomically: one RocksDB write batch. Writers
 * run one at a time: a transaction holds the database's writer lock from its
 * first write until it ends, so uniqueness checks cannot race; readers never
 * wait (they read snapshots). Catalog changes made through it take effect in
 * memory only once the batch is durable.
 *
 * <p>Two kinds exist. A <em>statement</em> transaction ({@link
 * Database#begin()}) takes the writer lock at once and writes an unindexed
 * batch: the fast path of single statements, JDBC batches and loads. An
 * <em>explicit</em> transaction ({@link Database#beginExplicit}) spans
 * statements: it reads one snapshot (per statement under READ COMMITTED)
 * with its own writes merged over it ({@link #view()}), takes the writer
 * lock only when it first writes, and then fails with 40001 if a table it
 * read or writes was changed by a commit after its snapshot (first committer
 * wins, per table). A transaction whose first statement writes takes its
 * snapshot after the lock and so never conflicts.
 */
public final class Transaction implements AutoCloseable {
  private final Database database;
  private final WriteTransaction storage;
  /** Null for a statement transaction. */
  private final Isolation isolation;
  private final List<Runnable> beforeCommit = new ArrayList<>();
  private final List<Runnable> onCommit = new ArrayList<>();
  private final List<Runnable> onAbandon = new ArrayList<>();
  private final Map<Object, Object> attachments = new HashMap<>();
  private final long startMillis = System.currentTimeMillis();
  private final Set<String> createdNames = new HashSet<>();
  private final Set<Integer> writtenTables = new HashSet<>();
  /** Tables the running statement is the first to write, forgotten if it fails. */
  private final Set<Integer> statementTables = new HashSet<>();
  private final Set<Integer> droppedTables = new HashSet<>();
  /**
   * Per table whose rows were written through the table's own methods, the
   * keys they changed (for the change log of table segments). A table that
   * was {@linkplain #wrote written} without an entry here is logged as
   * "anything may have changed".
   */
  private final Map<Integer, ChangedRows> changedRows = new HashMap<>();
  /** Tables read under the current snapshot, and those already checked for conflicts. */
  private final Set<Integer> readTables = new HashSet<>();
  private final Set<Integer> checkedTables = new HashSet<>();
  /** Every snapshot taken, released when the transaction ends (open cursors may use them). */
  private final List<ReadView> snapshots = new ArrayList<>();
  /** The snapshot reads use now, or null before the first read. */
  private ReadView snapshot;
  /** The statement the snapshot was taken for (READ COMMITTED takes one per statement). */
  private long snapshotStatement = -1;
  private long statement;
  private boolean writer;
  private boolean ended;
  private boolean committed;

  Transaction(Database database, WriteTransaction storage, Isolation isolation,
      boolean writer) {
    this.database = database;
    this.storage = storage;
    this.isolation = isolation;
    this.writer = writer;
  }

  public Database database() {
    return database;
  }

  /** Whether this transaction spans statements (see the class comment). */
  public boolean isExplicit() {
    return isolation != null;
  }

  /**
   * The storage batch, for the engine's parts that write rows and
   * definitions. An explicit transaction takes the writer lock here, at its
   * first write (55006 if another writer holds it past the lock timeout;
   * the transaction stays usable).
   */
  public WriteTransaction storage() {
    if (!writer) {
      becomeWriter();
    }
    return storage;
  }

  /**
   * Takes the writer lock before a statement that writes reads anything, so
   * that the statement reads the latest commits (a transaction's first
   * writing statement then never conflicts) and no commit can slip in
   * between its reads and its writes. 55006 after the lock timeout; the
   * transaction stays usable. Does nothing for a transaction already writing.
   */
  public void beginWrite() {
    beginWrite(() -> false);
  }

  /** {@link #beginWrite()}, giving up with 57014 if {@code canceled} turns true meanwhile. */
  public void beginWrite(BooleanSupplier canceled) {
    if (!writer) {
      checkOpen();
      database.acquireWriter(canceled);
      tookWriter();
    }
  }

  private void becomeWriter() {
    checkOpen();
    database.acquireWriter();
    tookWriter();
  }

  private void tookWriter() {
    writer = true;
    if (snapshot == null) {
      return; // the snapshot, taken at the first read, is taken after the lock
    }
    for (Integer table : readTables) {
      check(table);
    }
  }

  /**
   * Fails with 40001 if a commit after this transaction's snapshot changed a
   * table; checked once per table, under the writer lock, after which no
   * other transaction can change it until this one ends.
   */
  private void check(int tableId) {
    // Before the lock a commit could still follow the check, so it counts only under it.
    if (isolation == null || !writer || snapshot == null || !checkedTables.add(tableId)) {
      return;
    }
    if (database.tableVersion(tableId) > snapshot.sequence()) {
      checkedTables.remove(tableId);
      throw new SorrelException(ErrorCode.SERIALIZATION_FAILURE, "could not serialize access"
          + " due to a concurrent update: another transaction committed changes to table "
          + tableName(tableId) + " after this transaction's snapshot;"
          + " roll back and retry the transaction");
    }
  }

  private String tableName(int tableId) {
    for (Table table : database.catalog().tables()) {
      if (table.id() == tableId) {
        return table.name();
      }
    }
    for (var view : database.catalog().featureViews()) {
      if (view.online().id() == tableId) {
        return "online." + view.name();
      }
      if (view.history().id() == tableId) {
        return view.name();
      }
    }
    return "#" + tableId;
  }

  /**
   * The transaction's view for reads: its snapshot with its own writes
   * merged over it (as its finished statements left them). Owned by the
   * transaction: closing it does not end the snapshot.
   */
  public ReadView view() {
    checkOpen();
    if (isolation == Isolation.SERIALIZABLE && !writer) {
      becomeWriter();
    }
    if (snapshot == null
        || isolation == Isolation.READ_COMMITTED && snapshotStatement != statement) {
      // READ COMMITTED: each statement reads the latest commits; a writer's
      // own writes merge over them (it holds the lock, so none can follow).
      // The previous snapshot is released once the result sets reading it close.
      if (snapshot != null) {
        snapshots.remove(snapshot);
        snapshot.close();
      }
      snapshot = database.snapshot();
      snapshots.add(snapshot);
      snapshotStatement = statement;
      if (isolation == Isolation.READ_COMMITTED) {
        readTables.clear();
        checkedTables.clear();
      }
    }
    return snapshot.withWrites(storage);
  }

  /**
   * A view of what this transaction's finished statements left: {@link
   * #view()} if its writes are indexed; for a statement transaction, whose
   * batch is not, the latest committed state (a new snapshot the caller
   * closes), which its writer lock keeps from changing.
   */
  public ReadView writesView() {
    return storage.isIndexed() ? view() : database.snapshot();
  }

  /** Records that this transaction reads a table (for the conflict check). */
  public void read(Table table) {
    readTables.add(table.id());
    if (writer) {
      check(table.id());
    }
  }

  /**
   * Records that this transaction writes rows of a table: it becomes the
   * writer first (if a statement did not already, see {@link #beginWrite}),
   * then fails with 40001 if a commit after its snapshot changed the table.
   */
  public void wrote(Table table) {
    beginWrite();
    check(table.id());
    if (writtenTables.add(table.id())) {
      statementTables.add(table.id());
    }
  }

  /**
   * As {@link #wrote}, for a table's own write methods, which then record
   * every stored key they write or delete with {@link #changed}. Any other
   * write path calls {@link #wrote} alone: its commit still moves the table's
   * data version, and a segment of the table is not used until rebuilt.
   */
  public void wroteRows(Table table) {
    wrote(table);
    changedRows.computeIfAbsent(table.id(), id -> new ChangedRows());
  }

  /** Records that the row stored under {@code key} is written or deleted (see {@link #wroteRows}). */
  public void changed(Table table, byte[] key) {
    changedRows.computeIfAbsent(table.id(), id -> new ChangedRows()).add(key);
  }

  /** Whether this transaction has written rows of a table. */
  public boolean hasWritten(Table table) {
    return writtenTables.contains(table.id());
  }

  /** Whether this transaction has written anything yet. */
  public boolean hasWrites() {
    return storage.count() > 0 || !writtenTables.isEmpty();
  }

  /** Records that this transaction drops a table. */
  public void dropping(int tableId) {
    droppedTables.add(tableId);
  }

  /** Whether this transaction drops a table. */
  public boolean drops(int tableId) {
    return droppedTables.contains(tableId);
  }

  /** Claims a name for an object created in this transaction; false if already claimed. */
  public boolean claimName(String name) {
    return createdNames.add(name);
  }

  /**
   * The time the transaction began, milliseconds since the epoch (UTC): the
   * write time stamped on rows that need one, the same for every row of it.
   */
  public long startMillis() {
    return startMillis;
  }

  /**
   * Returns the state an owner keeps for this transaction, creating it on
   * first use. A created state that is a {@link Runnable} gathers writes and
   * runs to write them into the batch: just before the batch commits, or for
   * a transaction whose writes are indexed, at the end of each statement
   * (and is then forgotten, so the next statement starts a new one).
   */
  public <T> T attachment(Object owner, Supplier<T> factory) {
    @SuppressWarnings("unchecked")
    T state = (T) attachments.get(owner);
    if (state == null) {
      state = factory.get();
      attachments.put(owner, state);
      if (state instanceof Runnable flush) {
        beforeCommit.add(flush);
      }
    }
    return state;
  }

  /** Runs {@code action} after the batch has committed (in-memory catalog updates). */
  public void afterCommit(Runnable action) {
    onCommit.add(action);
  }

  /**
   * Runs {@code action} if this transaction ends without committing (rolled
   * back, failed or closed): it deletes what was prepared for the commit
   * outside the store, such as a file to put in place once committed.
   */
  public void onRollback(Runnable action) {
    onAbandon.add(action);
  }

  public boolean isEnded() {
    return ended;
  }

  // ------------------------------------------------------------ statements

  /** Starts a statement: under READ COMMITTED its reads take a new snapshot. */
  public void statementStarts() {
    statement++;
  }

  /**
   * Ends a statement that succeeded: gathered writes are flushed, and an
   * indexed transaction's later statements see this one's writes.
   */
  public void statementDone() {
    checkOpen();
    statementTables.clear();
    if (!storage.isIndexed()) {
      return; // a statement transaction flushes once, at commit
    }
    flushGathered();
    storage.statementDone();
  }

  private void flushGathered() {
    // A flush may add to the list (writing a view writes its online table).
    for (int i = 0; i < beforeCommit.size(); i++) {
      beforeCommit.get(i).run();
    }
    beforeCommit.clear();
    attachments.values().removeIf(state -> state instanceof Runnable);
  }

  /**
   * Undoes a failed statement's writes, keeping the transaction's earlier
   * ones. Returns false if it cannot (a statement transaction's batch is not
   * indexed): then the whole transaction must roll back.
   */
  public boolean statementFailed() {
    if (ended || !storage.isIndexed()) {
      return false;
    }
    beforeCommit.clear();
    attachments.values().removeIf(state -> state instanceof Runnable);
    storage.statementFailed();
    // A table only the failed statement wrote is unwritten again (no version bump at commit).
    writtenTables.removeAll(statementTables);
    statementTables.clear();
    return true;
  }

  /** A point a transaction can roll back to. */
  public static final class Savepoint {
    private final int mark;
    private final int afterCommitCount;
    private final Set<Integer> writtenTables;

    private Savepoint(int mark, int afterCommitCount, Set<Integer> writtenTables) {
      this.mark = mark;
      this.afterCommitCount = afterCommitCount;
      this.writtenTables = writtenTables;
    }
  }

  /** Opens a savepoint after the writes so far. */
  public Savepoint savepoint() {
    checkOpen();
    if (storage.isIndexed()) {
      flushGathered();
    }
    return new Savepoint(storage.savepoint(), onCommit.size(), Set.copyOf(writtenTables));
  }

  /** Undoes the writes made since {@code savepoint}, which stays open. */
  public void rollbackTo(Savepoint savepoint) {
    checkOpen();
    beforeCommit.clear();
    attachments.values().removeIf(state -> state instanceof Runnable);
    storage.rollbackTo(savepoint.mark);
    writtenTables.retainAll(savepoint.writtenTables);
    statementTables.clear();
    onCommit.subList(Math.min(savepoint.afterCommitCount, onCommit.size()), onCommit.size())
        .clear();
  }

  /** Closes a savepoint, keeping its writes. */
  public void release(Savepoint savepoint) {
    checkOpen();
    storage.release();
  }

  // ------------------------------------------------------------ ending

  private void checkOpen() {
    if (ended) {
      throw new SorrelException(ErrorCode.INVALID_TRANSACTION_STATE, "transaction already ended");
    }
  }

  /** Writes everything atomically; durable when this returns. */
  public void commit() {
    checkOpen();
    if (!writer && !hasWrites()) {
      close(); // read only: nothing to write, no lock to take
      return;
    }
    try {
      if (!writer) {
        becomeWriter();
      }
      flushGathered();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    final Runnable versionsMoved;
    try {
      // Last, after the flushes above, which may write more tables.
      versionsMoved = database.tableSegments().committing(this, writtenTables, changedRows);
      storage.commit();
      committed = true;
    } catch (StorageException e) {
      close();
      throw new SorrelException(ErrorCode.IO_ERROR, e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    final Set<Integer> changed = new HashSet<>(writtenTables);
    changed.addAll(droppedTables);
    database.committed(changed);
    try {
      versionsMoved.run();
    } catch (RuntimeException ignored) {
      // Only schedules segment builds; the commit stands.
    }
    // The batch is durable: every follow-up runs even if one fails (a failed
    // row reclaim is redone at the next open; a failed session close only
    // leaks until the process ends), and the statement is reported done.
    for (Runnable action : onCommit) {
      try {
        action.run();
      } catch (RuntimeException ignored) {
        // See above: nothing committed depends on it.
      }
    }
    close();
  }

  /** Discards every write of this transaction. */
  public void rollback() {
    close();
  }

  @Override public void close() {
    if (!ended) {
      ended = true;
      for (ReadView view : snapshots) {
        view.close();
      }
      snapshots.clear();
      storage.close();
      if (writer) {
        database.releaseWriter();
      }
      if (!committed) {
        for (Runnable action : onAbandon) {
          try {
            action.run();
          } catch (RuntimeException ignored) {
            // Only cleans up: the rollback stands.
          }
        }
      }
      onAbandon.clear();
    }
  }
}
