package dev.sorrel.engine.load;

/**
 * Rows handed to an export one at a time, in storage form: the shape of a table's cursor and of
 * a query's enumerator, so that either feeds {@link TableExporter} without buffering.
 */
public interface RowStream {
  /** Steps to the next row; false after the last. */
  boolean next();

  /**
   * The current row: one value per export column in the storage representation of its type,
   * {@code null} for NULL. The exporter may change the array; it is not used after the next
   * call of {@link #next()}.
   */
  Object[] row();
}
