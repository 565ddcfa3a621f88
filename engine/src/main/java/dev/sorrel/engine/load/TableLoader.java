package dev.sorrel.engine.load;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.table.Table;

/**
 * Loads a table (or a feature view's history) from a CSV, Parquet or Arrow IPC file, as one
 * transaction: a bad row anywhere in the file leaves the table as it was. File columns are
 * matched to table columns by name and their values converted (see {@link ColumnMapping}); every
 * error names the file, the line (CSV) or row (Parquet, Arrow) and, for a value, the column.
 *
 * <p>A load of {@value #COMPACT_AFTER_ROWS} rows or more compacts the table once committed: a bulk
 * load leaves its rows spread over several LSM levels, and key seeks (point-in-time joins, range
 * scans) cost a third more until background compaction catches up.
 */
public final class TableLoader {
  /** Loads of at least this many rows compact the table's key range afterwards. */
  static final long COMPACT_AFTER_ROWS = 1_000_000;

  private TableLoader() {
  }

  /**
   * Loads {@code path} into {@code table} in a transaction of its own, committed if every row
   * loads; then compacts the table after a large load.
   *
   * @return the number of rows loaded
   */
  public static long load(Database database, Table table, Path path, FileFormat format,
      FileOptions options) {
    final long rows;
    try (Transaction tx = database.begin()) {
      rows = load(tx, table, path, format, options);
      tx.commit();
    }
    loaded(table, rows);
    return rows;
  }

  /**
   * Loads {@code path} into {@code table} through {@code tx}, which the caller commits (or
   * rolls back when this throws).
   *
   * @return the number of rows loaded
   * @throws SorrelException for a missing, unreadable or unsuitable file and for the first row
   *     that cannot be loaded
   */
  public static long load(Transaction tx, Table table, Path path, FileFormat format,
      FileOptions options) {
    return load(tx, table, path, format, options, () -> false);
  }

  /**
   * Loads {@code path} into {@code table} through {@code tx}, as {@link
   * #load(Transaction, Table, Path, FileFormat, FileOptions)} does, until
   * {@code canceled} turns true.
   *
   * @param canceled polled at every row: once true, the load fails with
   *     {@link ErrorCode#QUERY_CANCELED} and the caller rolls {@code tx} back
   */
  public static long load(Transaction tx, Table table, Path path, FileFormat format,
      FileOptions options, BooleanSupplier canceled) {
    try (RecordSource source = format == FileFormat.CSV ? CsvSource.open(path, options)
        : BatchSource.open(path, format)) {
      final ColumnMapping mapping = ColumnMapping.of(table, source);
      long count = 0;
      while (source.next()) {
        if (canceled.getAsBoolean()) {
          throw new SorrelException(ErrorCode.QUERY_CANCELED, "query canceled while loading "
              + path + " at " + source.where());
        }
        final Object[] row = mapping.row(source);
        try {
          table.insert(tx, row);
        } catch (SorrelException e) {
          throw new SorrelException(e.code(), source.where() + ": " + e.getMessage(), e);
        }
        count++;
      }
      return count;
    }
  }

  /**
   * What follows a committed load of {@code rows} rows into {@code table}: a large one is
   * compacted (and a feature view's history segment rebuilt).
   */
  public static void loaded(Table table, long rows) {
    if (rows >= COMPACT_AFTER_ROWS) {
      table.compact();
    }
  }
}
