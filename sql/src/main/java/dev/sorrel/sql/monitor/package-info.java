/**
 * The monitor statements: {@code CREATE MONITOR} (the reference query run once and summarized),
 * {@code CHECK MONITOR} (a current window read and tested against the stored baselines),
 * {@code REFRESH MONITOR}, {@code ALTER MONITOR} and {@code DROP MONITOR}, translated to the
 * engine's monitors and the {@code udf} module's checks.
 */
package dev.sorrel.sql.monitor;
