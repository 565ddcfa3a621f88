package dev.sorrel.storage;

import java.util.Arrays;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/** A {@link SeekCursor} over a RocksDB snapshot, confined by RocksDB's own iterate bounds. */
final class RocksSeekCursor extends SeekCursor {
  private final Store store;
  private final ReadOptions options;
  private final Slice lowerBound;
  private final Slice upperBound;
  private final RocksIterator iterator;
  /** The current key, read once per position (each read crosses JNI and copies). */
  private byte[] key;

  RocksSeekCursor(Store store, ColumnFamilyHandle handle, Snapshot snapshot, byte[] lower,
      byte[] upper) {
    this.store = store;
    this.options = new ReadOptions().setSnapshot(snapshot);
    this.lowerBound = new Slice(lower);
    this.upperBound = new Slice(upper);
    options.setIterateLowerBound(lowerBound);
    options.setIterateUpperBound(upperBound);
    try {
      this.iterator = store.db().newIterator(handle, options);
    } catch (RuntimeException e) {
      options.close();
      lowerBound.close();
      upperBound.close();
      throw e;
    }
  }

  /**
   * Positions at the largest key strictly less than {@code bound}.
   *
   * @return false if there is none in range
   */
  @Override public boolean seekBefore(byte[] bound) {
    iterator.seekForPrev(bound);
    if (!checkValid()) {
      return false;
    }
    if (Arrays.equals(key, bound)) {
      iterator.prev();
      return checkValid();
    }
    return true;
  }

  /** Steps to the next smaller key; returns false when there is none in range. */
  @Override public boolean previous() {
    iterator.prev();
    return checkValid();
  }

  private boolean checkValid() {
    if (iterator.isValid()) {
      key = iterator.key();
      return true;
    }
    key = null;
    try {
      iterator.status();
    } catch (RocksDBException e) {
      throw new StorageException("seek failed in " + store.description() + ": "
          + e.getMessage(), e);
    }
    return false;
  }

  /** The current key; valid after a positioning call returned true. */
  @Override public byte[] key() {
    return key;
  }

  /** The current value; valid after a positioning call returned true. */
  @Override public byte[] value() {
    return iterator.value();
  }

  @Override public void close() {
    iterator.close();
    options.close();
    lowerBound.close();
    upperBound.close();
  }
}
