package dev.sorrel.sql.vector;

/**
 * One column of values for the rows of a batch, indexed by row position:
 * integral, boolean (0 or 1), date, time and timestamp values in
 * {@link #longs}, floating-point values in {@link #doubles}, and others in
 * {@link #objects}, with {@link #nulls} set where a value is null. Only the
 * positions an operator was asked for are valid.
 */
final class Vec {
  /** How a vector holds its values. */
  enum Kind { LONG, DOUBLE, OBJECT }

  final Kind kind;
  long[] longs;
  double[] doubles;
  Object[] objects;
  boolean[] nulls;

  Vec(Kind kind, long[] longs, double[] doubles, Object[] objects, boolean[] nulls) {
    this.kind = kind;
    this.longs = longs;
    this.doubles = doubles;
    this.objects = objects;
    this.nulls = nulls;
  }

  /** An empty vector of a kind, to be {@linkplain #ensure sized} before use. */
  static Vec of(Kind kind) {
    return new Vec(kind, new long[0], new double[0], new Object[0], new boolean[0]);
  }

  /** Makes room for positions below {@code size}. */
  Vec ensure(int size) {
    if (nulls.length < size) {
      final int capacity = Math.max(size, 4096);
      nulls = new boolean[capacity];
      switch (kind) {
      case LONG -> longs = new long[capacity];
      case DOUBLE -> doubles = new double[capacity];
      case OBJECT -> objects = new Object[capacity];
      }
    }
    return this;
  }

  /** A value as a double (for comparisons and arithmetic that mix kinds). */
  double doubleAt(int row) {
    return kind == Kind.DOUBLE ? doubles[row] : longs[row];
  }
}
