/**
 * The JDBC driver for {@code jdbc:sorrel:} URLs: connections over a shared
 * engine database, metadata as BI tools and JDBC browsers read it, and the
 * one place where errors become {@link java.sql.SQLException}s with a
 * SQLState.
 */
package dev.sorrel.jdbc;
