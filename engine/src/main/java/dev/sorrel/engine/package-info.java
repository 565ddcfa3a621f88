/**
 * The database itself, without SQL: the {@link dev.sorrel.engine.Database}
 * object shared by every connection to a directory, its persisted catalog,
 * tables with typed rows and primary keys, and write transactions. Usable as
 * a plain Java API; the SQL layer is one client of it.
 */
package dev.sorrel.engine;
