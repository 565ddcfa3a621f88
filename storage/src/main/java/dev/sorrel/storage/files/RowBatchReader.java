package dev.sorrel.storage.files;

import java.io.IOException;

import dev.sorrel.storage.ValueType;

/**
 * A typed file read as batches of rows of storage values: Parquet ({@link ParquetRows}) or Arrow
 * IPC ({@link ArrowIpcReader}). The columns and their types are known before the first row, so
 * a loader can match them to a table and refuse a file that does not fit before reading data.
 */
public interface RowBatchReader extends AutoCloseable {
  /** The number of columns. */
  int columnCount();

  /** The name of {@code column}, as the file spells it. */
  String columnName(int column);

  /**
   * The storage type of the values of {@code column}, or {@code null} for a column whose values
   * are all NULL (a column of the file format's null type).
   */
  ValueType columnType(int column);

  /** The column's type as the file declares it, for messages, such as {@code Parquet INT64}. */
  String fileType(int column);

  /**
   * The next batch of rows, or {@code null} after the last. Each row has {@link #columnCount()}
   * values in the representation of {@link #columnType}, {@code null} for NULL.
   *
   * @throws IOException if the data is damaged or cannot be read
   */
  Object[][] next() throws IOException;

  @Override void close() throws IOException;
}
