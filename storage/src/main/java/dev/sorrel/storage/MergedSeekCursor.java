package dev.sorrel.storage;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Backward seeks over a transaction's writes merged with a snapshot: the
 * largest visible key below a bound, from whichever side holds it. Snapshot
 * keys that the transaction overwrote or deleted are skipped on the snapshot
 * side; the overlay side answers for them. Like {@link MergedKvCursor}, it
 * reads the overlay as it was when it opened.
 */
final class MergedSeekCursor extends SeekCursor {
  private final SeekCursor base;
  private final WriteOverlay overlay;
  private final int openedAt;
  private boolean closed;
  private final NavigableMap<byte[], byte[]> written;
  private final List<byte[][]> ranges;
  /** The snapshot side's candidate: its current key, or null if exhausted. */
  private byte[] baseKey;
  /** The overlay side's candidate, or null if exhausted. */
  private Map.Entry<byte[], byte[]> writtenEntry;
  private boolean fromBase;
  private byte[] key;
  private byte[] value;

  MergedSeekCursor(SeekCursor base, WriteOverlay overlay, Space space, byte[] lower,
      byte[] upper) {
    this.base = base;
    this.overlay = overlay;
    this.written = overlay.entries(space, lower, upper);
    this.ranges = overlay.ranges(space);
    this.openedAt = overlay.cursorOpened();
  }

  @Override public boolean seekBefore(byte[] bound) {
    baseKey = base.seekBefore(bound) ? base.key() : null;
    skipHiddenBase();
    writtenEntry = written.lowerEntry(bound);
    skipTombstones();
    return pick();
  }

  @Override public boolean previous() {
    if (key == null) {
      return false;
    }
    if (fromBase) {
      baseKey = base.previous() ? base.key() : null;
      skipHiddenBase();
    } else {
      writtenEntry = written.lowerEntry(writtenEntry.getKey());
      skipTombstones();
    }
    return pick();
  }

  private void skipHiddenBase() {
    while (baseKey != null && (written.containsKey(baseKey) || masked(baseKey))) {
      baseKey = base.previous() ? base.key() : null;
    }
  }

  private void skipTombstones() {
    while (writtenEntry != null && writtenEntry.getValue() == WriteOverlay.TOMBSTONE) {
      writtenEntry = written.lowerEntry(writtenEntry.getKey());
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

  private boolean pick() {
    if (baseKey == null && writtenEntry == null) {
      key = null;
      value = null;
      return false;
    }
    fromBase = writtenEntry == null
        || baseKey != null && WriteOverlay.compare(baseKey, writtenEntry.getKey()) > 0;
    key = fromBase ? baseKey : writtenEntry.getKey();
    value = fromBase ? base.value() : writtenEntry.getValue();
    return true;
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
