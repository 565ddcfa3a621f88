package dev.sorrel.sql.lookup;

import dev.sorrel.engine.catalog.IndexDef;
import dev.sorrel.engine.table.Table;

/**
 * What a lookup join does at run time.
 *
 * @param table the table looked up
 * @param projection its columns to return, in output order
 * @param keyFields left fields holding the probed values, in key order: the
 *     whole key of an online table, else leading columns of the primary key
 *     or of {@code index}
 * @param inner whether left rows without a match are dropped (JOIN) rather
 *     than kept with NULLs (LEFT JOIN)
 * @param online whether the table is a feature view's online table, read as
 *     of now with its time-to-live; otherwise the table is read in the
 *     statement's snapshot, as a scan of it would be
 * @param index the secondary index probed, or null for the primary key
 *     (always null for an online table)
 */
public record LookupJoinPlan(Table table, int[] projection, int[] keyFields, boolean inner,
    boolean online, IndexDef index) {

  /** Whether each probe fixes the whole primary key, so finds at most one row. */
  public boolean unique() {
    return online || (index == null && keyFields.length == table.keyColumns().length)
        || (index != null && index.unique() && keyFields.length == index.columns().size());
  }
}
