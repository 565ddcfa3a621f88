package dev.sorrel.engine.tracking;

/**
 * The life cycle of a run, as MLflow names it: a run is {@code RUNNING} from
 * its start until it ends as {@code FINISHED}, {@code FAILED} or
 * {@code KILLED}; only a running run takes params, metrics and inputs.
 */
public enum RunStatus {
  RUNNING,
  FINISHED,
  FAILED,
  KILLED;

  /** Whether a run in this status has ended. */
  public boolean isEnded() {
    return this != RUNNING;
  }
}
