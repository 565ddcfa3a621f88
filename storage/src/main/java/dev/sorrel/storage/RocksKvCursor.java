package dev.sorrel.storage;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * A {@link KvCursor} over a RocksDB snapshot. The range bounds go to RocksDB
 * itself ({@code iterate_upper_bound}), so it stops reading at the end of the
 * range instead of filtering in Java.
 */
final class RocksKvCursor extends KvCursor {
  private final Store store;
  private final ReadOptions options;
  private final Slice upperBound;
  private final RocksIterator iterator;
  private boolean started;
  private boolean valid;

  RocksKvCursor(Store store, ColumnFamilyHandle handle, Snapshot snapshot, byte[] from, byte[] to) {
    this.store = store;
    this.options = new ReadOptions().setSnapshot(snapshot);
    if (to != null) {
      upperBound = new Slice(to);
      options.setIterateUpperBound(upperBound);
    } else {
      upperBound = null;
    }
    if (from == null && to == null) {
      options.setReadaheadSize(2L << 20);
    }
    this.iterator = store.db().newIterator(handle, options);
    if (from == null) {
      iterator.seekToFirst();
    } else {
      iterator.seek(from);
    }
  }

  /** Moves to the next entry; returns false at the end of the range. */
  @Override public boolean next() {
    if (started && !valid) {
      return false; // RocksDB must not be stepped past its end
    }
    if (started) {
      iterator.next();
    } else {
      started = true;
    }
    valid = iterator.isValid();
    if (!valid) {
      try {
        iterator.status();
      } catch (RocksDBException e) {
        throw new StorageException("scan failed in " + store.description() + ": "
            + e.getMessage(), e);
      }
    }
    return valid;
  }

  @Override public byte[] key() {
    return iterator.key();
  }

  @Override public byte[] value() {
    return iterator.value();
  }

  @Override public void close() {
    iterator.close();
    options.close();
    if (upperBound != null) {
      upperBound.close();
    }
  }
}
