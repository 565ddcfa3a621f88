/**
 * Experiments in SQL: the A/B analysis aggregates
 * ({@link dev.sorrel.sql.experiment.StatisticsAggregates}) over the {@code udf} statistics
 * kernels, and the results view {@code EXPERIMENT_RESULTS}
 * ({@link dev.sorrel.sql.experiment.ExperimentResultsFunction}), a table function with its
 * own operator ({@link dev.sorrel.sql.experiment.ExperimentResultsScan}).
 */
package dev.sorrel.sql.experiment;
