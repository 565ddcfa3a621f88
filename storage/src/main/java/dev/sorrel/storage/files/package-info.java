/**
 * File formats for import and export: reading and writing CSV, Parquet and Arrow IPC files as
 * rows of storage values ({@link dev.sorrel.storage.files.RowBatchReader},
 * {@link dev.sorrel.storage.files.RowWriter}) or, for exports, as column batches
 * ({@link dev.sorrel.storage.files.BatchWriter}), and the text forms of values. Knows storage value
 * types, not tables or statements.
 */
package dev.sorrel.storage.files;
