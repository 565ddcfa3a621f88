package dev.sorrel.storage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads back the values of a key built by {@link KeyEncoder}, column by column from a starting
 * offset. The caller supplies the column types in the order they were written; the encoding does
 * not record them.
 *
 * <p>Values are returned in the {@link ValueType} Java representation and are equal to the values
 * encoded, with two documented normalisations made by the encoder: {@code -0.0} decodes as {@code
 * 0.0} and every NaN as the canonical NaN; a DECIMAL decodes as the numerically equal {@link
 * BigDecimal} with the smallest non-negative scale that represents it exactly (trailing fractional
 * zeros stripped, but {@code 100} rather than {@code 1E+2}), and zero as {@link BigDecimal#ZERO}.
 *
 * <p>Malformed input (truncated, or not produced by the encoder for these types) raises {@link
 * StorageException}. A decoder is a cursor and is not thread-safe.
 */
public final class KeyDecoder {
  private final byte[] key;
  private int pos;

  /** Creates a decoder reading {@code key} from {@code offset}. */
  public KeyDecoder(byte[] key, int offset) {
    if (offset < 0 || offset > key.length) {
      throw new IllegalArgumentException("offset " + offset + " outside key of " + key.length);
    }
    this.key = key;
    this.pos = offset;
  }

  /** Reads 4 big-endian bytes written by {@link KeyEncoder#writeRawInt(int)}. */
  public int readRawInt() {
    require(4);
    return getInt();
  }

  /**
   * Reads one column value of {@code type}.
   *
   * @return the value, or {@code null} if the column is NULL
   * @throws StorageException if the key is truncated or malformed
   */
  public Object read(ValueType type) {
    if (!readMarker()) {
      return null;
    }
    switch (type) {
      case BOOLEAN:
        return readBoolean();
      case TINYINT:
        require(1);
        return (byte) (key[pos++] ^ 0x80);
      case SMALLINT:
        require(2);
        return (short) (getShort() ^ 0x8000);
      case INTEGER:
      case DATE:
      case TIME:
        require(4);
        return getInt() ^ Integer.MIN_VALUE;
      case BIGINT:
      case TIMESTAMP:
        require(8);
        return getLong() ^ Long.MIN_VALUE;
      case REAL:
        require(4);
        return floatFromOrderedBits(getInt());
      case DOUBLE:
        require(8);
        return doubleFromOrderedBits(getLong());
      case DECIMAL:
        return readDecimal();
      case VARCHAR:
        return readString();
      case VARBINARY:
        return readEscaped();
    }
    throw new AssertionError(type);
  }

  /**
   * Moves past one column value of {@code type} without materialising it.
   *
   * @throws StorageException if the key is truncated or malformed
   */
  public void skip(ValueType type) {
    if (!readMarker()) {
      return;
    }
    switch (type) {
      case BOOLEAN:
      case TINYINT:
        advance(1);
        break;
      case SMALLINT:
        advance(2);
        break;
      case INTEGER:
      case DATE:
      case TIME:
      case REAL:
        advance(4);
        break;
      case BIGINT:
      case TIMESTAMP:
      case DOUBLE:
        advance(8);
        break;
      case DECIMAL:
        skipDecimal();
        break;
      case VARCHAR:
      case VARBINARY:
        pos = findTerminator() + 2;
        break;
    }
  }

  /** The offset of the next byte to be read. */
  public int position() {
    return pos;
  }

  static float floatFromOrderedBits(int ordered) {
    int bits = ordered < 0 ? ordered ^ Integer.MIN_VALUE : ~ordered;
    return Float.intBitsToFloat(bits);
  }

  static double doubleFromOrderedBits(long ordered) {
    long bits = ordered < 0 ? ordered ^ Long.MIN_VALUE : ~ordered;
    return Double.longBitsToDouble(bits);
  }

  private boolean readMarker() {
    require(1);
    byte marker = key[pos++];
    if (marker == KeyEncoder.NULL_MARKER) {
      return false;
    }
    if (marker != KeyEncoder.NOT_NULL_MARKER) {
      throw corrupt("bad null marker 0x" + Integer.toHexString(marker & 0xFF));
    }
    return true;
  }

  private Boolean readBoolean() {
    require(1);
    byte b = key[pos++];
    if (b != 0 && b != 1) {
      throw corrupt("bad BOOLEAN byte 0x" + Integer.toHexString(b & 0xFF));
    }
    return b == 1;
  }

  private BigDecimal readDecimal() {
    require(1);
    byte sign = key[pos++];
    if (sign == KeyEncoder.DECIMAL_ZERO) {
      return BigDecimal.ZERO;
    }
    if (sign != KeyEncoder.DECIMAL_NEGATIVE && sign != KeyEncoder.DECIMAL_POSITIVE) {
      throw corrupt("bad DECIMAL sign byte 0x" + Integer.toHexString(sign & 0xFF));
    }
    boolean negative = sign == KeyEncoder.DECIMAL_NEGATIVE;
    int flip = negative ? 0xFF : 0x00;
    require(4);
    int exponent = (getInt() ^ (negative ? -1 : 0)) ^ Integer.MIN_VALUE;
    int start = pos;
    int end = start;
    while (true) {
      if (end >= key.length) {
        throw corrupt("unterminated DECIMAL");
      }
      int b = (key[end] & 0xFF) ^ flip;
      if (b == 0) {
        break;
      }
      if (b > 10) {
        throw corrupt("bad DECIMAL digit byte 0x" + Integer.toHexString(key[end] & 0xFF));
      }
      end++;
    }
    int n = end - start;
    if (n == 0) {
      throw corrupt("DECIMAL without digits");
    }
    char[] digits = new char[n];
    for (int i = 0; i < n; i++) {
      digits[i] = (char) ('0' + (((key[start + i] & 0xFF) ^ flip) - 1));
    }
    pos = end + 1;
    BigInteger unscaled = new BigInteger(new String(digits));
    long scale = (long) n - exponent;
    if (scale != (int) scale) {
      throw corrupt("DECIMAL exponent out of range");
    }
    BigDecimal value = new BigDecimal(negative ? unscaled.negate() : unscaled, (int) scale);
    // Prefer plain integers (100) to negative scales (1E+2): engines and JDBC render them better.
    return scale < 0 ? value.setScale(0) : value;
  }

  private void skipDecimal() {
    require(1);
    byte sign = key[pos++];
    if (sign == KeyEncoder.DECIMAL_ZERO) {
      return;
    }
    byte terminator = sign == KeyEncoder.DECIMAL_NEGATIVE ? (byte) 0xFF : 0x00;
    advance(4);
    while (true) {
      require(1);
      if (key[pos++] == terminator) {
        return;
      }
    }
  }

  private String readString() {
    int terminator = findTerminator();
    int start = pos;
    pos = terminator + 2;
    if (!containsZero(start, terminator)) {
      return new String(key, start, terminator - start, StandardCharsets.UTF_8);
    }
    byte[] bytes = unescape(start, terminator);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private byte[] readEscaped() {
    int terminator = findTerminator();
    int start = pos;
    pos = terminator + 2;
    if (!containsZero(start, terminator)) {
      return Arrays.copyOfRange(key, start, terminator);
    }
    return unescape(start, terminator);
  }

  /**
   * Returns the offset of the {@code 0x00 0x01} terminator of the escaped value starting at {@link
   * #pos}, validating escapes on the way.
   */
  private int findTerminator() {
    int i = pos;
    while (true) {
      if (i + 1 >= key.length) {
        throw corrupt("unterminated VARCHAR/VARBINARY value");
      }
      if (key[i] == 0) {
        byte next = key[i + 1];
        if (next == KeyEncoder.TERMINATOR) {
          return i;
        }
        if (next != KeyEncoder.ESCAPE) {
          throw corrupt("bad escape 0x00 0x" + Integer.toHexString(next & 0xFF));
        }
        i += 2;
      } else {
        i++;
      }
    }
  }

  private boolean containsZero(int from, int to) {
    for (int i = from; i < to; i++) {
      if (key[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private byte[] unescape(int from, int to) {
    int zeros = 0;
    for (int i = from; i < to; i++) {
      if (key[i] == 0) {
        zeros++;
      }
    }
    byte[] out = new byte[to - from - zeros];
    int o = 0;
    for (int i = from; i < to; i++) {
      out[o++] = key[i];
      if (key[i] == 0) {
        i++; // findTerminator validated that an escape byte follows
      }
    }
    return out;
  }

  private void require(int n) {
    if (key.length - pos < n) {
      throw corrupt("key truncated: need " + n + " bytes at offset " + pos);
    }
  }

  private void advance(int n) {
    require(n);
    pos += n;
  }

  private short getShort() {
    return (short) (((key[pos++] & 0xFF) << 8) | (key[pos++] & 0xFF));
  }

  private int getInt() {
    return ((key[pos++] & 0xFF) << 24)
        | ((key[pos++] & 0xFF) << 16)
        | ((key[pos++] & 0xFF) << 8)
        | (key[pos++] & 0xFF);
  }

  private long getLong() {
    return ((long) getInt() << 32) | (getInt() & 0xFFFFFFFFL);
  }

  private StorageException corrupt(String detail) {
    return new StorageException("malformed key: " + detail);
  }
}
