/**
 * The concurrency soak: embedded connections and remote clients of a Flight SQL server in the
 * same process run a random mix of reads, writes, transactions, point-in-time joins, online
 * lookups, PREDICT, ASSIGN_VARIANT, drift aggregates and DDL on one database for a bounded
 * time; every read is checked against invariants the writes keep, and at the end the database
 * is compared with a serial replay of the committed writes in their commit order.
 */
package dev.sorrel.e2e.soak;
