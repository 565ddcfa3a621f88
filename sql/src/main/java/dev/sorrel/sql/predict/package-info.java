/**
 * Model scoring in SQL: the PREDICT family of functions, planned against the
 * registered model's signature and run a batch of rows at a time by the
 * batch operator of {@link dev.sorrel.sql.batch}.
 */
package dev.sorrel.sql.predict;
