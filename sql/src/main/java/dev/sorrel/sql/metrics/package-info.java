/**
 * Model-quality metrics as SQL aggregates
 * ({@link dev.sorrel.sql.metrics.MetricAggregates}) over the {@code udf}
 * metric kernels: a model's predictions joined with the labels that arrive
 * later, measured per day or per model version with GROUP BY.
 */
package dev.sorrel.sql.metrics;
