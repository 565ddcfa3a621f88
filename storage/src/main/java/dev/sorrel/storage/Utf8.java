package dev.sorrel.storage;

/**
 * Allocation-free UTF-8 encoding of {@link String}s straight into a caller's byte array, shared by
 * the key and row codecs.
 *
 * <p>Unlike {@link String#getBytes(java.nio.charset.Charset)}, which silently replaces an unpaired
 * surrogate with {@code '?'}, this rejects such strings: they are not Unicode text, cannot
 * round-trip through UTF-8, and replacing them would make distinct strings collide as keys.
 */
final class Utf8 {
  private Utf8() {}

  /**
   * The number of UTF-8 bytes {@code s} encodes to.
   *
   * @throws IllegalArgumentException if {@code s} contains an unpaired surrogate
   */
  static int encodedLength(String s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (Character.isSurrogate(c)) {
        checkPair(s, i);
        bytes += 2; // 2 chars -> 4 bytes
        i++;
      } else {
        bytes += 2;
      }
    }
    return bytes;
  }

  /**
   * Writes the UTF-8 encoding of {@code s} into {@code dst} at {@code pos}; the caller has ensured
   * room for {@link #encodedLength} bytes.
   *
   * @return the position after the last byte written
   * @throws IllegalArgumentException if {@code s} contains an unpaired surrogate
   */
  static int encode(String s, byte[] dst, int pos) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        dst[pos++] = (byte) c;
      } else if (c < 0x800) {
        dst[pos++] = (byte) (0xC0 | (c >>> 6));
        dst[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        int cp = checkPair(s, i);
        i++;
        dst[pos++] = (byte) (0xF0 | (cp >>> 18));
        dst[pos++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
        dst[pos++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
        dst[pos++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        dst[pos++] = (byte) (0xE0 | (c >>> 12));
        dst[pos++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
        dst[pos++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return pos;
  }

  /** Returns the code point of the surrogate pair starting at {@code i}, or throws. */
  private static int checkPair(String s, int i) {
    char high = s.charAt(i);
    if (Character.isHighSurrogate(high) && i + 1 < s.length()) {
      char low = s.charAt(i + 1);
      if (Character.isLowSurrogate(low)) {
        return Character.toCodePoint(high, low);
      }
    }
    throw new IllegalArgumentException(
        "VARCHAR value is not valid UTF-16: unpaired surrogate at index " + i);
  }
}
