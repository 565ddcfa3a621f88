package dev.sorrel.storage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Compact encoding of the non-key part of a row (the RocksDB value) for a fixed schema. Unlike
 * {@link KeyEncoder} it does not preserve order; it is optimised for size and for decoding speed,
 * since it sits on the scan hot path.
 *
 * <h2>Format</h2>
 *
 * <ol>
 *   <li>the number of columns written, as an unsigned varint;
 *   <li>a null bitmap of {@code ceil(count / 8)} bytes, bit {@code i % 8} of byte {@code i / 8} set
 *       when column {@code i} is NULL;
 *   <li>each non-null value in column order: BOOLEAN as one byte, the other fixed-width types
 *       little-endian in their natural width (REAL and DOUBLE as their raw IEEE bits, so NaN
 *       payloads and {@code -0.0} survive); VARCHAR (UTF-8) and VARBINARY as a varint length and the
 *       bytes; DECIMAL as a zig-zag varint scale, a varint length and the unscaled value's
 *       two's-complement big-endian bytes ({@link BigInteger#toByteArray()}).
 * </ol>
 *
 * <p>Recording the column count makes schema evolution by appending columns free: a row written
 * before columns were appended decodes with NULL in the new trailing columns. A row with more
 * columns than the schema is rejected as corrupt.
 *
 * <p>Decoding validates every length against the input, so corrupt bytes raise {@link
 * StorageException} rather than an index or out-of-memory error. A codec is immutable apart from
 * a benign projection cache and may be shared between threads.
 */
public final class RowCodec {
  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final ValueType[] types;

  /**
   * The last projection passed to {@link #decode(byte[], int[], Object[])}. Scans pass the same
   * column list for every row, so caching its column-to-slot map makes projected decoding a single
   * pass without per-row allocation. Races merely recompute it: the object is immutable.
   */
  private volatile Projection lastProjection;

  /** Creates a codec for rows of the given column types. */
  public RowCodec(ValueType[] types) {
    this.types = types.clone();
    for (int i = 0; i < this.types.length; i++) {
      if (this.types[i] == null) {
        throw new IllegalArgumentException("column " + i + " has no type");
      }
    }
  }

  /**
   * Encodes one row.
   *
   * @param row one value per column, {@code null} for NULL, each of its type's Java class
   * @throws IllegalArgumentException if the row has the wrong length or a value the wrong class
   */
  public byte[] encode(Object[] row) {
    int n = types.length;
    if (row.length != n) {
      throw new IllegalArgumentException("row has " + row.length + " values, schema has " + n);
    }
    int bitmapBytes = (n + 7) >>> 3;
    long size = varintSize(n) + bitmapBytes;
    for (int i = 0; i < n; i++) {
      Object v = types[i].checkValue(row[i]);
      if (v != null) {
        size += valueSize(types[i], v);
      }
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("row too large: " + size + " bytes");
    }
    byte[] out = new byte[(int) size];
    int pos = putVarint(out, 0, n);
    int bitmap = pos;
    pos += bitmapBytes;
    for (int i = 0; i < n; i++) {
      Object v = row[i];
      if (v == null) {
        out[bitmap + (i >>> 3)] |= (byte) (1 << (i & 7));
      } else {
        pos = putValue(out, pos, types[i], v);
      }
    }
    return out;
  }

  /**
   * Decodes every column of a row.
   *
   * @return a new array with one value per schema column
   * @throws StorageException if {@code bytes} is not a valid encoding for this schema
   */
  public Object[] decode(byte[] bytes) {
    Object[] out = new Object[types.length];
    Reader r = new Reader(bytes);
    int count = readHeader(r);
    int bitmap = r.pos;
    r.pos += (count + 7) >>> 3;
    for (int i = 0; i < count; i++) {
      if (!isNull(bytes, bitmap, i)) {
        out[i] = r.read(types[i]);
      }
    }
    if (r.pos != bytes.length) {
      throw new StorageException(
          "corrupt row: " + (bytes.length - r.pos) + " trailing bytes after " + count + " columns");
    }
    return out;
  }

  /**
   * Decodes only some columns: {@code out[i]} receives the value of column {@code columns[i]}.
   * Columns may be listed in any order (and repeated); values of unlisted columns are skipped
   * without being materialised, and decoding stops after the last listed column.
   *
   * @throws IllegalArgumentException if a column index is out of range or {@code out} is too short
   * @throws StorageException if {@code bytes} is not a valid encoding for this schema
   */
  public void decode(byte[] bytes, int[] columns, Object[] out) {
    decode(bytes, 0, bytes.length, columns, out, 0);
  }

  /**
   * {@link #decode(byte[], int[], Object[])} of the encoded row in
   * {@code bytes[from, to)}, into {@code out[offset, offset + columns.length)}:
   * a row can be decoded from a reused buffer straight into a wider output row.
   *
   * @throws IllegalArgumentException if a column index is out of range or {@code out} is too short
   * @throws StorageException if the bytes are not a valid encoding for this schema
   */
  public void decode(byte[] bytes, int from, int to, int[] columns, Object[] out, int offset) {
    if (out.length - offset < columns.length) {
      throw new IllegalArgumentException(
          "output has room for " + (out.length - offset) + " values, " + columns.length
              + " requested");
    }
    Projection p = projection(columns);
    Reader r = new Reader(bytes, from, to);
    int count = readHeader(r);
    int bitmap = r.pos;
    r.pos += (count + 7) >>> 3;
    int[] slotOf = p.slotOf;
    int last = p.maxColumn;
    for (int c = 0; c <= last; c++) {
      int slot = slotOf[c];
      if (c >= count) {
        // Column appended to the schema after this row was written.
        if (slot >= 0) {
          out[offset + slot] = null;
        }
      } else if (isNull(bytes, bitmap, c)) {
        if (slot >= 0) {
          out[offset + slot] = null;
        }
      } else if (slot >= 0) {
        out[offset + slot] = r.read(types[c]);
      } else {
        r.skip(types[c]);
      }
    }
    int[] dupSlots = p.duplicateSlots;
    for (int i = 0; i < dupSlots.length; i += 2) {
      out[offset + dupSlots[i]] = out[offset + dupSlots[i + 1]];
    }
  }

  private int readHeader(Reader r) {
    int count = r.readVarint();
    if (count > types.length) {
      throw new StorageException(
          "corrupt row: it has " + count + " columns but the schema has " + types.length);
    }
    r.require((count + 7) >>> 3);
    return count;
  }

  private static boolean isNull(byte[] bytes, int bitmap, int column) {
    return (bytes[bitmap + (column >>> 3)] & (1 << (column & 7))) != 0;
  }

  /**
   * The compiled projection for a column list. Scans pass the same array for
   * every row, so the identity check answers almost every call; callers must
   * not change an array's contents after passing it.
   */
  private Projection projection(int[] columns) {
    Projection p = lastProjection;
    if (p != null && (p.source == columns || Arrays.equals(p.columns, columns))) {
      return p;
    }
    p = new Projection(columns, types.length);
    lastProjection = p;
    return p;
  }

  /** A column list compiled for one-pass decoding. */
  private static final class Projection {
    /** The array the caller passed, for the identity fast path. */
    final int[] source;
    final int[] columns;
    final int maxColumn;
    /** For each column up to {@link #maxColumn}, the output slot it goes to, or -1. */
    final int[] slotOf;
    /** Pairs (slot, source slot) for columns requested more than once. */
    final int[] duplicateSlots;

    Projection(int[] columns, int columnCount) {
      this.source = columns;
      this.columns = columns.clone();
      int max = -1;
      for (int c : this.columns) {
        if (c < 0 || c >= columnCount) {
          throw new IllegalArgumentException(
              "column " + c + " out of range for a schema of " + columnCount + " columns");
        }
        max = Math.max(max, c);
      }
      maxColumn = max;
      slotOf = new int[max + 1];
      Arrays.fill(slotOf, -1);
      int[] dups = new int[0];
      for (int i = 0; i < this.columns.length; i++) {
        int c = this.columns[i];
        if (slotOf[c] < 0) {
          slotOf[c] = i;
        } else {
          dups = Arrays.copyOf(dups, dups.length + 2);
          dups[dups.length - 2] = i;
          dups[dups.length - 1] = slotOf[c];
        }
      }
      duplicateSlots = dups;
    }
  }

  // ---------------------------------------------------------------------------------- encoding

  private static long valueSize(ValueType type, Object v) {
    switch (type) {
      case BOOLEAN:
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
      case REAL:
      case DOUBLE:
      case DATE:
      case TIME:
      case TIMESTAMP:
        return type.fixedWidth();
      case DECIMAL: {
        BigDecimal d = (BigDecimal) v;
        // toByteArray() yields bitLength/8 + 1 bytes; computing it avoids converting twice.
        int len = d.unscaledValue().bitLength() / 8 + 1;
        return varintSize(zigzag(d.scale())) + varintSize(len) + len;
      }
      case VARCHAR: {
        int len = Utf8.encodedLength((String) v);
        return varintSize(len) + len;
      }
      case VARBINARY: {
        int len = ((byte[]) v).length;
        return varintSize(len) + len;
      }
    }
    throw new AssertionError(type);
  }

  private static int putValue(byte[] out, int pos, ValueType type, Object v) {
    switch (type) {
      case BOOLEAN:
        out[pos] = (Boolean) v ? (byte) 1 : (byte) 0;
        return pos + 1;
      case TINYINT:
        out[pos] = (Byte) v;
        return pos + 1;
      case SMALLINT:
        SHORT_LE.set(out, pos, (short) (Short) v);
        return pos + 2;
      case INTEGER:
      case DATE:
      case TIME:
        INT_LE.set(out, pos, (int) (Integer) v);
        return pos + 4;
      case BIGINT:
      case TIMESTAMP:
        LONG_LE.set(out, pos, (long) (Long) v);
        return pos + 8;
      case REAL:
        INT_LE.set(out, pos, Float.floatToRawIntBits((Float) v));
        return pos + 4;
      case DOUBLE:
        LONG_LE.set(out, pos, Double.doubleToRawLongBits((Double) v));
        return pos + 8;
      case DECIMAL: {
        BigDecimal d = (BigDecimal) v;
        byte[] unscaled = d.unscaledValue().toByteArray();
        pos = putVarint(out, pos, zigzag(d.scale()));
        pos = putVarint(out, pos, unscaled.length);
        System.arraycopy(unscaled, 0, out, pos, unscaled.length);
        return pos + unscaled.length;
      }
      case VARCHAR: {
        String s = (String) v;
        int len = Utf8.encodedLength(s);
        pos = putVarint(out, pos, len);
        return Utf8.encode(s, out, pos);
      }
      case VARBINARY: {
        byte[] b = (byte[]) v;
        pos = putVarint(out, pos, b.length);
        System.arraycopy(b, 0, out, pos, b.length);
        return pos + b.length;
      }
    }
    throw new AssertionError(type);
  }

  private static int zigzag(int v) {
    return (v << 1) ^ (v >> 31);
  }

  private static int unzigzag(int v) {
    return (v >>> 1) ^ -(v & 1);
  }

  private static int varintSize(int v) {
    // Unsigned: number of 7-bit groups needed, at least one.
    return v == 0 ? 1 : (31 - Integer.numberOfLeadingZeros(v)) / 7 + 1;
  }

  private static int putVarint(byte[] out, int pos, int v) {
    while ((v & ~0x7F) != 0) {
      out[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[pos++] = (byte) v;
    return pos;
  }

  // ---------------------------------------------------------------------------------- decoding

  /**
   * A bounds-checked cursor over one encoded row. It is a short-lived local that escape analysis
   * typically scalar-replaces, so it costs no allocation on the hot path.
   */
  private static final class Reader {
    final byte[] bytes;
    /** The row's bytes are {@code bytes[start, limit)}. */
    final int start;
    final int limit;
    int pos;

    Reader(byte[] bytes) {
      this(bytes, 0, bytes.length);
    }

    Reader(byte[] bytes, int from, int to) {
      this.bytes = bytes;
      this.start = from;
      this.limit = to;
      this.pos = from;
    }

    void require(int n) {
      if (n < 0 || limit - pos < n) {
        throw new StorageException("corrupt row: needs " + n + " bytes at offset "
            + (pos - start) + " of " + (limit - start));
      }
    }

    int readVarint() {
      int result = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        require(1);
        int b = bytes[pos++];
        if (shift == 28 && (b & 0xF0) != 0) {
          throw new StorageException("corrupt row: varint overflows 32 bits at offset " + pos);
        }
        result |= (b & 0x7F) << shift;
        if (b >= 0) {
          return result;
        }
      }
      throw new AssertionError("unreachable");
    }

    /** A varint that must be a length of bytes still available in the input. */
    int readLength() {
      int len = readVarint();
      // Checked before allocating, so a bogus huge length cannot cause an OutOfMemoryError.
      require(len);
      return len;
    }

    Object read(ValueType type) {
      switch (type) {
        case BOOLEAN: {
          require(1);
          byte b = bytes[pos++];
          if (b != 0 && b != 1) {
            throw new StorageException("corrupt row: bad BOOLEAN byte " + b);
          }
          return b == 1;
        }
        case TINYINT:
          require(1);
          return bytes[pos++];
        case SMALLINT: {
          require(2);
          short v = (short) SHORT_LE.get(bytes, pos);
          pos += 2;
          return v;
        }
        case INTEGER:
        case DATE:
        case TIME: {
          require(4);
          int v = (int) INT_LE.get(bytes, pos);
          pos += 4;
          return v;
        }
        case BIGINT:
        case TIMESTAMP: {
          require(8);
          long v = (long) LONG_LE.get(bytes, pos);
          pos += 8;
          return v;
        }
        case REAL: {
          require(4);
          float v = Float.intBitsToFloat((int) INT_LE.get(bytes, pos));
          pos += 4;
          return v;
        }
        case DOUBLE: {
          require(8);
          double v = Double.longBitsToDouble((long) LONG_LE.get(bytes, pos));
          pos += 8;
          return v;
        }
        case DECIMAL: {
          int scale = unzigzag(readVarint());
          int len = readLength();
          if (len == 0) {
            throw new StorageException("corrupt row: empty DECIMAL at offset " + pos);
          }
          BigInteger unscaled = new BigInteger(bytes, pos, len);
          pos += len;
          return new BigDecimal(unscaled, scale);
        }
        case VARCHAR: {
          int len = readLength();
          String s = new String(bytes, pos, len, StandardCharsets.UTF_8);
          pos += len;
          return s;
        }
        case VARBINARY: {
          int len = readLength();
          byte[] b = Arrays.copyOfRange(bytes, pos, pos + len);
          pos += len;
          return b;
        }
      }
      throw new AssertionError(type);
    }

    void skip(ValueType type) {
      switch (type) {
        case BOOLEAN:
        case TINYINT:
        case SMALLINT:
        case INTEGER:
        case BIGINT:
        case REAL:
        case DOUBLE:
        case DATE:
        case TIME:
        case TIMESTAMP: {
          int width = type.fixedWidth();
          require(width);
          pos += width;
          return;
        }
        case DECIMAL: {
          readVarint();
          // Not "pos += readLength()": that would add to pos as it was before the varint.
          int len = readLength();
          pos += len;
          return;
        }
        case VARCHAR:
        case VARBINARY: {
          int len = readLength();
          pos += len;
          return;
        }
      }
      throw new AssertionError(type);
    }
  }
}
