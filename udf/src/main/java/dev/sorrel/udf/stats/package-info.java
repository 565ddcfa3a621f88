/**
 * Statistics kernels over primitive values: streaming {@link dev.sorrel.udf.stats.Moments}
 * and the A/B tests computed from them ({@link dev.sorrel.udf.stats.TwoSampleTests}), each
 * equal to the SciPy or GrowthBook computation its documentation names.
 */
package dev.sorrel.udf.stats;
