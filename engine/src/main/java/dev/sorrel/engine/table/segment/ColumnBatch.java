package dev.sorrel.engine.table.segment;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.sorrel.storage.MappedFile;
import dev.sorrel.storage.ValueType;

/**
 * The values of one column in one block of a {@link TableSegment}, decoded
 * into primitive arrays: what a batch operator consumes without boxing.
 * Integral, date, time, timestamp and boolean values are in {@link #longs()}
 * (booleans as 0 or 1), REAL and DOUBLE values in {@link #doubles()}, and
 * DECIMAL, VARCHAR and VARBINARY values in {@link #objects()} in their
 * storage representation. A null row has {@link #isNull(int)} set and an
 * unspecified value. Reused from block to block by one reader.
 */
public final class ColumnBatch {
  private final ValueType type;
  private long[] longs = new long[0];
  private double[] doubles = new double[0];
  private Object[] objects = new Object[0];
  private boolean[] nulls = new boolean[0];
  private int size;
  /** The VARCHAR values decoded recently, by a hash of their bytes (see setBytes). */
  private static final int RECENT = 256;
  private final byte[][] recentBytes = new byte[RECENT][];
  private final String[] recentStrings = new String[RECENT];
  private byte[] scratch = new byte[64];

  ColumnBatch(ValueType type) {
    this.type = type;
  }

  public ValueType type() {
    return type;
  }

  /** The number of rows in the batch. */
  public int size() {
    return size;
  }

  /** The integral values (see the class comment); valid for the first {@link #size()}. */
  public long[] longs() {
    return longs;
  }

  /** The floating-point values. */
  public double[] doubles() {
    return doubles;
  }

  /** The variable-width values. */
  public Object[] objects() {
    return objects;
  }

  public boolean isNull(int row) {
    return nulls[row];
  }

  /** The null flags, one per row (true: null); valid for the first {@link #size()}. */
  public boolean[] nulls() {
    return nulls;
  }

  /** Makes room for {@code rows} values and sets the size. */
  void reset(int rows) {
    size = rows;
    if (nulls.length < rows) {
      nulls = new boolean[rows];
      switch (TableSegment.layout(type)) {
      case LONG -> longs = new long[rows];
      case DOUBLE -> doubles = new double[rows];
      case BYTES -> objects = new Object[rows];
      }
    }
  }

  void setNull(int row, boolean isNull) {
    nulls[row] = isNull;
  }

  /** Stores a raw 8-byte value read from the segment. */
  void setRaw(int row, long raw) {
    switch (TableSegment.layout(type)) {
    case LONG -> longs[row] = raw;
    case DOUBLE -> doubles[row] = type == ValueType.REAL
        ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
    case BYTES -> throw new IllegalStateException(type + " is not fixed-width");
    }
  }

  /**
   * Stores a value as storage represents it ({@link ValueType}), or null: a
   * row read from RocksDB rather than from the segment.
   */
  void set(int row, Object value) {
    nulls[row] = value == null;
    if (value == null) {
      return;
    }
    switch (TableSegment.layout(type)) {
    case LONG -> longs[row] = value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).longValue();
    case DOUBLE -> doubles[row] = ((Number) value).doubleValue();
    case BYTES -> objects[row] = value;
    }
  }

  /**
   * Stores a variable-width value read from the segment at {@code position}.
   * A VARCHAR equal to the one decoded just before it in this column reuses
   * its String: repeated values (the categories a query groups by) then cost
   * a byte comparison instead of a decoding, and hash with a cached code.
   */
  void setBytes(int row, long position, int length, MappedFile file) {
    if (type != ValueType.VARCHAR) {
      setBytes(row, file.bytes(position, length));
      return;
    }
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    file.read(position, scratch, length);
    int hash = length;
    for (int i = 0; i < length; i++) {
      hash = 31 * hash + scratch[i];
    }
    final int slot = (hash ^ (hash >>> 16)) & (RECENT - 1);
    final byte[] known = recentBytes[slot];
    if (known != null && Arrays.equals(known, 0, known.length, scratch, 0, length)) {
      objects[row] = recentStrings[slot];
      return;
    }
    final String value = new String(scratch, 0, length, StandardCharsets.UTF_8);
    if (length <= 64) {
      recentBytes[slot] = Arrays.copyOf(scratch, length);
      recentStrings[slot] = value;
    }
    objects[row] = value;
  }

  /** Stores a variable-width value read from the segment. */
  void setBytes(int row, byte[] bytes) {
    objects[row] = switch (type) {
      case VARCHAR -> new String(bytes, StandardCharsets.UTF_8);
      case DECIMAL -> new BigDecimal(new String(bytes, StandardCharsets.US_ASCII));
      case VARBINARY -> bytes;
      case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DATE, TIME, TIMESTAMP ->
          throw new IllegalStateException(type + " is fixed-width");
    };
  }

  /** The value of a row boxed as storage represents it ({@link ValueType}), or null. */
  public Object value(int row) {
    if (nulls[row]) {
      return null;
    }
    return switch (type) {
      case BOOLEAN -> longs[row] != 0;
      case TINYINT -> (byte) longs[row];
      case SMALLINT -> (short) longs[row];
      case INTEGER, DATE, TIME -> (int) longs[row];
      case BIGINT, TIMESTAMP -> longs[row];
      case REAL -> (float) doubles[row];
      case DOUBLE -> doubles[row];
      case DECIMAL, VARCHAR, VARBINARY -> objects[row];
    };
  }
}
