package dev.sorrel.storage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An encoded key as a hash-map key. Encoded keys share long prefixes (the
 * table id, markers, the high bytes of numbers) and differ in few bits, which
 * Java's polynomial byte-array hash spreads poorly (bulk loads ended up in
 * tree bins); this hashes eight bytes at a time and mixes the result fully.
 * The bytes must not change while the key is in a map.
 */
public final class ByteKey {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] bytes;
  private final int hash;

  public ByteKey(byte[] bytes) {
    this.bytes = bytes;
    this.hash = hash(bytes);
  }

  /** The key's bytes (not a copy). */
  public byte[] bytes() {
    return bytes;
  }

  private static int hash(byte[] bytes) {
    long h = 0x9E3779B97F4A7C15L ^ bytes.length;
    int i = 0;
    for (; i + 8 <= bytes.length; i += 8) {
      h = Long.rotateLeft(h ^ mix((long) LONG.get(bytes, i)), 27) * 0x9E3779B97F4A7C15L;
    }
    long tail = 0;
    for (int shift = 0; i < bytes.length; i++, shift += 8) {
      tail |= (bytes[i] & 0xFFL) << shift;
    }
    h = mix(h ^ mix(tail));
    return (int) (h ^ (h >>> 32));
  }

  /**
   * Bytes {@code [from, from + 8)} of a key as an unsigned big-endian number,
   * zero-padded past the end: comparing two such numbers orders keys as
   * their bytes do, which lets sorts compare numbers before arrays.
   */
  public static long bigEndian(byte[] bytes, int from) {
    return bigEndian(bytes, from, bytes.length);
  }

  /** {@link #bigEndian(byte[], int)} of {@code bytes[from, end)}: zeros past {@code end}. */
  public static long bigEndian(byte[] bytes, int from, int end) {
    if (from + 8 <= end) {
      return (long) LONG_BE.get(bytes, from); // one read instead of eight
    }
    long value = 0;
    for (int i = from; i < from + 8; i++) {
      value = (value << 8) | (i < end ? bytes[i] & 0xFF : 0);
    }
    return value;
  }

  /** The finalizer of MurmurHash3: every input bit affects every output bit. */
  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xFF51AFD7ED558CCDL;
    k ^= k >>> 33;
    k *= 0xC4CEB9FE1A85EC53L;
    k ^= k >>> 33;
    return k;
  }

  @Override public boolean equals(Object o) {
    return o instanceof ByteKey other && other.hash == hash && Arrays.equals(other.bytes, bytes);
  }

  @Override public int hashCode() {
    return hash;
  }
}
