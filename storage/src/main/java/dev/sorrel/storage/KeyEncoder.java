package dev.sorrel.storage;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Builds order-preserving keys: byte strings whose unsigned lexicographic order equals the order of
 * the tuples they encode, so that RocksDB's default bytewise comparator sorts rows by key and range
 * scans over a key prefix are plain byte ranges.
 *
 * <p>For two tuples {@code a} and {@code b} of the same column types, {@code
 * Arrays.compareUnsigned(encode(a), encode(b))} has the sign of comparing the tuples column by
 * column, where {@code NULL} sorts before every non-null value. Every column is self-delimiting, so
 * the encoding of a tuple prefix is a byte prefix of the encoding of the whole tuple and composite
 * keys can be scanned by prefix (see {@link #successor(byte[])}).
 *
 * <h2>Format</h2>
 *
 * Each column starts with a marker byte, {@code 0x00} for {@code NULL} (nothing follows) or {@code
 * 0x01} followed by the value:
 *
 * <ul>
 *   <li>BOOLEAN: one byte, {@code 0x00} false, {@code 0x01} true.
 *   <li>TINYINT, SMALLINT, INTEGER, BIGINT: big-endian two's complement in the type's natural width
 *       with the sign bit flipped, so negative numbers sort first. DATE and TIME are encoded as
 *       INTEGER, TIMESTAMP as BIGINT.
 *   <li>REAL, DOUBLE: the IEEE 754 bits, all flipped for negative numbers and only the sign bit
 *       flipped otherwise. {@code -0.0} is canonicalised to {@code 0.0} (they are equal in SQL) and
 *       every NaN to a single NaN, which sorts <em>after</em> {@code +Infinity}, as in {@link
 *       Double#compare}.
 *   <li>VARCHAR: the UTF-8 bytes with {@code 0x00} escaped as {@code 0x00 0xFF}, terminated by
 *       {@code 0x00 0x01}. Strings therefore sort in Unicode <em>code point</em> order (the order of
 *       their UTF-8 byte sequences), which differs from {@link String#compareTo}'s UTF-16 order for
 *       supplementary characters versus characters in U+E000..U+FFFF. Strings with unpaired
 *       surrogates are rejected.
 *   <li>VARBINARY: the bytes, escaped and terminated like VARCHAR; unsigned byte order.
 *   <li>DECIMAL: ordered by numeric value regardless of scale ({@code 1.0} and {@code 1.00} encode
 *       identically). A sign byte ({@code 0x00} negative, {@code 0x01} zero, {@code 0x02}
 *       positive); for non-zero values the value is written as {@code 0.d1d2..dn × 10^e} with
 *       {@code d1 != 0} and {@code dn != 0}: the exponent {@code e} as a sign-flipped big-endian
 *       int, then each digit as the byte {@code d + 1}, then a {@code 0x00} terminator. For
 *       negative values the exponent and digit bytes are inverted and the terminator is {@code
 *       0xFF}, so that larger magnitudes sort first.
 * </ul>
 *
 * <p>An encoder is a reusable, growable buffer and is not thread-safe.
 */
public final class KeyEncoder {
  static final byte NULL_MARKER = 0x00;
  static final byte NOT_NULL_MARKER = 0x01;
  static final byte ESCAPE = (byte) 0xFF;
  static final byte TERMINATOR = 0x01;
  static final byte DECIMAL_NEGATIVE = 0x00;
  static final byte DECIMAL_ZERO = 0x01;
  static final byte DECIMAL_POSITIVE = 0x02;

  private byte[] buf;
  private int pos;

  /** Creates an empty encoder. */
  public KeyEncoder() {
    buf = new byte[64];
  }

  /** Discards the bytes written so far, keeping the buffer for reuse. */
  public KeyEncoder reset() {
    pos = 0;
    return this;
  }

  /**
   * Appends {@code v} as 4 big-endian bytes without a null marker or sign flip; used for the
   * table-id prefix of keys. Unsigned byte order equals numeric order for non-negative values.
   */
  public KeyEncoder writeRawInt(int v) {
    ensure(4);
    putInt(v);
    return this;
  }

  /**
   * Appends one column value.
   *
   * @param value {@code null} or an instance of {@code type.javaClass()}
   * @throws IllegalArgumentException if {@code value} is of the wrong class, a VARCHAR with an
   *     unpaired surrogate, or a DECIMAL whose exponent does not fit in an int
   */
  public KeyEncoder write(ValueType type, Object value) {
    type.checkValue(value);
    ensure(1);
    if (value == null) {
      buf[pos++] = NULL_MARKER;
      return this;
    }
    buf[pos++] = NOT_NULL_MARKER;
    switch (type) {
      case BOOLEAN:
        ensure(1);
        buf[pos++] = (Boolean) value ? (byte) 1 : (byte) 0;
        break;
      case TINYINT:
        ensure(1);
        buf[pos++] = (byte) ((Byte) value ^ 0x80);
        break;
      case SMALLINT:
        ensure(2);
        putShort((short) ((Short) value ^ 0x8000));
        break;
      case INTEGER:
      case DATE:
      case TIME:
        ensure(4);
        putInt((Integer) value ^ Integer.MIN_VALUE);
        break;
      case BIGINT:
      case TIMESTAMP:
        ensure(8);
        putLong((Long) value ^ Long.MIN_VALUE);
        break;
      case REAL:
        ensure(4);
        putInt(orderedFloatBits((Float) value));
        break;
      case DOUBLE:
        ensure(8);
        putLong(orderedDoubleBits((Double) value));
        break;
      case DECIMAL:
        writeDecimal((BigDecimal) value);
        break;
      case VARCHAR:
        writeString((String) value);
        break;
      case VARBINARY:
        writeBytes((byte[]) value);
        break;
    }
    return this;
  }

  /**
   * Appends one column value in descending order: its {@link #write} encoding with every byte
   * inverted. The encoding of a column is prefix-free, so inverting it reverses the order of
   * values (NULL, which sorts first ascending, sorts last) and the column stays self-delimiting.
   *
   * @throws IllegalArgumentException as {@link #write} does
   */
  public KeyEncoder writeDescending(ValueType type, Object value) {
    final int start = pos;
    write(type, value);
    for (int i = start; i < pos; i++) {
      buf[i] = (byte) ~buf[i];
    }
    return this;
  }

  /** Appends bytes as they are, such as an already encoded key suffix. */
  public KeyEncoder writeRaw(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buf, pos, length);
    pos += length;
    return this;
  }

  /** The number of bytes written since the last {@link #reset()}. */
  public int length() {
    return pos;
  }

  /** Copies the bytes written since the last {@link #reset()} to {@code target[offset...]}. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(buf, 0, target, offset, pos);
  }

  /** A copy of the bytes written since the last {@link #reset()}. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  /**
   * Encodes a whole tuple.
   *
   * @throws IllegalArgumentException if the arrays differ in length or a value has the wrong class
   */
  public static byte[] encode(ValueType[] types, Object[] values) {
    if (types.length != values.length) {
      throw new IllegalArgumentException(
          "got " + values.length + " values for " + types.length + " key columns");
    }
    KeyEncoder encoder = new KeyEncoder();
    for (int i = 0; i < types.length; i++) {
      encoder.write(types[i], values[i]);
    }
    return encoder.toByteArray();
  }

  /**
   * The smallest byte string greater than every byte string that starts with {@code prefix}: the
   * exclusive upper bound of a prefix scan. Returns {@code null} if there is none, that is if
   * {@code prefix} is empty or all {@code 0xFF}, meaning the scan is unbounded above.
   */
  public static byte[] successor(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] next = Arrays.copyOf(prefix, i + 1);
        next[i]++;
        return next;
      }
    }
    return null;
  }

  static int orderedFloatBits(float f) {
    // floatToIntBits already collapses every NaN to the canonical 0x7fc00000, which is positive
    // and greater than +Infinity's bits once the sign bit is flipped.
    int bits = Float.floatToIntBits(f == 0.0f ? 0.0f : f);
    return bits < 0 ? ~bits : bits ^ Integer.MIN_VALUE;
  }

  static long orderedDoubleBits(double d) {
    long bits = Double.doubleToLongBits(d == 0.0d ? 0.0d : d);
    return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
  }

  private void writeDecimal(BigDecimal value) {
    int signum = value.signum();
    if (signum == 0) {
      ensure(1);
      buf[pos++] = DECIMAL_ZERO;
      return;
    }
    BigDecimal normalized = value.stripTrailingZeros();
    String digits = normalized.unscaledValue().abs().toString();
    // value = 0.digits * 10^exponent; the long arithmetic cannot overflow, the int range check
    // rejects the (absurd) values whose exponent would not fit the 4-byte field.
    long exponent = (long) digits.length() - normalized.scale();
    if (exponent != (int) exponent) {
      throw new IllegalArgumentException("DECIMAL value out of range: exponent " + exponent);
    }
    int n = digits.length();
    ensure(1 + 4 + n + 1);
    // Inverting every byte after the sign byte reverses the order of negative values.
    int flip = signum < 0 ? 0xFF : 0x00;
    buf[pos++] = signum < 0 ? DECIMAL_NEGATIVE : DECIMAL_POSITIVE;
    putInt(((int) exponent ^ Integer.MIN_VALUE) ^ (flip == 0 ? 0 : -1));
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) ((digits.charAt(i) - '0' + 1) ^ flip);
    }
    buf[pos++] = (byte) flip;
  }

  private void writeString(String s) {
    // At most 3 UTF-8 bytes per UTF-16 char; escapes are accounted for below if any occur.
    ensure(3L * s.length() + 2);
    int start = pos;
    int end = Utf8.encode(s, buf, pos);
    int zeros = 0;
    for (int i = start; i < end; i++) {
      if (buf[i] == 0) {
        zeros++;
      }
    }
    pos = end;
    if (zeros > 0) {
      ensure(zeros + 2);
      // Shift right in place from the end, inserting an escape after each zero byte.
      int src = end - 1;
      int dst = end + zeros - 1;
      while (src >= start && dst > src) {
        byte b = buf[src--];
        if (b == 0) {
          buf[dst--] = ESCAPE;
        }
        buf[dst--] = b;
      }
      pos = end + zeros;
    }
    buf[pos++] = 0x00;
    buf[pos++] = TERMINATOR;
  }

  private void writeBytes(byte[] bytes) {
    ensure(2L * bytes.length + 2);
    for (byte b : bytes) {
      buf[pos++] = b;
      if (b == 0) {
        buf[pos++] = ESCAPE;
      }
    }
    buf[pos++] = 0x00;
    buf[pos++] = TERMINATOR;
  }

  private void putShort(short v) {
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void putInt(int v) {
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }

  private void ensure(long extra) {
    long needed = pos + extra;
    if (needed > buf.length) {
      if (needed > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("key too large: " + needed + " bytes");
      }
      long grown = Math.min(2L * buf.length, Integer.MAX_VALUE - 8);
      buf = Arrays.copyOf(buf, (int) Math.max(needed, grown));
    }
  }
}
