package dev.sorrel.engine.monitor;

/**
 * What a monitor watches. Both kinds are checked by {@code CHECK MONITOR}, record their rows in
 * {@code SYS.MONITOR_RESULTS} and raise alerts in {@code SYS.ALERTS}; they differ in what a
 * column is and what its baseline holds.
 */
public enum MonitorKind {
  /** Each column's distribution in a current window against a stored reference sample. */
  DRIFT,
  /**
   * Each column is a model-quality metric (an aggregate such as {@code ROC_AUC}) computed over
   * the current window and compared with a stored value of it and a tolerance.
   */
  PERFORMANCE
}
