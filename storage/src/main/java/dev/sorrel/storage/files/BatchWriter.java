package dev.sorrel.storage.files;

import java.io.IOException;

import dev.sorrel.storage.ColumnarBatch;

/**
 * A file being written a batch of rows at a time, column by column: the common shape of the
 * CSV, Parquet and Arrow IPC writers when an export hands them {@link ColumnarBatch}es. The
 * batch's columns are the file's, in order. {@link #close()} completes the file;
 * {@link #abort()} gives it up, leaving a partial file for the caller to delete.
 */
public interface BatchWriter extends AutoCloseable {
  /**
   * Appends the batch's rows. The writer does not keep the batch: the caller may reuse it once
   * the call returns.
   *
   * @throws IllegalArgumentException if a value does not fit its column (the writer is then
   *     unusable: abort it)
   * @throws IOException if the file cannot be written
   */
  void write(ColumnarBatch batch) throws IOException;

  /** Completes and closes the file. */
  @Override void close() throws IOException;

  /** Releases the file and every resource without completing it; never throws. */
  void abort();
}
