package dev.sorrel.storage;

import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatchWithIndex;

/**
 * An atomic batch of writes to a store. Reads through it see the batch's own
 * writes over the committed state (so a statement sees the rows it has
 * already inserted, e.g. for duplicate keys); nothing is visible to others
 * until {@link #commit()}, and closing without committing discards it all.
 */
public final class WriteTransaction implements AutoCloseable {
  private final Store store;
  private final WriteBatchWithIndex batch;
  private final ReadOptions readOptions;
  private boolean done;

  WriteTransaction(Store store) {
    this.store = store;
    this.batch = new WriteBatchWithIndex(true);
    this.readOptions = new ReadOptions();
  }

  public void put(Space space, byte[] key, byte[] value) {
    try {
      batch.put(store.handle(space), key, value);
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
  }

  public void delete(Space space, byte[] key) {
    try {
      batch.delete(store.handle(space), key);
    } catch (RocksDBException e) {
      throw failure("delete", e);
    }
  }

  /** Deletes every key in {@code [from, to)} when the batch commits. */
  public void deleteRange(Space space, byte[] from, byte[] to) {
    try {
      batch.deleteRange(store.handle(space), from, to);
    } catch (RocksDBException e) {
      throw failure("delete", e);
    }
  }

  /** Reads a key as this batch would leave it: its own writes over the committed state. */
  public byte[] get(Space space, byte[] key) {
    try {
      return batch.getFromBatchAndDB(store.db(), store.handle(space), readOptions, key);
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  /** Number of writes in the batch. */
  public int count() {
    return batch.count();
  }

  /** Writes the batch atomically; durable when this returns. */
  public void commit() {
    if (done) {
      throw new StorageException("transaction already ended");
    }
    store.checkOpen();
    done = true;
    try {
      store.db().write(store.writeOptions(), batch);
    } catch (RocksDBException e) {
      throw failure("commit", e);
    }
  }

  private StorageException failure(String what, RocksDBException e) {
    return new StorageException(what + " failed in " + store.description() + ": "
        + e.getMessage(), e);
  }

  @Override public void close() {
    done = true;
    batch.close();
    readOptions.close();
  }
}
