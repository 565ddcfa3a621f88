/**
 * Tracked training runs, MLflow's model as tables: runs grouped by project,
 * with params, metrics, tags and the data they used, stored in the
 * system-owned {@code TRACKING} tables and written through the engine's
 * transactions.
 */
package dev.sorrel.engine.tracking;
