/**
 * Schemas and tables as Calcite sees them: {@code PUBLIC} holds the engine's
 * tables and views, {@code SYS} the system tables describing them.
 */
package dev.sorrel.sql.schema;
