/**
 * The computation behind drift monitors: a column's reference sample summarized as the
 * baseline its test needs ({@link dev.sorrel.udf.monitor.Baselines}, which also makes the
 * {@code 'auto'} choice of test), and a check of current samples against stored baselines with
 * the {@code drift} kernels ({@link dev.sorrel.udf.monitor.MonitorCheck}), equal to the SQL
 * drift aggregates over the same rows.
 */
package dev.sorrel.udf.monitor;
