package dev.sorrel.engine.load;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.storage.ColumnarBatch;

/** Boxed rows gathered into column batches: how a row cursor or a query feeds an export. */
final class RowBatches implements ColumnBatchSource {
  private final RowStream rows;
  private long count;
  private boolean done;

  RowBatches(RowStream rows) {
    this.rows = rows;
  }

  @Override public int fill(ColumnarBatch batch) {
    int size = 0;
    while (!done && size < batch.capacity()) {
      if (!rows.next()) {
        done = true;
        break;
      }
      final Object[] row = rows.row();
      count++;
      try {
        for (int c = 0; c < row.length; c++) {
          batch.set(c, size, row[c]);
        }
      } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
        // The rows come converted to their columns' storage types; this is a bug upstream.
        throw new SorrelException(ErrorCode.INTERNAL_ERROR, "export row " + count + " does not"
            + " match its columns: " + e.getMessage(), e);
      }
      size++;
    }
    batch.setSize(size);
    return size;
  }
}
