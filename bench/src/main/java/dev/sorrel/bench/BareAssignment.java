package dev.sorrel.bench;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The baseline of the assignment benchmark: variant assignment as an
 * application would code it by hand, one thread, over unit strings already in
 * memory, counting units per variant of a 50/50 experiment. Written
 * independently of Sorrel's {@code VariantAssigner}, so the benchmark's count
 * check compares two implementations of each hash.
 *
 * <p>The strings are fixed-width ASCII {@code salt:unit} keys laid end to end
 * in one array (the layout with the least per-row work: no object per row, no
 * character encoding), and every buffer is reused, so the loops measure the
 * hash and little else.
 */
final class BareAssignment {
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  private BareAssignment() {
  }

  /**
   * The seed's router for a 50/50 split: the SHA-256 of each key, read as an
   * unsigned big-endian integer, mod 100; buckets 0 to 49 are the control.
   *
   * @param keys {@code rows} keys of {@code stride} bytes each, from index 0
   * @return the number of units in the control and in the treatment
   */
  static VariantCounts sha256(byte[] keys, int stride, int rows) {
    final MessageDigest digest = sha256();
    final byte[] sum = new byte[32];
    long control = 0;
    for (int i = 0, at = 0; i < rows; i++, at += stride) {
      if (sha256Bucket(digest, keys, at, stride, sum) < 50) {
        control++;
      }
    }
    return new VariantCounts(control, rows - control);
  }

  /** The SHA-256 bucket (0 to 99) of {@code keys[at, at + length)}. */
  static int sha256Bucket(MessageDigest digest, byte[] keys, int at, int length, byte[] sum) {
    digest.update(keys, at, length);
    try {
      digest.digest(sum, 0, sum.length);
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
    int bucket = 0;
    for (byte b : sum) {
      bucket = (bucket * 256 + (b & 0xff)) % 100;
    }
    return bucket;
  }

  /**
   * GrowthBook's version-2 assignment for a 50/50 split: FNV-1a (32 bits)
   * over {@code seed + unit}, then over the unsigned decimal string of that
   * hash, mod 10,000; buckets below 5,000 (GrowthBook's range [0, 0.5)) are
   * the control. Units are ASCII, so their bytes are their UTF-16 code units,
   * which is what GrowthBook hashes.
   *
   * @param keys {@code rows} keys of {@code stride} bytes each, the unit
   *     starting {@code unitOffset} bytes into its key
   */
  static VariantCounts fnv1a(String seed, byte[] keys, int stride, int unitOffset, int rows) {
    int seedState = FNV_OFFSET;
    for (int i = 0; i < seed.length(); i++) {
      seedState = (seedState ^ seed.charAt(i)) * FNV_PRIME;
    }
    final byte[] digits = new byte[10];
    long control = 0;
    for (int i = 0, at = unitOffset; i < rows; i++, at += stride) {
      int h = seedState;
      for (int j = at, end = at - unitOffset + stride; j < end; j++) {
        h = (h ^ (keys[j] & 0xff)) * FNV_PRIME;
      }
      long first = Integer.toUnsignedLong(h);
      int n = 0;
      do {
        digits[n++] = (byte) ('0' + first % 10);
        first /= 10;
      } while (first != 0);
      int second = FNV_OFFSET;
      while (n > 0) {
        second = (second ^ digits[--n]) * FNV_PRIME;
      }
      if (Integer.toUnsignedLong(second) % 10_000 < 5_000) {
        control++;
      }
    }
    return new VariantCounts(control, rows - control);
  }

  /** The ASCII bytes of a key. */
  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** Units per variant of a two-variant experiment. */
  record VariantCounts(long control, long treatment) {
    @Override public String toString() {
      return String.format(java.util.Locale.ROOT, "control %,d, treatment %,d", control,
          treatment);
    }
  }
}
