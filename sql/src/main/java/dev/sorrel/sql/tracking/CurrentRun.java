package dev.sorrel.sql.tracking;

/**
 * The run a connection's tracking statements go to when they name none: the
 * one its last {@code START RUN} started, until an {@code END RUN} ends it.
 * As MLflow's active run, it belongs to one connection; other connections
 * name the run with {@code FOR RUN 'id'}.
 */
public final class CurrentRun {
  private volatile String runId;

  /** The current run's id, or null. */
  public String get() {
    return runId;
  }

  void set(String runId) {
    this.runId = runId;
  }

  /** Forgets the current run if it is {@code runId}. */
  void ended(String runId) {
    if (runId.equals(this.runId)) {
      this.runId = null;
    }
  }
}
