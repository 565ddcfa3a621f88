package dev.sorrel.sql.vector;

import dev.sorrel.sql.vector.Vec.Kind;

/**
 * The operators of {@link VectorExpr}: comparisons, arithmetic, casts and
 * boolean logic, each a loop over the selected positions of its inputs.
 */
final class VectorOps {
  private VectorOps() {
  }

  /** A comparison operator. */
  enum Comparison {
    EQ, NE, LT, LE, GT, GE;

    boolean test(int compared) {
      return switch (this) {
        case EQ -> compared == 0;
        case NE -> compared != 0;
        case LT -> compared < 0;
        case LE -> compared <= 0;
        case GT -> compared > 0;
        case GE -> compared >= 0;
      };
    }

    /** As Java compares primitive doubles: NaN is unequal to everything, -0.0 equals 0.0. */
    boolean test(double a, double b) {
      return switch (this) {
        case EQ -> a == b;
        case NE -> a != b;
        case LT -> a < b;
        case LE -> a <= b;
        case GT -> a > b;
        case GE -> a >= b;
      };
    }

    boolean test(long a, long b) {
      return switch (this) {
        case EQ -> a == b;
        case NE -> a != b;
        case LT -> a < b;
        case LE -> a <= b;
        case GT -> a > b;
        case GE -> a >= b;
      };
    }

    /** The operator with its operands swapped ({@code c < x} is {@code x > c}). */
    Comparison flip() {
      return switch (this) {
        case EQ, NE -> this;
        case LT -> GT;
        case LE -> GE;
        case GT -> LT;
        case GE -> LE;
      };
    }
  }

  /** {@code left op right}: null if either side is. */
  static final class Compare extends VectorExpr {
    private final Comparison op;
    private final VectorExpr left;
    private final VectorExpr right;
    private final Vec out = Vec.of(Kind.LONG);

    Compare(Comparison op, VectorExpr left, VectorExpr right) {
      super(Kind.LONG);
      // A constant goes on the right, where it is read once.
      final boolean swap = left.isConstant() && !right.isConstant();
      this.op = swap ? op.flip() : op;
      this.left = swap ? right : left;
      this.right = swap ? left : right;
    }

    @Override Vec eval(Vec[] input, int[] selection, int count) {
      out.ensure(selection.length);
      final Vec a = left.eval(input, selection, count);
      final long[] result = out.longs;
      final boolean[] nulls = out.nulls;
      if (right instanceof VectorExpr.Constant constant) {
        if (constant.value == null) {
          for (int k = 0; k < count; k++) {
            nulls[selection[k]] = true;
          }
          return out;
        }
        final boolean[] an = a.nulls;
        if (a.kind == Kind.LONG && constant.kind == Kind.LONG) {
          compareTo(op, a.longs, an, constant.longValue(), selection, count);
        } else if (a.kind == Kind.DOUBLE && constant.kind != Kind.OBJECT) {
          compareTo(op, a.doubles, an, constant.doubleValue(), selection, count);
        } else {
          compareRows(a, constant.eval(input, selection, count), selection, count);
        }
        return out;
      }
      compareRows(a, right.eval(input, selection, count), selection, count);
      return out;
    }

    /** Column against constant, one loop per operator (the hot loop of a filter). */
    private void compareTo(Comparison op, long[] values, boolean[] valueNulls, long c,
        int[] selection, int count) {
      final long[] result = out.longs;
      final boolean[] nulls = out.nulls;
      for (int k = 0; k < count; k++) {
        nulls[selection[k]] = valueNulls[selection[k]];
      }
      switch (op) {
      case EQ -> {
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          result[i] = values[i] == c ? 1 : 0;
        }
      }
      case NE -> {
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          result[i] = values[i] != c ? 1 : 0;
        }
      }
      case LT -> {
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          result[i] = values[i] < c ? 1 : 0;
        }
      }
      case LE -> {
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          result[i] = values[i] <= c ? 1 : 0;
        }
      }
      case GT -> {
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          result[i] = values[i] > c ? 1 : 0;
        }
      }
      case GE -> {
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          result[i] = values[i] >= c ? 1 : 0;
        }
      }
      }
    }

    private void compareTo(Comparison op, double[] values, boolean[] valueNulls, double c,
        int[] selection, int count) {
      final long[] result = out.longs;
      final boolean[] nulls = out.nulls;
      for (int k = 0; k < count; k++) {
        nulls[selection[k]] = valueNulls[selection[k]];
      }
      switch (op) {
      case EQ -> {
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          result[i] = values[i] == c ? 1 : 0;
        }
      }
      case NE -> {
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          result[i] = values[i] != c ? 1 : 0;
        }
      }
      case LT -> {
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          result[i] = values[i] < c ? 1 : 0;
        }
      }
      case LE -> {
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          result[i] = values[i] <= c ? 1 : 0;
        }
      }
      case GT -> {
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          result[i] = values[i] > c ? 1 : 0;
        }
      }
      case GE -> {
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          result[i] = values[i] >= c ? 1 : 0;
        }
      }
      }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void compareRows(Vec a, Vec b, int[] selection, int count) {
      final long[] result = out.longs;
      final boolean[] nulls = out.nulls;
      for (int k = 0; k < count; k++) {
        final int i = selection[k];
        final boolean isNull = a.nulls[i] || b.nulls[i];
        nulls[i] = isNull;
        if (isNull) {
          continue;
        }
        final boolean value;
        if (a.kind == Kind.LONG && b.kind == Kind.LONG) {
          value = op.test(a.longs[i], b.longs[i]);
        } else if (a.kind != Kind.OBJECT && b.kind != Kind.OBJECT) {
          value = op.test(a.doubleAt(i), b.doubleAt(i));
        } else {
          value = op.test(((Comparable) a.objects[i]).compareTo(b.objects[i]));
        }
        result[i] = value ? 1 : 0;
      }
    }
  }

  /** An arithmetic operator. */
  enum Arithmetic { PLUS, MINUS, TIMES, DIVIDE }

  /**
   * {@code left op right} in the result's type: 32- or 64-bit integers that
   * fail on overflow as the row path does ({@link Math#addExact} and its
   * kin), or doubles.
   */
  static final class Arithmetic2 extends VectorExpr {
    private final Arithmetic op;
    private final VectorExpr left;
    private final VectorExpr right;
    /** For an integral result: whether it is a 32-bit INTEGER (else BIGINT). */
    private final boolean int32;
    private final Vec out;

    Arithmetic2(Arithmetic op, VectorExpr left, VectorExpr right, Kind kind, boolean int32) {
      super(kind);
      this.op = op;
      this.left = left;
      this.right = right;
      this.int32 = int32;
      this.out = Vec.of(kind);
    }

    @Override Vec eval(Vec[] input, int[] selection, int count) {
      out.ensure(selection.length);
      final Vec a = left.eval(input, selection, count);
      final Vec b = right.eval(input, selection, count);
      final boolean[] nulls = out.nulls;
      if (kind == Kind.DOUBLE) {
        final double[] result = out.doubles;
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          nulls[i] = a.nulls[i] || b.nulls[i];
          if (!nulls[i]) {
            final double x = a.doubleAt(i);
            final double y = b.doubleAt(i);
            result[i] = switch (op) {
              case PLUS -> x + y;
              case MINUS -> x - y;
              case TIMES -> x * y;
              case DIVIDE -> x / y;
            };
          }
        }
        return out;
      }
      final long[] result = out.longs;
      for (int k = 0; k < count; k++) {
        final int i = selection[k];
        nulls[i] = a.nulls[i] || b.nulls[i];
        if (!nulls[i]) {
          result[i] = int32 ? apply32((int) a.longs[i], (int) b.longs[i])
              : apply64(a.longs[i], b.longs[i]);
        }
      }
      return out;
    }

    private long apply32(int x, int y) {
      return switch (op) {
        case PLUS -> Math.addExact(x, y);
        case MINUS -> Math.subtractExact(x, y);
        case TIMES -> Math.multiplyExact(x, y);
        case DIVIDE -> throw new IllegalStateException("integer division is not vectorized");
      };
    }

    private long apply64(long x, long y) {
      return switch (op) {
        case PLUS -> Math.addExact(x, y);
        case MINUS -> Math.subtractExact(x, y);
        case TIMES -> Math.multiplyExact(x, y);
        case DIVIDE -> throw new IllegalStateException("integer division is not vectorized");
      };
    }
  }

  /** An integral value widened to a double. */
  static final class ToDouble extends VectorExpr {
    private final VectorExpr operand;
    private final Vec out = Vec.of(Kind.DOUBLE);

    ToDouble(VectorExpr operand) {
      super(Kind.DOUBLE);
      this.operand = operand;
    }

    @Override Vec eval(Vec[] input, int[] selection, int count) {
      out.ensure(selection.length);
      final Vec a = operand.eval(input, selection, count);
      for (int k = 0; k < count; k++) {
        final int i = selection[k];
        out.nulls[i] = a.nulls[i];
        out.doubles[i] = a.longs[i];
      }
      return out;
    }
  }

  /** {@code IS [NOT] NULL}, {@code IS [NOT] TRUE} and {@code IS [NOT] FALSE}: never null. */
  static final class Is extends VectorExpr {
    /** What is tested. */
    enum Test { NULL, NOT_NULL, TRUE, NOT_TRUE, FALSE, NOT_FALSE }

    private final Test test;
    private final VectorExpr operand;
    private final Vec out = Vec.of(Kind.LONG);

    Is(Test test, VectorExpr operand) {
      super(Kind.LONG);
      this.test = test;
      this.operand = operand;
    }

    @Override Vec eval(Vec[] input, int[] selection, int count) {
      out.ensure(selection.length);
      final Vec a = operand.eval(input, selection, count);
      for (int k = 0; k < count; k++) {
        final int i = selection[k];
        final boolean isNull = a.nulls[i];
        final boolean value = switch (test) {
          case NULL -> isNull;
          case NOT_NULL -> !isNull;
          case TRUE -> !isNull && a.longs[i] != 0;
          case NOT_TRUE -> isNull || a.longs[i] == 0;
          case FALSE -> !isNull && a.longs[i] == 0;
          case NOT_FALSE -> isNull || a.longs[i] != 0;
        };
        out.nulls[i] = false;
        out.longs[i] = value ? 1 : 0;
      }
      return out;
    }
  }

  /** {@code NOT x}: null stays null. */
  static final class Not extends VectorExpr {
    private final VectorExpr operand;
    private final Vec out = Vec.of(Kind.LONG);

    Not(VectorExpr operand) {
      super(Kind.LONG);
      this.operand = operand;
    }

    @Override Vec eval(Vec[] input, int[] selection, int count) {
      out.ensure(selection.length);
      final Vec a = operand.eval(input, selection, count);
      for (int k = 0; k < count; k++) {
        final int i = selection[k];
        out.nulls[i] = a.nulls[i];
        out.longs[i] = a.longs[i] == 0 ? 1 : 0;
      }
      return out;
    }
  }

  /**
   * {@code AND} (or, with {@code or} set, {@code OR}) of any number of
   * operands, in three-valued logic. Every operand is evaluated on every
   * selected row, as the row path's generated code evaluates them all before
   * combining them, so that an operand fails (an overflow, say) exactly where
   * the row path's would.
   */
  static final class Junction extends VectorExpr {
    private final boolean or;
    private final VectorExpr[] operands;
    private final Vec out = Vec.of(Kind.LONG);

    Junction(boolean or, VectorExpr[] operands) {
      super(Kind.LONG);
      this.or = or;
      this.operands = operands;
    }

    @Override Vec eval(Vec[] input, int[] selection, int count) {
      out.ensure(selection.length);
      final long decided = or ? 1 : 0;
      final long[] values = out.longs;
      final boolean[] nulls = out.nulls;
      for (int k = 0; k < count; k++) {
        final int i = selection[k];
        nulls[i] = false;
        values[i] = 1 - decided;
      }
      for (VectorExpr operand : operands) {
        final Vec v = operand.eval(input, selection, count);
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          if (values[i] == decided && !nulls[i]) {
            continue; // FALSE for AND, TRUE for OR, whatever comes after
          }
          if (v.nulls[i]) {
            nulls[i] = true;
          } else if (v.longs[i] == decided) {
            nulls[i] = false;
            values[i] = decided;
          }
        }
      }
      return out;
    }
  }
}
