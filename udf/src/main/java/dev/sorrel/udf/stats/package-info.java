/**
 * Statistics kernels over primitive values: streaming {@link dev.sorrel.udf.stats.Moments}
 * and the A/B tests computed from them ({@link dev.sorrel.udf.stats.TwoSampleTests}), with
 * CUPED's adjustment from outcome-covariate {@link dev.sorrel.udf.stats.CoMoments}
 * ({@link dev.sorrel.udf.stats.Cuped}), each
 * equal to the SciPy or GrowthBook computation its documentation names.
 */
package dev.sorrel.udf.stats;
