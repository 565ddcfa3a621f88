package dev.sorrel.storage;

import java.util.Arrays;

/**
 * A batch of rows held column by column in primitive arrays: the unit in which batch consumers
 * (file writers) take rows, without a boxed value per cell. Each column's values live in one
 * array chosen by its type's {@link Layout}: integral, boolean, date, time and timestamp values
 * in {@link #longs(int)} (booleans as 0 or 1, the rest as their {@link ValueType} numbers),
 * REAL and DOUBLE values in {@link #doubles(int)}, and DECIMAL, VARCHAR and VARBINARY values in
 * {@link #objects(int)} in their storage representation. A NULL has its {@link #nulls(int)}
 * entry set and an unspecified value. The layout is the one columnar table segments decode
 * blocks into, so a segment scan can fill a batch by copying arrays.
 *
 * <p>The arrays hold {@link #capacity()} rows, of which the first {@link #size()} are valid.
 * A producer fills the arrays and sets the size; a batch is reused after {@link #clear()}. Not
 * thread-safe: hand a batch between threads through a happens-before edge (a queue).
 */
public final class ColumnarBatch {
  /** Which array a column's values are in. */
  public enum Layout {
    /** {@link #longs(int)}. */
    LONG,
    /** {@link #doubles(int)}. */
    DOUBLE,
    /** {@link #objects(int)}. */
    OBJECT;

    /** The layout of a column of {@code type}. */
    public static Layout of(ValueType type) {
      return switch (type) {
        case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP -> LONG;
        case REAL, DOUBLE -> DOUBLE;
        case DECIMAL, VARCHAR, VARBINARY -> OBJECT;
      };
    }
  }

  private final ValueType[] types;
  private final int capacity;
  private final long[][] longs;
  private final double[][] doubles;
  private final Object[][] objects;
  private final boolean[][] nulls;
  private int size;

  /** Creates an empty batch of up to {@code capacity} rows of columns of the given types. */
  public ColumnarBatch(ValueType[] types, int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("batch capacity must be positive, not " + capacity);
    }
    this.types = types.clone();
    this.capacity = capacity;
    this.longs = new long[types.length][];
    this.doubles = new double[types.length][];
    this.objects = new Object[types.length][];
    this.nulls = new boolean[types.length][capacity];
    for (int c = 0; c < types.length; c++) {
      switch (Layout.of(types[c])) {
        case LONG -> longs[c] = new long[capacity];
        case DOUBLE -> doubles[c] = new double[capacity];
        case OBJECT -> objects[c] = new Object[capacity];
      }
    }
  }

  /** The number of columns. */
  public int width() {
    return types.length;
  }

  /** The type of a column's values. */
  public ValueType type(int column) {
    return types[column];
  }

  /** The most rows the batch holds. */
  public int capacity() {
    return capacity;
  }

  /** The number of valid rows. */
  public int size() {
    return size;
  }

  /** Sets the number of valid rows, once the producer has filled them. */
  public void setSize(int size) {
    if (size < 0 || size > capacity) {
      throw new IllegalArgumentException("batch size " + size + " outside 0.." + capacity);
    }
    this.size = size;
  }

  /** Empties the batch for reuse, dropping its references to values. */
  public void clear() {
    for (Object[] column : objects) {
      if (column != null) {
        Arrays.fill(column, 0, size, null);
      }
    }
    size = 0;
  }

  /** A {@link Layout#LONG} column's values; null for other columns. */
  public long[] longs(int column) {
    return longs[column];
  }

  /** A {@link Layout#DOUBLE} column's values; null for other columns. */
  public double[] doubles(int column) {
    return doubles[column];
  }

  /** A {@link Layout#OBJECT} column's values; null for other columns. */
  public Object[] objects(int column) {
    return objects[column];
  }

  /** A column's NULL flags (true: NULL). */
  public boolean[] nulls(int column) {
    return nulls[column];
  }

  /**
   * Stores one value given in its {@link ValueType} representation ({@code null} for NULL):
   * the bridge from boxed rows.
   *
   * @throws IllegalArgumentException if the value is not of its column's class
   */
  public void set(int column, int row, Object value) {
    final ValueType type = types[column];
    type.checkValue(value);
    if (value == null) {
      nulls[column][row] = true;
      return;
    }
    nulls[column][row] = false;
    switch (type) {
      case BOOLEAN -> longs[column][row] = (Boolean) value ? 1 : 0;
      case TINYINT -> longs[column][row] = (Byte) value;
      case SMALLINT -> longs[column][row] = (Short) value;
      case INTEGER, DATE, TIME -> longs[column][row] = (Integer) value;
      case BIGINT, TIMESTAMP -> longs[column][row] = (Long) value;
      case REAL -> doubles[column][row] = (Float) value;
      case DOUBLE -> doubles[column][row] = (Double) value;
      case DECIMAL, VARCHAR, VARBINARY -> objects[column][row] = value;
    }
  }

  /** A value boxed in its {@link ValueType} representation, or null: for tests and errors. */
  public Object value(int column, int row) {
    if (nulls[column][row]) {
      return null;
    }
    return switch (types[column]) {
      case BOOLEAN -> longs[column][row] != 0;
      case TINYINT -> (byte) longs[column][row];
      case SMALLINT -> (short) longs[column][row];
      case INTEGER, DATE, TIME -> (int) longs[column][row];
      case BIGINT, TIMESTAMP -> longs[column][row];
      case REAL -> (float) doubles[column][row];
      case DOUBLE -> doubles[column][row];
      case DECIMAL, VARCHAR, VARBINARY -> objects[column][row];
    };
  }
}
