/**
 * Identity columns in SQL statements: which values a statement may give an
 * identity column ({@code GENERATED ALWAYS}, {@code OVERRIDING ... VALUE}),
 * and the rows inserted that JDBC's {@code getGeneratedKeys} reports.
 */
package dev.sorrel.sql.identity;
