package dev.sorrel.storage;

import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;

/**
 * A consistent, read-only view of a store as of one moment: every read and
 * cursor opened from it sees the same committed state, whatever commits in
 * the meantime. Close it to let RocksDB reclaim old versions.
 *
 * <p>A view {@linkplain #withWrites bound to a transaction} also sees that
 * transaction's own writes, merged over the snapshot in key order.
 */
public final class ReadView implements AutoCloseable {
  private final Store store;
  private final Snapshot snapshot;
  private final ReadOptions readOptions;
  /** The transaction's writes this view sees, or null. */
  private final WriteOverlay overlay;
  /** The view whose snapshot this one shares, or null if it owns its snapshot. */
  private final ReadView parent;
  /** Open views sharing this one's snapshot: it is released once they and this are closed. */
  private int sharing;
  private boolean released;
  private volatile boolean closed;

  ReadView(Store store, Snapshot snapshot) {
    this(store, snapshot, null, null);
  }

  private ReadView(Store store, Snapshot snapshot, WriteOverlay overlay, ReadView parent) {
    this.store = store;
    this.snapshot = snapshot;
    this.readOptions = new ReadOptions().setSnapshot(snapshot);
    this.overlay = overlay;
    this.parent = parent;
  }

  /**
   * A view of this view's snapshot with a transaction's writes merged over
   * it (as they stand at each read). Closing it leaves this view open.
   */
  public ReadView withWrites(WriteTransaction tx) {
    synchronized (this) {
      checkOpen();
      sharing++;
    }
    return new ReadView(store, snapshot, tx.overlay(), this);
  }

  /** RocksDB's sequence number of this view's snapshot: commits after it have larger ones. */
  public long sequence() {
    return snapshot.getSequenceNumber();
  }

  /** Reads one key as of this view, or null. */
  public byte[] get(Space space, byte[] key) {
    checkOpen();
    if (overlay != null) {
      final byte[] written = overlay.get(space, key);
      if (written != null) {
        return written == WriteOverlay.TOMBSTONE ? null : written;
      }
    }
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
    final KvCursor base = new RocksKvCursor(store, store.handle(space), snapshot, from, to);
    return overlay == null || overlay.isEmpty(space) ? base
        : new MergedKvCursor(base, overlay, space, from, to);
  }

  /**
   * Opens a cursor for backward seeks confined to the keys in
   * {@code [lower, upper)}.
   */
  public SeekCursor seeker(Space space, byte[] lower, byte[] upper) {
    checkOpen();
    final SeekCursor base = new RocksSeekCursor(store, store.handle(space), snapshot, lower,
        upper);
    return overlay == null || overlay.isEmpty(space) ? base
        : new MergedSeekCursor(base, overlay, space, lower, upper);
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

  /**
   * Closes this view. The snapshot is released once every view sharing it is
   * closed too, so a result set a transaction opened can still be read after
   * the transaction ended (cursors are held over commit).
   */
  @Override public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      readOptions.close();
    }
    if (parent != null) {
      parent.shareEnded();
    } else {
      releaseIfUnused();
    }
  }

  private synchronized void shareEnded() {
    sharing--;
    releaseIfUnused();
  }

  private synchronized void releaseIfUnused() {
    if (closed && sharing == 0 && !released) {
      released = true;
      if (!store.isClosed()) {
        store.db().releaseSnapshot(snapshot);
      }
    }
  }
}
