/**
 * Experiments in SQL: the A/B analysis aggregates
 * ({@link dev.sorrel.sql.experiment.StatisticsAggregates}) over the {@code udf} statistics
 * kernels.
 */
package dev.sorrel.sql.experiment;
