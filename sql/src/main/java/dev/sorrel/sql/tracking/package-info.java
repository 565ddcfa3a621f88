/**
 * The statements of tracked training runs ({@code START RUN}, {@code LOG
 * PARAM}, {@code LOG METRIC}, {@code LOG INPUT}, {@code SET TAG}, {@code END
 * RUN}), translated to calls of the engine's tracking API, and each
 * connection's current run.
 */
package dev.sorrel.sql.tracking;
