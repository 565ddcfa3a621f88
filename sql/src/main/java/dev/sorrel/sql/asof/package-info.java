/**
 * Point-in-time joins: {@code [LEFT] ASOF JOIN} against a feature view (or a
 * table keyed by the join columns and a time column), planned as
 * {@link dev.sorrel.sql.asof.SorrelAsofJoin}, which searches the feature
 * view's history segment (or seeks RocksDB's key order) for each left row
 * instead of holding the right side in memory.
 */
package dev.sorrel.sql.asof;
