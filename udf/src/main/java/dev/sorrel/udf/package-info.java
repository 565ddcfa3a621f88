/**
 * Vectorized function kernels: functions that take whole Arrow vectors and
 * write a vector, so that a batch of rows costs one call into a model or a
 * statistic, not one per row. {@link dev.sorrel.udf.ScalarKernel} is the
 * API of functions with a value per row (PREDICT's kernel implements it),
 * {@link dev.sorrel.udf.AggregateKernel} that of functions with a value per
 * group of rows.
 */
package dev.sorrel.udf;
