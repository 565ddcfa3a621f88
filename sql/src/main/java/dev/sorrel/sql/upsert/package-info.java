/**
 * Upserts: {@code MERGE} and {@code INSERT ... ON CONFLICT} rewritten into one
 * query that joins the proposed rows to the target table, planned like any
 * other, and the statement that hands its rows to the engine's
 * {@link dev.sorrel.engine.table.RowMerge} in one transaction.
 */
package dev.sorrel.sql.upsert;
