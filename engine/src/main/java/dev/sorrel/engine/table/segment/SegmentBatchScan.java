package dev.sorrel.engine.table.segment;

import java.util.Arrays;
import java.util.List;

import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ReadView;

/**
 * Reads all the rows of a table at one snapshot as column batches, for
 * operators that filter and aggregate a batch at a time: the rows of a
 * {@link TableSegment} a block at a time, then the rows changed since the
 * segment's version, read from the snapshot, as extra batches. The rows are
 * exactly the snapshot's, as {@link SegmentCursor} reads them, but not in
 * key order.
 *
 * <p>Each batch has the projected columns ({@link #column}) and a selection
 * of the rows that count ({@link #selection}): a segment row whose key
 * changed since the segment's version is left out, as its current version
 * (if any) comes in the extra batches. Blocks in which no row can meet the
 * {@link BlockPredicate}s are skipped without being decoded; the caller still
 * filters the rows of the blocks it gets.
 */
public final class SegmentBatchScan {
  private final Table table;
  private final TableSegment segment;
  private final ReadView snapshot;
  private final int[] projection;
  private final List<BlockPredicate> predicates;
  private final byte[][] changed;
  /** The segment rows replaced by changed keys, sorted. */
  private final long[] masked;
  private final ColumnBatch[] batches;
  private int[] selection = new int[0];
  private int selected;
  private int nextBlock;
  private int nextMasked;
  private int nextChanged;
  private long blocksSkipped;

  /**
   * @param usable the segment and changed keys {@link TableSegments#usable} allowed
   *     at {@code snapshot}
   * @param projection the table ordinals of the columns to read
   * @param predicates conditions every row returned must meet (used to skip blocks only)
   */
  public SegmentBatchScan(Table table, TableSegments.Usable usable, ReadView snapshot,
      int[] projection, List<BlockPredicate> predicates) {
    this.table = table;
    this.segment = usable.segment();
    this.snapshot = snapshot;
    this.projection = projection.clone();
    this.predicates = List.copyOf(predicates);
    this.changed = usable.changedKeys();
    this.batches = new ColumnBatch[projection.length];
    for (int i = 0; i < projection.length; i++) {
      batches[i] = new ColumnBatch(segment.type(projection[i]));
    }
    final long[] rows = new long[changed.length];
    int count = 0;
    for (byte[] key : changed) {
      final long row = lowerBound(key);
      if (row < segment.rows() && Arrays.equals(segment.key(row), key)) {
        rows[count++] = row;
      }
    }
    this.masked = Arrays.copyOf(rows, count);
    Arrays.sort(masked);
  }

  private long lowerBound(byte[] key) {
    long low = 0;
    long high = segment.rows();
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

  /**
   * Moves to the next batch that has rows selected; false after the last.
   * A batch's arrays are reused by the next one.
   */
  public boolean next() {
    while (nextBlock < segment.blocks()) {
      final int block = nextBlock++;
      final long first = TableSegment.firstRow(block);
      final int rows = segment.blockRows(block);
      // Changed rows before this block belong to skipped blocks.
      while (nextMasked < masked.length && masked[nextMasked] < first) {
        nextMasked++;
      }
      if (!mayMatch(block)) {
        blocksSkipped++;
        continue;
      }
      for (int i = 0; i < projection.length; i++) {
        segment.read(block, projection[i], batches[i]);
      }
      select(rows);
      while (nextMasked < masked.length && masked[nextMasked] < first + rows) {
        final int at = (int) (masked[nextMasked++] - first);
        // The selection is in row order: remove one entry.
        final int index = Arrays.binarySearch(selection, 0, selected, at);
        System.arraycopy(selection, index + 1, selection, index, selected - index - 1);
        selected--;
      }
      if (selected > 0) {
        return true;
      }
    }
    while (nextChanged < changed.length) {
      final int size = Math.min(TableSegment.BLOCK_ROWS, changed.length - nextChanged);
      for (ColumnBatch batch : batches) {
        batch.reset(size);
      }
      int rows = 0;
      for (int n = 0; n < size; n++) {
        final Object[] stored = table.get(snapshot, changed[nextChanged++]);
        if (stored == null) {
          continue; // deleted since the segment's version
        }
        for (int i = 0; i < projection.length; i++) {
          batches[i].set(rows, stored[projection[i]]);
        }
        rows++;
      }
      select(rows);
      if (selected > 0) {
        return true;
      }
    }
    return false;
  }

  private boolean mayMatch(int block) {
    for (BlockPredicate predicate : predicates) {
      if (!predicate.mayMatch(segment, block)) {
        return false;
      }
    }
    return true;
  }

  private void select(int rows) {
    if (selection.length < rows) {
      selection = new int[Math.max(rows, TableSegment.BLOCK_ROWS)];
    }
    for (int i = 0; i < rows; i++) {
      selection[i] = i;
    }
    selected = rows;
  }

  /** The values of a projected column (by its position in the projection) in this batch. */
  public ColumnBatch column(int index) {
    return batches[index];
  }

  /** The rows of this batch that count, ascending; the first {@link #selected()} are valid. */
  public int[] selection() {
    return selection;
  }

  /** The number of rows of this batch that count. */
  public int selected() {
    return selected;
  }

  /** The number of blocks skipped so far by their statistics. */
  public long blocksSkipped() {
    return blocksSkipped;
  }
}
