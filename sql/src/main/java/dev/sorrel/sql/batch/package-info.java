/**
 * Batch-evaluated functions in SQL: the contract of a function that is never
 * evaluated row by row ({@link dev.sorrel.sql.batch.KernelFunction},
 * {@link dev.sorrel.sql.batch.KernelCall}), the rewrite that pulls such calls
 * out of expressions, and the operator that buffers rows into Arrow batches
 * and makes one kernel call per batch (PREDICT, ASSIGN_VARIANT,
 * PREDICT_VARIANT).
 */
package dev.sorrel.sql.batch;
