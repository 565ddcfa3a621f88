/**
 * The SQL drift aggregates ({@link dev.sorrel.sql.drift.DriftAggregates}):
 * two-sample tests of a reference sample against a current one over the
 * {@code udf} drift kernels.
 */
package dev.sorrel.sql.drift;
