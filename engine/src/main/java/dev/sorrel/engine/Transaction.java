package dev.sorrel.engine;

import java.util.ArrayList;
import java.util.List;

import dev.sorrel.engine.catalog.Catalog;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.StorageException;
import dev.sorrel.storage.WriteTransaction;

/**
 * A unit of writes that commits atomically: one RocksDB write batch. While
 * open it holds the database's writer lock, so writers run one at a time and
 * uniqueness checks cannot race; readers never wait (they read snapshots).
 * Catalog changes made through it take effect in memory only once the batch
 * is durable.
 */
public final class Transaction implements AutoCloseable {
  private final Database database;
  private final WriteTransaction storage;
  private final List<Runnable> beforeCommit = new ArrayList<>();
  private final List<Runnable> onCommit = new ArrayList<>();
  private final java.util.Map<Object, Object> attachments = new java.util.HashMap<>();
  private final long startMillis = System.currentTimeMillis();
  private final java.util.Set<String> createdNames = new java.util.HashSet<>();
  private final java.util.Set<Integer> writtenTables = new java.util.HashSet<>();
  private final java.util.Set<Integer> droppedTables = new java.util.HashSet<>();
  private boolean ended;

  Transaction(Database database, WriteTransaction storage) {
    this.database = database;
    this.storage = storage;
  }

  public Database database() {
    return database;
  }

  /** The storage batch, for the engine's parts that write rows and definitions. */
  public WriteTransaction storage() {
    return storage;
  }

  /** Records that this transaction has written rows of a table. */
  public void wrote(Table table) {
    writtenTables.add(table.id());
  }

  /**
   * Whether this transaction has written rows of a table. Reads see committed
   * data only, so a later statement of the same transaction reading that
   * table would miss its own transaction's writes.
   */
  public boolean hasWritten(Table table) {
    return writtenTables.contains(table.id());
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
   * first use; a created state that is a {@link Runnable} runs just before
   * the batch commits (to write what it has gathered into the batch).
   */
  public <T> T attachment(Object owner, java.util.function.Supplier<T> factory) {
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

  public boolean isEnded() {
    return ended;
  }

  /** Writes everything atomically; durable when this returns. */
  public void commit() {
    if (ended) {
      throw new SorrelException(ErrorCode.INVALID_TRANSACTION_STATE, "transaction already ended");
    }
    try {
      for (int i = 0; i < beforeCommit.size(); i++) {
        beforeCommit.get(i).run();
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    try {
      storage.commit();
    } catch (StorageException e) {
      close();
      throw new SorrelException(ErrorCode.IO_ERROR, e.getMessage(), e);
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
      storage.close();
      database.releaseWriter();
    }
  }
}
