package dev.sorrel.sql.vector;

import dev.sorrel.sql.vector.Vec.Kind;

/**
 * An expression evaluated over the selected rows of a batch at once, with
 * SQL's null semantics and three-valued logic (a boolean is a
 * {@link Kind#LONG} of 0 or 1, or null). Made by {@link VectorCompiler} for
 * one execution: a node keeps its output vector from batch to batch, so it
 * is not to be shared between threads.
 */
abstract class VectorExpr {
  final Kind kind;

  VectorExpr(Kind kind) {
    this.kind = kind;
  }

  /**
   * Evaluates the expression at positions {@code selection[0..count)} of
   * the batch whose columns are {@code input}; other positions of the
   * result are unspecified.
   */
  abstract Vec eval(Vec[] input, int[] selection, int count);

  /** Whether the value is the same for every row (a literal or a parameter). */
  boolean isConstant() {
    return false;
  }

  /** A column of the batch. */
  static final class Column extends VectorExpr {
    final int index;

    Column(int index, Kind kind) {
      super(kind);
      this.index = index;
    }

    @Override Vec eval(Vec[] input, int[] selection, int count) {
      return input[index];
    }
  }

  /** A literal or a parameter's value, converted to the vector representation. */
  static final class Constant extends VectorExpr {
    /** A Long, Double or other object; null for SQL NULL. */
    final Object value;
    private final Vec out;
    private int filled;

    Constant(Kind kind, Object value) {
      super(kind);
      this.value = value;
      this.out = Vec.of(kind);
    }

    @Override boolean isConstant() {
      return true;
    }

    long longValue() {
      return ((Number) value).longValue();
    }

    double doubleValue() {
      return ((Number) value).doubleValue();
    }

    @Override Vec eval(Vec[] input, int[] selection, int count) {
      // Filled once for every position a batch can have.
      final int size = selection.length;
      if (filled < size) {
        out.ensure(size);
        java.util.Arrays.fill(out.nulls, value == null);
        if (value != null) {
          switch (kind) {
          case LONG -> java.util.Arrays.fill(out.longs, longValue());
          case DOUBLE -> java.util.Arrays.fill(out.doubles, doubleValue());
          case OBJECT -> java.util.Arrays.fill(out.objects, value);
          }
        }
        filled = out.nulls.length;
      }
      return out;
    }
  }
}
