/**
 * Conversion between storage rows and Apache Arrow record batches, the unit that vectorized
 * consumers of a scan see.
 *
 * <p>{@link dev.sorrel.storage.arrow.ArrowRowWriter} fills a {@link
 * org.apache.arrow.vector.VectorSchemaRoot} row by row from values in the {@link
 * dev.sorrel.storage.ValueType} Java representation; {@link dev.sorrel.storage.arrow.ArrowRowReader}
 * reads a batch back in the same representation. Each {@code ValueType} maps to exactly one Arrow
 * vector type, so a batch's schema determines the storage types of its columns.
 */
package dev.sorrel.storage.arrow;
