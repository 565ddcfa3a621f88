/**
 * Joins from a request table to an online table, planned as one key lookup
 * per request row ({@link dev.sorrel.sql.lookup.SorrelLookupJoin}) instead of
 * a scan of every entity: the serving path of a batch of requests.
 */
package dev.sorrel.sql.lookup;
