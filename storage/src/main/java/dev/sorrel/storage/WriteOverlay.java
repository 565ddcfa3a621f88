package dev.sorrel.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The writes of an open transaction, kept in key order in Java so that the
 * transaction's reads can see them: per space, a sorted map from key to value
 * (or to a tombstone for a delete), plus the ranges deleted with
 * {@code deleteRange}. A {@link ReadView} bound to an overlay merges it over
 * its snapshot.
 *
 * <p>Why a Java map and not RocksDB's {@code WriteBatchWithIndex}: RocksDB's
 * index refuses {@code DeleteRange} (which feature views and refreshes use),
 * and every lookup and merge step of {@code newIteratorWithBase} crosses JNI
 * twice; the map answers gets without crossing JNI, and is only built for
 * explicit transactions and for batches that read their own writes, so bulk
 * loads keep writing an unindexed batch. Savepoints are an undo log of the
 * map's changes, recorded only while a savepoint exists.
 *
 * <p>A cursor reads the overlay as it was when the cursor opened, as a
 * result set reads its snapshot: a result set still open when later
 * statements of its transaction write must not see their rows. Opening a
 * cursor pins the maps; the next change, if a cursor is still open, copies
 * them first and changes the copies, so the open cursors keep iterating maps
 * that no longer change (copy on write, paid only when a result set stays
 * open across a write).
 */
final class WriteOverlay {
  /** The value of a deleted key: compared by identity, never handed out. */
  static final byte[] TOMBSTONE = new byte[0];

  private final Map<Space, NavigableMap<byte[], byte[]>> entries = new EnumMap<>(Space.class);
  private final Map<Space, List<byte[][]>> ranges = new EnumMap<>(Space.class);
  /** Changes since the oldest open savepoint: space, key, previous value (null: absent). */
  private final List<Object[]> undo = new ArrayList<>();
  private int savepoints;
  private long size;
  /** Cursors open on the current maps, and whether one opened since the last change. */
  private int openCursors;
  private boolean pinned;
  /** Bumped when the maps are copied: cursors of an older epoch read the old maps. */
  private int epoch;

  static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  private NavigableMap<byte[], byte[]> map(Space space) {
    return entries.computeIfAbsent(space, s -> new TreeMap<>(WriteOverlay::compare));
  }

  /**
   * A cursor starts reading the maps as they are now; returns the epoch to
   * hand back to {@link #cursorClosed}.
   */
  int cursorOpened() {
    openCursors++;
    pinned = true;
    return epoch;
  }

  /** A cursor opened with {@link #cursorOpened} is closed. */
  void cursorClosed(int openedAt) {
    if (openedAt == epoch) {
      openCursors--;
    }
  }

  /** Before any change: copies the maps if open cursors read them. */
  private void beforeChange() {
    if (pinned) {
      pinned = false;
      if (openCursors > 0) {
        entries.replaceAll((space, map) -> new TreeMap<>(map));
        ranges.replaceAll((space, list) -> new ArrayList<>(list));
        // Cursors opened so far read the old maps; none of them counts any more.
        openCursors = 0;
        epoch++;
      }
    }
  }

  boolean isEmpty() {
    return size == 0 && ranges.isEmpty();
  }

  /** Whether this overlay holds nothing for {@code space}. */
  boolean isEmpty(Space space) {
    final NavigableMap<byte[], byte[]> map = entries.get(space);
    return (map == null || map.isEmpty()) && !ranges.containsKey(space);
  }

  /** Number of keys written (deleted ranges not counted). */
  long size() {
    return size;
  }

  void put(Space space, byte[] key, byte[] value) {
    beforeChange();
    final byte[] previous = map(space).put(key, value);
    if (previous == null) {
      size++;
    }
    if (savepoints > 0) {
      undo.add(new Object[] {space, key, previous});
    }
  }

  void delete(Space space, byte[] key) {
    put(space, key, TOMBSTONE);
  }

  void deleteRange(Space space, byte[] from, byte[] to) {
    beforeChange();
    final NavigableMap<byte[], byte[]> covered = map(space).subMap(from, true, to, false);
    for (Map.Entry<byte[], byte[]> e : covered.entrySet()) {
      if (savepoints > 0) {
        undo.add(new Object[] {space, e.getKey(), e.getValue()});
      }
      size--;
    }
    covered.clear();
    ranges.computeIfAbsent(space, s -> new ArrayList<>()).add(new byte[][] {from, to});
    if (savepoints > 0) {
      undo.add(new Object[] {space, null, null}); // marks the range added
    }
  }

  /**
   * What this overlay knows of a key: its value, {@link #TOMBSTONE} if the
   * transaction deleted it, or null if the snapshot decides.
   */
  byte[] get(Space space, byte[] key) {
    final NavigableMap<byte[], byte[]> map = entries.get(space);
    if (map != null) {
      final byte[] value = map.get(key);
      if (value != null) {
        return value;
      }
    }
    return masked(space, key) ? TOMBSTONE : null;
  }

  /** Whether a deleted range hides a key of the snapshot. */
  boolean masked(Space space, byte[] key) {
    final List<byte[][]> list = ranges.get(space);
    if (list != null) {
      for (byte[][] range : list) {
        if (compare(key, range[0]) >= 0 && compare(key, range[1]) < 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** The deleted ranges of a space as they are now. */
  List<byte[][]> ranges(Space space) {
    final List<byte[][]> list = ranges.get(space);
    return list == null ? List.of() : List.copyOf(list);
  }

  /** The entries of a space in {@code [from, to)} (null: unbounded), a live view. */
  NavigableMap<byte[], byte[]> entries(Space space, byte[] from, byte[] to) {
    NavigableMap<byte[], byte[]> map = map(space);
    if (from != null && to != null) {
      return map.subMap(from, true, to, false);
    }
    if (from != null) {
      return map.tailMap(from, true);
    }
    return to != null ? map.headMap(to, false) : map;
  }

  /** Opens a savepoint; its mark is what {@link #rollbackTo} and {@link #release} take. */
  int mark() {
    savepoints++;
    return undo.size();
  }

  /** Undoes every change since the mark; the savepoint stays open. */
  void rollbackTo(int mark) {
    beforeChange();
    for (int i = undo.size() - 1; i >= mark; i--) {
      final Object[] change = undo.get(i);
      final Space space = (Space) change[0];
      final byte[] key = (byte[]) change[1];
      if (key == null) {
        final List<byte[][]> list = ranges.get(space);
        list.remove(list.size() - 1);
        if (list.isEmpty()) {
          ranges.remove(space);
        }
        continue;
      }
      final byte[] previous = (byte[]) change[2];
      final NavigableMap<byte[], byte[]> map = map(space);
      if (previous == null) {
        if (map.remove(key) != null) {
          size--;
        }
      } else if (map.put(key, previous) == null) {
        size++;
      }
    }
    undo.subList(mark, undo.size()).clear();
  }

  /** Closes a savepoint, keeping its changes. */
  void release() {
    if (--savepoints == 0) {
      undo.clear();
    }
  }

  /**
   * Writes everything into a batch: the deleted ranges first, then every
   * key in order. That order is exact because a range removed the keys it
   * covered when it was deleted, so each key left is newer than each range.
   */
  void writeTo(WriteBatch batch, Store store) throws RocksDBException {
    for (Map.Entry<Space, List<byte[][]>> e : ranges.entrySet()) {
      for (byte[][] range : e.getValue()) {
        batch.deleteRange(store.handle(e.getKey()), range[0], range[1]);
      }
    }
    for (Map.Entry<Space, NavigableMap<byte[], byte[]>> e : entries.entrySet()) {
      final var handle = store.handle(e.getKey());
      for (Map.Entry<byte[], byte[]> kv : e.getValue().entrySet()) {
        if (kv.getValue() == TOMBSTONE) {
          batch.delete(handle, kv.getKey());
        } else {
          batch.put(handle, kv.getKey(), kv.getValue());
        }
      }
    }
  }
}
