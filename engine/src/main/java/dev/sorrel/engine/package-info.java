/**
 * The database itself, without SQL: the {@link dev.sorrel.engine.Database}
 * object shared by every connection to a directory, and the write
 * {@link dev.sorrel.engine.Transaction}s through which everything changes.
 * Its parts live in subpackages: {@code catalog} (persisted definitions),
 * {@code table} (typed rows under primary keys), {@code feature} (feature
 * views, point-in-time joins and online reads), {@code feature.segment}
 * (columnar history segments), {@code model} (the ONNX model registry). It
 * is a plain Java API; the SQL layer is one client of it.
 */
package dev.sorrel.engine;
