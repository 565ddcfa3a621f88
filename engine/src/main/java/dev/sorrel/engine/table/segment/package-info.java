/**
 * Columnar table segments: read-optimized copies of whole tables in memory-mapped files, kept
 * exact against later writes by a change log, which full and key-range scans read block by
 * block instead of iterating RocksDB.
 */
package dev.sorrel.engine.table.segment;
