package dev.sorrel.storage.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

import dev.sorrel.storage.ColumnarBatch;
import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.arrow.ArrowRowWriter;

/**
 * Writes an Arrow IPC file ({@code .arrow}, {@code .feather} version 2), the columnar format
 * pandas, Polars and DuckDB read without conversion, in record batches of
 * {@value #BATCH_ROWS} rows built by {@link ArrowRowWriter} (its type mapping: timestamps
 * without time zone, in milliseconds). {@link #close()} writes the last batch and the footer and
 * releases every buffer.
 *
 * <p>Arrow's file writer needs the JVM option
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED}; without it writing fails with a
 * {@link RuntimeException} or {@link LinkageError} from Arrow, which callers translate.
 */
public final class ArrowIpcWriter implements RowWriter, BatchWriter {
  /** Rows per record batch. */
  public static final int BATCH_ROWS = 4096;

  private final BufferAllocator allocator;
  private final ArrowRowWriter batch;
  private final FileChannel channel;
  private ArrowFileWriter writer;

  /**
   * Creates (or replaces) {@code file} for rows of the given columns.
   *
   * @param decimalPrecisions the precision of each DECIMAL column by column index, or
   *     {@code null} for {@value ArrowRowWriter#MAX_DECIMAL_PRECISION} throughout
   * @param decimalScales the scale of each DECIMAL column by column index
   */
  public ArrowIpcWriter(Path file, String[] names, ValueType[] types, int[] decimalPrecisions,
      int[] decimalScales) throws IOException {
    allocator = new RootAllocator();
    ArrowRowWriter rows = null;
    try {
      rows = new ArrowRowWriter(allocator, names, types, decimalPrecisions, decimalScales);
      channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException | RuntimeException | Error e) {
      if (rows != null) {
        rows.close();
      }
      allocator.close();
      throw e;
    }
    batch = rows;
  }

  @Override public void append(Object[] row) throws IOException {
    batch.append(row);
    if (batch.rowCount() == BATCH_ROWS) {
      flush();
    }
  }

  /**
   * Appends a batch's rows, writing a record batch whenever {@value #BATCH_ROWS} rows are
   * gathered (a batch of that many rows becomes one record batch).
   */
  @Override public void write(ColumnarBatch rows) throws IOException {
    batch.append(rows);
    if (batch.rowCount() >= BATCH_ROWS) {
      flush();
    }
  }

  /** Writes the batch built so far (the first one also starts the file with its schema). */
  private void flush() throws IOException {
    batch.finish();
    if (writer == null) {
      writer = new ArrowFileWriter(batch.finish(), null, channel);
      writer.start();
    }
    if (batch.rowCount() > 0) {
      writer.writeBatch();
    }
    batch.reset();
  }

  @Override public void abort() {
    try {
      if (writer != null) {
        writer.close();
      }
      channel.close();
    } catch (IOException | RuntimeException e) {
      // Giving up the file anyway; the caller deletes it.
    } finally {
      try {
        batch.close();
        allocator.close();
      } catch (RuntimeException e) {
        // As above: a failure while writing may leave a buffer the allocator counts as leaked.
      }
    }
  }

  @Override public void close() throws IOException {
    try {
      flush();
      writer.end();
    } finally {
      try {
        if (writer != null) {
          writer.close();
        }
        channel.close();
      } finally {
        batch.close();
        allocator.close();
      }
    }
  }
}
