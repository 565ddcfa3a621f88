package dev.sorrel.engine;

import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.arrow.ArrowRowWriter;

/**
 * A table scan that hands out Arrow record batches instead of rows: the form
 * vectorized consumers (model scoring, statistics) take. Each call of
 * {@link #next()} fills the same {@link VectorSchemaRoot} with up to
 * {@code batchSize} rows; the root stays owned by this scan and is valid
 * until the next call or {@link #close()}.
 */
public final class BatchScan implements AutoCloseable {
  private final Table.RowCursor cursor;
  private final ArrowRowWriter writer;
  private final int batchSize;
  private boolean exhausted;

  BatchScan(Table table, ReadView view, KeyRange range, int[] projection,
      BufferAllocator allocator, int batchSize) {
    if (batchSize <= 0) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE,
          "batch size must be positive, not " + batchSize);
    }
    final List<ColumnDef> columns = table.columns();
    final String[] names = new String[projection.length];
    final ValueType[] types = new ValueType[projection.length];
    final int[] precisions = new int[projection.length];
    final int[] scales = new int[projection.length];
    for (int i = 0; i < projection.length; i++) {
      final ColumnDef column = columns.get(projection[i]);
      names[i] = column.name();
      types[i] = column.type();
      precisions[i] = column.precision() > 0 ? column.precision()
          : ArrowRowWriter.MAX_DECIMAL_PRECISION;
      scales[i] = column.scale();
    }
    this.writer = new ArrowRowWriter(allocator, names, types, precisions, scales);
    this.cursor = table.scan(view, range, projection);
    this.batchSize = batchSize;
  }

  /** Fills the next batch; returns null when the scan is done. */
  public VectorSchemaRoot next() {
    if (exhausted) {
      return null;
    }
    writer.reset();
    while (writer.rowCount() < batchSize) {
      if (!cursor.next()) {
        exhausted = true;
        break;
      }
      writer.append(cursor.row());
    }
    return writer.rowCount() == 0 ? null : writer.finish();
  }

  @Override public void close() {
    cursor.close();
    writer.close();
  }
}
