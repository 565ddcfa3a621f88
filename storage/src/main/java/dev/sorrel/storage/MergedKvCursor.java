package dev.sorrel.storage;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A transaction's writes merged over a snapshot cursor, in key order: a key
 * the transaction wrote shows its new value, one it deleted (alone or in a
 * deleted range) is skipped, any other shows the snapshot's value.
 *
 * <p>The cursor reads the overlay as it was when it opened: a result set
 * read across later statements of its transaction does not see their writes
 * (the overlay copies its maps before changing them while a cursor reads
 * them).
 */
final class MergedKvCursor extends KvCursor {
  private final KvCursor base;
  private final WriteOverlay overlay;
  private final Space space;
  private final byte[] from;
  private final byte[] to;
  private final List<byte[][]> ranges;
  private final int openedAt;
  private boolean closed;
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
    this.written = overlay.entries(space, from, to).entrySet().iterator();
    this.openedAt = overlay.cursorOpened();
  }

  @Override public boolean next() {
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
    if (!closed) {
      closed = true;
      overlay.cursorClosed(openedAt);
    }
    base.close();
  }
}
