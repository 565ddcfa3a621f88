/**
 * Joins that read their right side by key for each left row
 * ({@link dev.sorrel.sql.lookup.SorrelLookupJoin}): from a request table to
 * an online table, planned as one get per request row instead of a scan of
 * every entity (the serving path of a batch of requests); and from a small
 * left side into any table, by leading columns of its primary key or of an
 * index, where the cost-based planner finds that cheaper than reading and
 * hashing the table ({@link dev.sorrel.sql.lookup.TableLookupJoinRule}).
 */
package dev.sorrel.sql.lookup;
