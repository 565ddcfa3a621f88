package dev.sorrel.storage;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A transaction's writes merged over a snapshot cursor, in key order: a key
 * the transaction wrote shows its new value, one it deleted (alone or in a
 * deleted range) is skipped, any other shows the snapshot's value.
 *
 * <p>The overlay only changes between statements; if it changed while this
 * cursor was open (a result set read across later statements), the cursor
 * re-seeks past the last key it returned, so it never fails and never
 * returns a key twice.
 */
final class MergedKvCursor extends KvCursor {
  private final KvCursor base;
  private final WriteOverlay overlay;
  private final Space space;
  private final byte[] from;
  private final byte[] to;
  private final List<byte[][]> ranges;
  private long generation;
  private Iterator<Map.Entry<byte[], byte[]>> written;
  private byte[] baseKey;
  private Map.Entry<byte[], byte[]> writtenEntry;
  private boolean stepBase = true;
  private boolean stepWritten = true;
  private byte[] key;
  private byte[] value;

  MergedKvCursor(KvCursor base, WriteOverlay overlay, Space space, byte[] from, byte[] to) {
    this.base = base;
    this.overlay = overlay;
    this.space = space;
    this.from = from;
    this.to = to;
    this.ranges = overlay.ranges(space);
    this.generation = overlay.generation();
    this.written = overlay.entries(space, from, to).entrySet().iterator();
  }

  @Override public boolean next() {
    if (generation != overlay.generation()) {
      // Re-seek the overlay after the last key returned (or at the start).
      generation = overlay.generation();
      final NavigableMap<byte[], byte[]> rest = key == null
          ? overlay.entries(space, from, to) : overlay.entries(space, key, to);
      written = rest.entrySet().iterator();
      writtenEntry = null;
      stepWritten = true;
      if (key != null && written.hasNext()) {
        final Map.Entry<byte[], byte[]> first = written.next();
        if (WriteOverlay.compare(first.getKey(), key) > 0) {
          writtenEntry = Map.entry(first.getKey(), first.getValue());
          stepWritten = false;
        }
      }
    }
    while (true) {
      if (stepBase) {
        baseKey = base.next() ? base.key() : null;
        stepBase = false;
      }
      if (stepWritten) {
        if (written.hasNext()) {
          final Map.Entry<byte[], byte[]> e = written.next();
          writtenEntry = Map.entry(e.getKey(), e.getValue());
        } else {
          writtenEntry = null;
        }
        stepWritten = false;
      }
      if (baseKey == null && writtenEntry == null) {
        key = null;
        value = null;
        return false;
      }
      final int c = baseKey == null ? 1 : writtenEntry == null ? -1
          : WriteOverlay.compare(baseKey, writtenEntry.getKey());
      if (c < 0) {
        stepBase = true;
        if (!masked(baseKey)) {
          key = baseKey;
          value = base.value();
          return true;
        }
        continue;
      }
      stepWritten = true;
      stepBase = c == 0;
      if (writtenEntry.getValue() != WriteOverlay.TOMBSTONE) {
        key = writtenEntry.getKey();
        value = writtenEntry.getValue();
        return true;
      }
    }
  }

  private boolean masked(byte[] k) {
    for (byte[][] range : ranges) {
      if (WriteOverlay.compare(k, range[0]) >= 0 && WriteOverlay.compare(k, range[1]) < 0) {
        return true;
      }
    }
    return false;
  }

  @Override public byte[] key() {
    return key;
  }

  @Override public byte[] value() {
    return value;
  }

  @Override public void close() {
    base.close();
  }
}
