package dev.sorrel.engine.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.table.BulkInsert;
import dev.sorrel.engine.table.Table;

/**
 * Loads a table (or a feature view's history) from a CSV, Parquet or Arrow IPC file, as one
 * transaction: a bad row anywhere in the file leaves the table as it was. File columns are
 * matched to table columns by name and their values converted (see {@link ColumnMapping}); every
 * error names the file, the line (CSV) or row (Parquet, Arrow) and, for a value, the column.
 *
 * <p>A load of at least {@code bulk_load_min_rows} rows (a database option) in a transaction of
 * its own goes through {@link BulkInsert}: its rows are sorted into SST files that the commit
 * ingests, with the same checks, index entries and feature-view bookkeeping as the row path, and
 * the same atomicity; a second thread decodes the file and makes its rows ready to store
 * (checks, keys, encoding: {@link ReadAhead}, {@link BulkInsert#prepare}) while the loading
 * thread sorts and writes them. Smaller loads, and loads inside an explicit transaction or a JDBC batch
 * (whose later statements must see the rows in the batch), insert row by row. A duplicate key
 * found by the bulk path's sort is named by the input's line or row, found by reading the file
 * again.
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
      rows = load(tx, table, path, format, options, () -> false, true);
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
    return load(tx, table, path, format, options, canceled, false);
  }

  /**
   * Loads {@code path} into {@code table} through {@code tx}, as {@link
   * #load(Transaction, Table, Path, FileFormat, FileOptions, BooleanSupplier)} does; with
   * {@code alone}, the caller promises that {@code tx} runs no other statement (a statement in
   * autocommit), so that a large load may go through {@link BulkInsert}.
   */
  public static long load(Transaction tx, Table table, Path path, FileFormat format,
      FileOptions options, BooleanSupplier canceled, boolean alone) {
    try (RecordSource source = open(path, format, options)) {
      final ColumnMapping mapping = ColumnMapping.of(table, source);
      // The first rows are held back: a small file goes row by row, a large one in bulk.
      final long threshold = tx.database().options().bulkLoadMinRows();
      final List<Object[]> first = new ArrayList<>();
      long[] positions = new long[64];
      boolean more;
      while ((more = next(source, path, canceled)) && first.size() < threshold) {
        if (first.size() == positions.length) {
          positions = Arrays.copyOf(positions, positions.length * 2);
        }
        positions[first.size()] = source.position();
        first.add(mapping.row(source));
      }
      final BulkInsert bulk = more && alone ? table.bulkInsert(tx) : null;
      if (bulk == null) {
        long count = 0;
        for (int i = 0; i < first.size(); i++) {
          insert(table, tx, first.get(i), source.where(positions[i]));
          count++;
        }
        first.clear();
        for (; more; more = next(source, path, canceled)) {
          insert(table, tx, mapping.row(source), source.where());
          count++;
        }
        return count;
      }
      try (bulk) {
        return bulkLoad(bulk, source, mapping, first, positions, canceled);
      } catch (SorrelException e) {
        if (e.code() == ErrorCode.DUPLICATE_KEY && bulk.failedOnDuplicate()) {
          throw located(e, bulk, table, path, format, options, canceled);
        }
        throw e;
      }
    }
  }

  private static RecordSource open(Path path, FileFormat format, FileOptions options) {
    return format == FileFormat.CSV ? CsvSource.open(path, options)
        : BatchSource.open(path, format);
  }

  private static long bulkLoad(BulkInsert bulk, RecordSource source, ColumnMapping mapping,
      List<Object[]> first, long[] positions, BooleanSupplier canceled) {
    for (int i = 0; i < first.size(); i++) {
      add(bulk, first.get(i), source, positions[i]);
    }
    first.clear();
    // The rest is decoded, checked and encoded on a second thread while this one writes.
    try (ReadAhead ahead = new ReadAhead(source, mapping, true, bulk::prepare)) {
      for (ReadAhead.Chunk chunk = ahead.next(); chunk != null; chunk = ahead.next()) {
        if (canceled.getAsBoolean()) {
          throw new SorrelException(ErrorCode.QUERY_CANCELED, "query canceled while loading "
              + source.file() + " at " + source.where(chunk.positions()[0]));
        }
        for (int i = 0; i < chunk.size(); i++) {
          add(bulk, (BulkInsert.Prepared) chunk.rows()[i], source, chunk.positions()[i]);
        }
      }
    }
    bulk.finish();
    return bulk.added();
  }

  /**
   * A bulk load's duplicate-key error, named by the input's line or row as the row path names
   * it: the sort finds a duplicate by its key alone, so the input is read again for the rows
   * that give it (the second, for a key given twice; the first, for a key already stored).
   * Reading again costs a pass over the file, only when the load fails.
   */
  private static SorrelException located(SorrelException e, BulkInsert bulk, Table table,
      Path path, FileFormat format, FileOptions options, BooleanSupplier canceled) {
    long first = -1;
    long second = -1;
    String where = null;
    String firstWhere = null;
    try (RecordSource again = open(path, format, options)) {
      final ColumnMapping mapping = ColumnMapping.of(table, again);
      while (second < 0 && again.next() && !canceled.getAsBoolean()) {
        if (bulk.hasDuplicateKey(mapping.row(again))) {
          if (first < 0) {
            first = again.position();
          } else {
            second = again.position();
          }
        }
      }
      if (first >= 0) {
        firstWhere = again.where(first);
        where = second >= 0 ? again.where(second) : firstWhere;
      }
    } catch (SorrelException other) {
      // The file changed or cannot be read again: the error names the key, not the row.
    }
    if (where == null) {
      return e;
    }
    return new SorrelException(e.code(), where + ": " + e.getMessage()
        + (second >= 0 ? " (first given at " + firstWhere + ")" : ""), e);
  }

  private static boolean next(RecordSource source, Path path, BooleanSupplier canceled) {
    if (!source.next()) {
      return false;
    }
    if (canceled.getAsBoolean()) {
      throw new SorrelException(ErrorCode.QUERY_CANCELED, "query canceled while loading "
          + path + " at " + source.where());
    }
    return true;
  }

  private static void insert(Table table, Transaction tx, Object[] row, String where) {
    try {
      table.insert(tx, row);
    } catch (SorrelException e) {
      throw new SorrelException(e.code(), where + ": " + e.getMessage(), e);
    }
  }

  private static void add(BulkInsert bulk, Object[] row, RecordSource source, long position) {
    try {
      bulk.add(row);
    } catch (SorrelException e) {
      throw atRow(e, bulk, source, position);
    }
  }

  private static void add(BulkInsert bulk, BulkInsert.Prepared row, RecordSource source,
      long position) {
    try {
      bulk.add(row);
    } catch (SorrelException e) {
      throw atRow(e, bulk, source, position);
    }
  }

  /** A failure to add the row at {@code position}, named by it unless a sort found it. */
  private static SorrelException atRow(SorrelException e, BulkInsert bulk, RecordSource source,
      long position) {
    if (bulk.failedOnDuplicate()) {
      // Found while sorting earlier rows, not at this one: the caller names the input rows.
      return e;
    }
    return new SorrelException(e.code(), source.where(position) + ": " + e.getMessage(), e);
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
