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
}
