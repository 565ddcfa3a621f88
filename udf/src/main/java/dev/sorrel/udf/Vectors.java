package dev.sorrel.udf;

import org.apache.arrow.vector.FieldVector;

/** Helpers that kernels share for the vectors they are handed. */
public final class Vectors {
  private Vectors() {
  }

  /**
   * Empties a result vector for a batch of {@code rows} rows: every row
   * null, room for {@code rows} fixed-width values (variable-width data grows
   * as it is written). Buffers are kept from batch to batch when large enough.
   */
  public static void clear(FieldVector vector, int rows) {
    if (vector.getValueCapacity() < rows) {
      vector.clear();
      vector.setInitialCapacity(rows);
      vector.allocateNew();
    } else {
      vector.reset();
    }
  }
}
