package dev.sorrel.engine.load;

import java.util.function.BooleanSupplier;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.table.segment.ColumnBatch;
import dev.sorrel.engine.table.segment.SegmentBatchScan;
import dev.sorrel.storage.ColumnarBatch;

/**
 * The rows of a table segment scan as an export's column batches: the
 * selected rows of each decoded block are copied array to array into the
 * export's batches, without a boxed value or row on the way. The two share
 * one primitive layout (integral, date, time, timestamp and boolean values
 * as longs, REAL and DOUBLE as doubles, the rest as their storage objects).
 */
final class SegmentBatches implements ColumnBatchSource {
  private final SegmentBatchScan scan;
  private final BooleanSupplier canceled;
  private final String table;
  /** The selected rows of the scan's current batch copied so far. */
  private int taken;
  private boolean done;

  SegmentBatches(SegmentBatchScan scan, BooleanSupplier canceled, String table) {
    this.scan = scan;
    this.canceled = canceled;
    this.table = table;
  }

  @Override public int fill(ColumnarBatch batch) {
    int size = 0;
    while (size < batch.capacity()) {
      if (taken == scan.selected()) {
        if (done) {
          break;
        }
        if (canceled.getAsBoolean()) {
          throw new SorrelException(ErrorCode.QUERY_CANCELED, "query canceled while exporting "
              + table);
        }
        if (!scan.next()) {
          done = true;
          break;
        }
        taken = 0;
      }
      final int n = Math.min(batch.capacity() - size, scan.selected() - taken);
      for (int c = 0; c < batch.width(); c++) {
        copy(scan.column(c), scan.selection(), taken, n, batch, c, size);
      }
      taken += n;
      size += n;
    }
    batch.setSize(size);
    return size;
  }

  /** Copies {@code n} selected rows from {@code selection[from]} on to rows {@code at...}. */
  private static void copy(ColumnBatch source, int[] selection, int from, int n,
      ColumnarBatch batch, int column, int at) {
    final boolean[] nulls = batch.nulls(column);
    final boolean contiguous = selection[from + n - 1] - selection[from] == n - 1;
    final int first = selection[from];
    if (contiguous) {
      System.arraycopy(source.nulls(), first, nulls, at, n);
    } else {
      for (int k = 0; k < n; k++) {
        nulls[at + k] = source.nulls()[selection[from + k]];
      }
    }
    switch (ColumnarBatch.Layout.of(batch.type(column))) {
      case LONG -> gather(source.longs(), batch.longs(column), selection, from, n, at,
          contiguous);
      case DOUBLE -> gather(source.doubles(), batch.doubles(column), selection, from, n, at,
          contiguous);
      case OBJECT -> gather(source.objects(), batch.objects(column), selection, from, n, at,
          contiguous);
    }
  }

  private static void gather(Object source, Object target, int[] selection, int from, int n,
      int at, boolean contiguous) {
    if (contiguous) {
      System.arraycopy(source, selection[from], target, at, n);
      return;
    }
    if (source instanceof long[] s) {
      final long[] t = (long[]) target;
      for (int k = 0; k < n; k++) {
        t[at + k] = s[selection[from + k]];
      }
    } else if (source instanceof double[] s) {
      final double[] t = (double[]) target;
      for (int k = 0; k < n; k++) {
        t[at + k] = s[selection[from + k]];
      }
    } else {
      final Object[] s = (Object[]) source;
      final Object[] t = (Object[]) target;
      for (int k = 0; k < n; k++) {
        t[at + k] = s[selection[from + k]];
      }
    }
  }
}
