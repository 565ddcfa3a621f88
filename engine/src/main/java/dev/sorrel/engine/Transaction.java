package dev.sorrel.engine;

import java.util.ArrayList;
import java.util.List;

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
  private final List<Runnable> onCommit = new ArrayList<>();
  private final java.util.Set<String> createdNames = new java.util.HashSet<>();
  private boolean ended;

  Transaction(Database database, WriteTransaction storage) {
    this.database = database;
    this.storage = storage;
  }

  public Database database() {
    return database;
  }

  WriteTransaction storage() {
    return storage;
  }

  /** Claims a name for an object created in this transaction; false if already claimed. */
  boolean claimName(String name) {
    return createdNames.add(name);
  }

  /** Runs {@code action} after the batch has committed (in-memory catalog updates). */
  void afterCommit(Runnable action) {
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
      storage.commit();
    } catch (StorageException e) {
      close();
      throw new SorrelException(ErrorCode.IO_ERROR, e.getMessage(), e);
    }
    onCommit.forEach(Runnable::run);
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
