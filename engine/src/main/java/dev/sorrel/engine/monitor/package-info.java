/**
 * Drift and performance monitors: their definitions
 * ({@link dev.sorrel.engine.monitor.MonitorDef}), the reference baselines stored with them
 * ({@link dev.sorrel.engine.monitor.Baseline}), and the checks' results and alerts, kept in the
 * database and changed in transactions ({@link dev.sorrel.engine.monitor.Monitors}). The
 * statistics of a check are computed above the engine, by the {@code udf} module's drift
 * kernels (or, for a performance monitor, by the metric aggregates), from a definition and its
 * baseline.
 */
package dev.sorrel.engine.monitor;
