package dev.sorrel.engine.table;

import java.util.List;

import dev.sorrel.engine.Transaction;

/**
 * Takes part in the writes to a table whose rows something else keeps in
 * step: a feature view completes each history row (its write time), lets a
 * row with the same key replace the stored one, and folds every change into
 * its online table before the transaction commits. The table stores the
 * rows; the observer only completes them and learns of them.
 */
public interface WriteObserver {
  /**
   * Checks and completes a row about to be stored, by an insert or as the
   * new row of an update, before the table checks it against its columns.
   * Returns the row to store (a copy if it changed anything).
   */
  Object[] completing(Transaction tx, Object[] row);

  /**
   * Whether an inserted row with the key of a stored row replaces it (so
   * loading the same rows twice is idempotent) instead of failing as a
   * duplicate key.
   */
  boolean insertReplaces();

  /** A checked row has been inserted; {@code replaced} if a stored row had its key. */
  void inserted(Transaction tx, Object[] row, boolean replaced);

  /**
   * Stored rows are about to be deleted ({@code newRows} null) or replaced
   * pairwise by {@code newRows} (already completed).
   */
  void replacing(Transaction tx, List<Object[]> oldRows, List<Object[]> newRows);

  /** The table has been compacted after a bulk load. */
  default void compacted() {
  }

  /**
   * The observer's part of a {@link BulkInsert} through {@code tx}, writing its
   * own files into {@code directory}; null if bulk inserts must take the row
   * path.
   */
  default BulkPart bulkPart(Transaction tx, java.nio.file.Path directory) {
    return null;
  }

  /**
   * What an observer does for a bulk insert instead of {@link #inserted} per
   * row: it learns each row as it arrives, and at the end how many rows were
   * new, and then writes what it keeps in step (through the same transaction,
   * as files to ingest or batch writes). A part that can only work from the
   * rows in key order follows the input while it comes in that order; if it
   * does not, the part {@linkplain #needsSorted asks} for the placed rows,
   * which the insert then hands it in key order while it places them.
   */
  interface BulkPart extends AutoCloseable {
    /**
     * A checked row about to be stored, with its key and stored value (rows
     * with equal keys: the later one is kept).
     */
    void added(Object[] row, byte[] key, byte[] value);

    /** Whether the part needs the placed rows in key order ({@link #sorted}). */
    default boolean needsSorted() {
      return false;
    }

    /**
     * A row as placed, in ascending key order with unique keys (of equal keys
     * in the input, the later row), when {@link #needsSorted} said so; all of
     * them come before {@link #finish}.
     */
    default void sorted(byte[] key, byte[] value) {
    }

    /** Every row has been placed; {@code newRows} of them had a key not stored before. */
    void finish(long newRows);

    /** Releases memory and deletes files not handed to the transaction. */
    @Override void close();
  }
}
