package dev.sorrel.engine.table.segment;

import java.util.Arrays;
import java.util.NoSuchElementException;

import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ReadView;

/**
 * Reads the rows of a key range of a table from a {@link TableSegment},
 * merged in key order with the rows changed since the segment's version,
 * which it reads from the scan's snapshot: exactly the rows the snapshot
 * holds, in the order a RocksDB scan would return them.
 *
 * <p>The range's first and last rows are found by binary search over the
 * segment's keys, so the blocks outside it are never read; inside it, the
 * projected columns are decoded a block at a time into {@link ColumnBatch}es
 * and rows are made from those. Each changed key is placed by a binary search
 * too: the rows between changed keys need no key comparison.
 */
public final class SegmentCursor implements Table.RowCursor {
  private final Table table;
  private final TableSegment segment;
  private final ReadView snapshot;
  private final int[] projection;
  private final ColumnBatch[] batches;
  /** Changed keys inside the range, sorted. */
  private final byte[][] changed;
  private final long endRow;
  private long row;
  private int block = -1;
  /** The next changed key, and the segment row it goes before (or replaces, if equal). */
  private int nextChanged;
  private long changedRow = -1;
  private boolean changedEqual;
  private Object[] current;
  private byte[] currentKey;
  /** The segment row whose key {@link #key()} returns lazily, or -1. */
  private long currentRow = -1;

  /**
   * @param from the first stored key of the range (inclusive)
   * @param to the end of the range (exclusive)
   */
  public SegmentCursor(Table table, TableSegments.Usable usable, ReadView snapshot,
      byte[] from, byte[] to, int[] projection) {
    this.table = table;
    this.segment = usable.segment();
    this.snapshot = snapshot;
    this.projection = projection.clone();
    this.batches = new ColumnBatch[projection.length];
    for (int i = 0; i < projection.length; i++) {
      batches[i] = new ColumnBatch(segment.type(projection[i]));
    }
    this.row = lowerBound(from, 0, segment.rows());
    this.endRow = lowerBound(to, row, segment.rows());
    final byte[][] all = usable.changedKeys();
    int lo = 0;
    while (lo < all.length && Arrays.compareUnsigned(all[lo], from) < 0) {
      lo++;
    }
    int hi = lo;
    while (hi < all.length && Arrays.compareUnsigned(all[hi], to) < 0) {
      hi++;
    }
    this.changed = Arrays.copyOfRange(all, lo, hi);
  }

  /** The first row in {@code [low, high)} whose key is at or after {@code key}, else high. */
  private long lowerBound(byte[] key, long low, long high) {
    while (low < high) {
      final long mid = (low + high) >>> 1;
      if (Arrays.compareUnsigned(segment.key(mid), key) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  @Override public boolean next() {
    while (true) {
      if (nextChanged < changed.length && changedRow < 0) {
        changedRow = lowerBound(changed[nextChanged], row, endRow);
        changedEqual = changedRow < endRow
            && Arrays.equals(segment.key(changedRow), changed[nextChanged]);
      }
      if (nextChanged < changed.length && changedRow == row) {
        final byte[] key = changed[nextChanged++];
        changedRow = -1;
        if (changedEqual) {
          row++; // the segment's copy of this row is out of date
        }
        final Object[] stored = table.get(snapshot, key);
        if (stored == null) {
          continue; // deleted since
        }
        current = new Object[projection.length];
        for (int i = 0; i < projection.length; i++) {
          current[i] = stored[projection[i]];
        }
        currentKey = key;
        currentRow = -1;
        return true;
      }
      if (row >= endRow) {
        current = null;
        return false;
      }
      final int rowBlock = (int) (row / TableSegment.BLOCK_ROWS);
      if (rowBlock != block) {
        for (int i = 0; i < projection.length; i++) {
          segment.read(rowBlock, projection[i], batches[i]);
        }
        block = rowBlock;
      }
      final int at = (int) (row - TableSegment.firstRow(rowBlock));
      current = new Object[projection.length];
      for (int i = 0; i < projection.length; i++) {
        current[i] = batches[i].value(at);
      }
      currentKey = null;
      currentRow = row++;
      return true;
    }
  }

  @Override public Object[] row() {
    if (current == null) {
      throw new NoSuchElementException();
    }
    return current;
  }

  @Override public byte[] key() {
    if (currentKey == null && currentRow >= 0) {
      currentKey = segment.key(currentRow);
    }
    return currentKey;
  }

  @Override public void close() {
    current = null;
  }
}
