/**
 * Two-sample drift kernels over primitive values: the Kolmogorov-Smirnov test
 * ({@link dev.sorrel.udf.drift.KolmogorovSmirnov}), binned divergences (PSI and
 * Jensen-Shannon, {@link dev.sorrel.udf.drift.BinnedDrift}), the Wasserstein
 * distance and the chi-square test of a 2 x k table, each equal to the SciPy or
 * NumPy computation its documentation names.
 */
package dev.sorrel.udf.drift;
