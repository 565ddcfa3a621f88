/**
 * The model registry: ONNX models stored in the database with versions and
 * aliases, their declared signatures, and cached ONNX Runtime sessions that
 * score batches of rows.
 */
package dev.sorrel.engine.model;
