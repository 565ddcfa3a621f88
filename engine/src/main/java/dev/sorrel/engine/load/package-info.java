/**
 * Loads and exports: a table filled from a CSV, Parquet or Arrow IPC file in one transaction
 * ({@link dev.sorrel.engine.load.TableLoader}), and rows of a table or of a query written to such
 * a file ({@link dev.sorrel.engine.load.TableExporter}), read in column batches
 * ({@link dev.sorrel.engine.load.ColumnBatchSource}) and written by a database worker while the
 * next batch is read. The file formats themselves are
 * storage's ({@link dev.sorrel.storage.files}); this package matches file columns to table
 * columns, converts values, and reports errors with the file, line or row and column.
 */
package dev.sorrel.engine.load;
