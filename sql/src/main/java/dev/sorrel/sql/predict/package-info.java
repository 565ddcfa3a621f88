/**
 * Model scoring in SQL: the PREDICT family of functions, the rewrite that
 * pulls their calls out of expressions into a batching operator, and that
 * operator, which scores a batch of rows with one ONNX Runtime call.
 */
package dev.sorrel.sql.predict;
