/**
 * Vectorized function kernels: functions that take whole Arrow vectors and
 * write a vector, so that a batch of rows costs one call into a model or a
 * statistic, not one per row. PREDICT's kernel lives here.
 */
package dev.sorrel.udf;
