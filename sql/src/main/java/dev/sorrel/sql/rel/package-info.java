/**
 * Sorrel's relational operators and planner rules: table scans that become
 * RocksDB point lookups or key-range scans when a filter allows, and a write
 * operator that applies INSERT, UPDATE and DELETE as one transaction.
 */
package dev.sorrel.sql.rel;
