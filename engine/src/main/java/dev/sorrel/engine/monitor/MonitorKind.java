package dev.sorrel.engine.monitor;

/**
 * What a monitor watches. Only distribution drift exists now; a performance monitor (a metric
 * of predictions joined with later labels, compared with a stored value and a tolerance) will
 * be a second kind with its own baseline, checked and alerted through the same tables.
 */
public enum MonitorKind {
  /** Each column's distribution in a current window against a stored reference sample. */
  DRIFT
}
