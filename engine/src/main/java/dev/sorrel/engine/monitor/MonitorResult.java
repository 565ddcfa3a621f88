package dev.sorrel.engine.monitor;

/**
 * The outcome of one column of a check, as a row of {@code SYS.MONITOR_RESULTS}.
 *
 * @param column the column's name
 * @param method the test run
 * @param score the statistic (D, PSI, the distance, chi-square), or null for an empty window
 * @param pValue the p-value, or null for a distance or an empty window
 * @param threshold the threshold compared with, after any correction
 * @param drifted whether the column drifted (never for an empty window)
 * @param referenceCount the reference's non-NULL values
 * @param currentCount the current window's non-NULL values
 * @param currentNulls the current window's NULLs (left out of the test)
 */
public record MonitorResult(String column, MonitorMethod method, Double score, Double pValue,
    double threshold, boolean drifted, long referenceCount, long currentCount,
    long currentNulls) {
}
