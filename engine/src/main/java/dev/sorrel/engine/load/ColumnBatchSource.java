package dev.sorrel.engine.load;

import dev.sorrel.storage.ColumnarBatch;

/**
 * The rows an export writes, handed over a batch at a time in columns: what
 * {@link TableExporter} reads. A batch scan (a table segment's blocks, decoded into the same
 * primitive layout) fills the batches directly; a {@link RowStream} of boxed rows is adapted by
 * copying its values in.
 */
public interface ColumnBatchSource {
  /**
   * Fills {@code batch} with the next rows, at most its capacity, and sets its size. The batch
   * comes cleared, with one column per export column, in order and of the export columns'
   * types.
   *
   * @return the number of rows filled; 0 once there are no more (and at every later call)
   */
  int fill(ColumnarBatch batch);
}
