/**
 * Sorrel's own aggregate functions, built on one shape
 * ({@link dev.sorrel.sql.aggregate.StateAggregate}): a Java state object
 * folds each row's arguments (values, a BOOLEAN sample flag, optional
 * settings) and computes the result at the end of the group. Their
 * arguments are checked by kind when a statement is validated
 * ({@link dev.sorrel.sql.aggregate.AggregateSignatures}), so a wrong type is
 * an error with a position instead of a failed cast at run time.
 */
package dev.sorrel.sql.aggregate;
