package dev.sorrel.engine.table.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ReadView;

/**
 * Reads all the rows of a table at one snapshot as column batches, for
 * operators that filter and aggregate a batch at a time: the rows of a
 * {@link TableSegment} a block at a time, merged in key order with the rows
 * changed since the segment's version, read from the snapshot, as batches of
 * their own. The rows are exactly the snapshot's, in the order
 * {@link SegmentCursor} reads them.
 *
 * <p>Each batch has the projected columns ({@link #column}) and a selection
 * of the rows that count ({@link #selection}): a segment row whose key
 * changed since the segment's version is left out, as its current version
 * (if any) comes in a batch of changed rows. Blocks in which no row can meet the
 * {@link BlockPredicate}s are skipped without being decoded; the caller still
 * filters the rows of the blocks it gets.
 *
 * <p>{@link #split} divides a scan into parts over disjoint runs of blocks,
 * for workers that read at the same time: each changed row is read by
 * exactly one part (the one whose rows it sorts among), so the parts
 * together return each row of the snapshot once.
 */
public final class SegmentBatchScan {
  private final Table table;
  private final TableSegment segment;
  private final ReadView snapshot;
  private final int[] projection;
  private final List<BlockPredicate> predicates;
  private final byte[][] changed;
  /** Per changed key, the first segment row at or after it. */
  private final long[] changedAt;
  /** Per changed key, whether the segment row at {@link #changedAt} has that key. */
  private final boolean[] replaces;
  /** The segment rows of this scan: from {@link #row}'s first value to this, exclusive. */
  private final long endRow;
  /** The changed keys of this scan: from {@link #nextChanged}'s first value to this. */
  private final int endChanged;
  private final ColumnBatch[] blockBatches;
  private final ColumnBatch[] changedBatches;
  private ColumnBatch[] current;
  private int[] selection = new int[TableSegment.BLOCK_ROWS];
  private int selected;
  /** The next segment row to return. */
  private long row;
  private int nextChanged;
  private int decodedBlock = -1;
  private int testedBlock = -1;
  private boolean testedMatches;
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
    this.blockBatches = new ColumnBatch[projection.length];
    this.changedBatches = new ColumnBatch[projection.length];
    for (int i = 0; i < projection.length; i++) {
      blockBatches[i] = new ColumnBatch(segment.type(projection[i]));
      changedBatches[i] = new ColumnBatch(segment.type(projection[i]));
    }
    this.current = blockBatches;
    this.changedAt = new long[changed.length];
    this.replaces = new boolean[changed.length];
    long from = 0;
    for (int k = 0; k < changed.length; k++) {
      from = lowerBound(changed[k], from);
      changedAt[k] = from;
      replaces[k] = from < segment.rows() && Arrays.equals(segment.key(from), changed[k]);
    }
    this.endRow = segment.rows();
    this.endChanged = changed.length;
  }

  /** A part of {@code whole}: its rows in {@code [fromRow, toRow)}, its changed keys given. */
  private SegmentBatchScan(SegmentBatchScan whole, long fromRow, long toRow, int fromChanged,
      int toChanged) {
    this.table = whole.table;
    this.segment = whole.segment;
    this.snapshot = whole.snapshot;
    this.projection = whole.projection;
    this.predicates = whole.predicates;
    this.changed = whole.changed;
    this.changedAt = whole.changedAt;
    this.replaces = whole.replaces;
    this.blockBatches = new ColumnBatch[projection.length];
    this.changedBatches = new ColumnBatch[projection.length];
    for (int i = 0; i < projection.length; i++) {
      blockBatches[i] = new ColumnBatch(segment.type(projection[i]));
      changedBatches[i] = new ColumnBatch(segment.type(projection[i]));
    }
    this.current = blockBatches;
    this.row = fromRow;
    this.endRow = toRow;
    this.nextChanged = fromChanged;
    this.endChanged = toChanged;
  }

  /**
   * Divides this scan, not yet started, into at most {@code parts} scans over
   * runs of whole blocks, in key order, that may be read on different threads
   * (each has its own batches; the segment and the snapshot are read-only).
   * Together they return exactly this scan's rows, each once: a changed row
   * belongs to the part whose segment rows it sorts among (the last part
   * also takes those after the last segment row). A segment of fewer blocks
   * than {@code parts} gives fewer parts; this scan is not to be read after.
   */
  public List<SegmentBatchScan> split(int parts) {
    if (row != 0 || nextChanged != 0) {
      throw new IllegalStateException("a scan is split before it is read");
    }
    final int blocks = segment.blocks();
    final int n = Math.max(1, Math.min(parts, blocks));
    final List<SegmentBatchScan> scans = new ArrayList<>(n);
    long fromRow = 0;
    int fromChanged = 0;
    for (int p = 0; p < n; p++) {
      final boolean last = p == n - 1;
      final long toRow = last ? segment.rows()
          : TableSegment.firstRow((int) ((long) blocks * (p + 1) / n));
      int toChanged = fromChanged;
      while (toChanged < changed.length && (last || changedAt[toChanged] < toRow)) {
        toChanged++;
      }
      scans.add(new SegmentBatchScan(this, fromRow, toRow, fromChanged, toChanged));
      fromRow = toRow;
      fromChanged = toChanged;
    }
    return scans;
  }

  /** The first segment row at or after {@code low} whose key is at or after {@code key}. */
  private long lowerBound(byte[] key, long low) {
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
   * Batches come in key order: runs of a block's rows, and between them the
   * changed rows that sort there (as a scan in key order would return them,
   * so that sums of floating-point values add in the same order). A batch's
   * arrays are reused by the next one.
   */
  public boolean next() {
    while (true) {
      if (nextChanged < endChanged && changedAt[nextChanged] <= row) {
        if (readChanged()) {
          return true;
        }
        continue;
      }
      if (row >= endRow) {
        return false;
      }
      final int block = (int) (row / TableSegment.BLOCK_ROWS);
      final long first = TableSegment.firstRow(block);
      long limit = first + segment.blockRows(block);
      if (nextChanged < endChanged) {
        limit = Math.min(limit, changedAt[nextChanged]);
      }
      final long from = row;
      row = limit;
      if (!mayMatch(block)) {
        continue;
      }
      if (decodedBlock != block) {
        for (int i = 0; i < projection.length; i++) {
          segment.read(block, projection[i], blockBatches[i]);
        }
        decodedBlock = block;
      }
      current = blockBatches;
      selected = 0;
      for (long r = from; r < limit; r++) {
        selection[selected++] = (int) (r - first);
      }
      if (selected > 0) {
        return true;
      }
    }
  }

  /** Reads the changed rows that sort before segment row {@link #row}; whether any exist. */
  private boolean readChanged() {
    int rows = 0;
    for (ColumnBatch batch : changedBatches) {
      batch.reset(TableSegment.BLOCK_ROWS);
    }
    while (nextChanged < endChanged && changedAt[nextChanged] <= row
        && rows < TableSegment.BLOCK_ROWS) {
      final int k = nextChanged++;
      if (replaces[k]) {
        row++; // the segment's copy of this row is out of date
      }
      final Object[] stored = table.get(snapshot, changed[k]);
      if (stored == null) {
        continue; // deleted since the segment's version
      }
      for (int i = 0; i < projection.length; i++) {
        changedBatches[i].set(rows, stored[projection[i]]);
      }
      rows++;
    }
    current = changedBatches;
    for (int i = 0; i < rows; i++) {
      selection[i] = i;
    }
    selected = rows;
    return rows > 0;
  }

  private boolean mayMatch(int block) {
    if (testedBlock != block) {
      testedBlock = block;
      testedMatches = true;
      for (BlockPredicate predicate : predicates) {
        if (!predicate.mayMatch(segment, block)) {
          testedMatches = false;
          blocksSkipped++;
          break;
        }
      }
    }
    return testedMatches;
  }

  /** The values of a projected column (by its position in the projection) in this batch. */
  public ColumnBatch column(int index) {
    return current[index];
  }

  /** The rows of this batch that count, ascending; the first {@link #selected()} are valid. */
  public int[] selection() {
    return selection;
  }

  /** The number of rows of this batch that count. */
  public int selected() {
    return selected;
  }

  /** The number of projected columns. */
  public int width() {
    return projection.length;
  }

  /** The number of blocks skipped so far by their statistics. */
  public long blocksSkipped() {
    return blocksSkipped;
  }
}
