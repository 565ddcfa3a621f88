/**
 * History segments: read-only, memory-mapped columnar copies of a feature
 * view's history that point-in-time joins search instead of seeking RocksDB,
 * with the change log that keeps them exact after later writes. A cache of
 * committed data: a missing, stale or damaged segment is rebuilt, never
 * trusted.
 */
package dev.sorrel.engine.feature.segment;
