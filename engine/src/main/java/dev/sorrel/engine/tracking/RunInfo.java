package dev.sorrel.engine.tracking;

/**
 * A run as {@code TRACKING.RUNS} holds it.
 *
 * @param runId 32 lower-case hex digits
 * @param project the name that groups runs
 * @param runName a name given at the start, or null
 * @param status where the run is in its life cycle
 * @param startTime when it started, wall-clock milliseconds as {@code TIMESTAMP} values are
 * @param endTime when it ended (same clock), or null while it runs
 */
public record RunInfo(String runId, String project, String runName, RunStatus status,
    long startTime, Long endTime) {
}
