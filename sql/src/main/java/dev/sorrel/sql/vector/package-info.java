/**
 * The batch path: aggregates over filtered, projected full scans of a table,
 * run a column batch at a time over primitive arrays (from a table segment,
 * or from the rows of a scan where no segment is usable) instead of row at a
 * time in Calcite's generated code.
 */
package dev.sorrel.sql.vector;
