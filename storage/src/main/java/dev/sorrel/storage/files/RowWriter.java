package dev.sorrel.storage.files;

import java.io.IOException;

/**
 * A file being written row by row from values in the {@link dev.sorrel.storage.ValueType}
 * representation: the common shape of the CSV, Parquet and Arrow IPC writers, so that an export
 * is one loop whatever the format. {@link #close()} completes the file (a footer, the last
 * batch, the buffered text); a file whose writing failed is left for the caller to delete.
 */
public interface RowWriter extends AutoCloseable {
  /**
   * Appends one row: one value per column, {@code null} for NULL.
   *
   * @throws IllegalArgumentException if a value does not fit its column
   * @throws IOException if the file cannot be written
   */
  void append(Object[] row) throws IOException;

  /** Completes and closes the file. */
  @Override void close() throws IOException;
}
