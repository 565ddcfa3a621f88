package dev.sorrel.sql.lookup;

import dev.sorrel.engine.table.Table;

/**
 * What a lookup join does at run time.
 *
 * @param table the online table looked up
 * @param projection its columns to return, in output order
 * @param keyFields left fields holding the key values, in key order
 * @param inner whether left rows without a match are dropped (JOIN) rather
 *     than kept with NULLs (LEFT JOIN)
 */
public record LookupJoinPlan(Table table, int[] projection, int[] keyFields, boolean inner) {
}
