package dev.sorrel.engine.monitor;

/**
 * The outcome of one column of a check, as a row of {@code SYS.MONITOR_RESULTS}.
 *
 * @param column the column's name
 * @param method the test run ({@code 'ks'}, ...) or the metric computed ({@code 'roc_auc'},
 *     ...), as {@code METHOD} shows it
 * @param score the statistic (D, PSI, the distance, chi-square) or the metric's value, or null
 *     for an empty window
 * @param pValue the p-value, or null for a distance, a metric or an empty window
 * @param threshold the threshold compared with, after any correction; for a metric, the bound
 *     its score crossed if it degraded (baseline minus tolerance, or plus for a loss)
 * @param drifted whether the column drifted or degraded (never for an empty window)
 * @param referenceCount the reference's non-NULL values, or null for a metric (whose baseline
 *     is one value the reference query computed)
 * @param currentCount the current window's non-NULL values (for a metric, the rows where
 *     neither argument is NULL, which the metric used)
 * @param currentNulls the current window's NULLs (rows left out of the test)
 * @param baselineValue the metric's stored value on the reference, or null for a drift test
 */
public record MonitorResult(String column, String method, Double score, Double pValue,
    double threshold, boolean drifted, Long referenceCount, long currentCount,
    long currentNulls, Double baselineValue) {
}
