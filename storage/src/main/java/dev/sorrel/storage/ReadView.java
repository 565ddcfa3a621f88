package dev.sorrel.storage;

import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;

/**
 * A consistent, read-only view of a store as of one moment: every read and
 * cursor opened from it sees the same committed state, whatever commits in
 * the meantime. Close it to let RocksDB reclaim old versions.
 */
public final class ReadView implements AutoCloseable {
  private final Store store;
  private final Snapshot snapshot;
  private final ReadOptions readOptions;
  private volatile boolean closed;

  ReadView(Store store, Snapshot snapshot) {
    this.store = store;
    this.snapshot = snapshot;
    this.readOptions = new ReadOptions().setSnapshot(snapshot);
  }

  /** Reads one key as of this view, or null. */
  public byte[] get(Space space, byte[] key) {
    checkOpen();
    try {
      return store.db().get(store.handle(space), readOptions, key);
    } catch (RocksDBException e) {
      throw new StorageException("read failed in " + store.description() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Opens a cursor over the keys in {@code [from, to)} in key order.
   *
   * @param from first key (inclusive), or null for the start of the space
   * @param to end key (exclusive), or null for the end of the space
   */
  public KvCursor scan(Space space, byte[] from, byte[] to) {
    checkOpen();
    return new KvCursor(store, store.handle(space), snapshot, from, to);
  }

  /**
   * Opens a cursor for backward seeks confined to the keys in
   * {@code [lower, upper)}.
   */
  public SeekCursor seeker(Space space, byte[] lower, byte[] upper) {
    checkOpen();
    return new SeekCursor(store, store.handle(space), snapshot, lower, upper);
  }

  /**
   * Refuses use after close: RocksDB would read through a released snapshot
   * and native memory already freed, which can bring the process down.
   */
  private void checkOpen() {
    if (closed) {
      throw new StorageException("read view of " + store.description() + " used after close");
    }
    store.checkOpen();
  }

  @Override public void close() {
    if (!closed) {
      closed = true;
      readOptions.close();
      if (!store.isClosed()) {
        store.db().releaseSnapshot(snapshot);
      }
    }
  }
}
