package dev.sorrel.udf.experiment;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * Assigns units to an experiment's variants: the pure function behind
 * {@code ASSIGN_VARIANT(experiment, unit)}. A unit's variant depends only on
 * the hash, the salt and the weights, so it is the same in every process and
 * language that computes the same hash.
 *
 * <p>A unit hashes to one of {@code B} buckets, and each variant owns a run of
 * consecutive buckets in variant order:
 * <ul>
 * <li>{@link AssignmentHash#SHA256}: {@code B} is 100 when every weight is a
 *   whole number and they sum to 100, else 10,000. With cumulative weights
 *   {@code W_i = w_0 + ... + w_i} and total {@code W}, variant {@code i} owns
 *   the buckets {@code k} with {@code ceil(B·W_(i-1)/W) <= k < ceil(B·W_i/W)},
 *   computed exactly. For two variants with weights {@code w} and
 *   {@code 100 - w} this is the seed's {@code (bucket / 100) < w / 100}.
 * <li>{@link AssignmentHash#FNV1A}: {@code B} is 10,000 and the runs are
 *   GrowthBook's bucket ranges, computed as its SDK does in double precision:
 *   weights {@code w_i / W}, ranges {@code [start, start + w)} from a running
 *   sum, and bucket {@code k} goes to the first range holding
 *   {@code k / 10000}.
 * </ul>
 * Both are precomputed into a table from bucket to variant, so assigning a
 * unit costs one hash.
 *
 * <p>An instance reuses its digest and buffers: it is not thread-safe; give
 * each thread its own {@link #copy()}.
 */
public final class VariantAssigner {
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private final AssignmentHash hash;
  private final String salt;
  private final byte[] saltBytes;
  /** FNV-1a's state after the salt, where every unit's first hash starts. */
  private final int saltState;
  /** The variant of each bucket. */
  private final int[] variantOfBucket;
  private final MessageDigest digest;
  private final byte[] sum = new byte[32];
  /** The decimal digits of a 32-bit unsigned value. */
  private final byte[] digits = new byte[10];
  private final StringBuilder text = new StringBuilder();
  private byte[] buffer = new byte[64];

  private VariantAssigner(AssignmentHash hash, String salt, int[] variantOfBucket) {
    this.hash = hash;
    this.salt = salt;
    this.saltBytes = (salt + ":").getBytes(StandardCharsets.UTF_8);
    this.saltState = fnv(FNV_OFFSET, salt);
    this.variantOfBucket = variantOfBucket;
    this.digest = hash == AssignmentHash.SHA256 ? sha256() : null;
  }

  /**
   * An assigner for variants with these weights, in variant order.
   *
   * @param weights non-negative, at least one positive
   * @throws IllegalArgumentException if the weights are empty, negative or
   *     all zero
   */
  public static VariantAssigner of(AssignmentHash hash, String salt, List<BigDecimal> weights) {
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("an experiment needs at least one variant");
    }
    BigDecimal total = BigDecimal.ZERO;
    for (BigDecimal weight : weights) {
      if (weight.signum() < 0) {
        throw new IllegalArgumentException("weight " + weight.toPlainString()
            + " is negative");
      }
      total = total.add(weight);
    }
    if (total.signum() == 0) {
      throw new IllegalArgumentException("the weights add up to zero");
    }
    final int[] table = switch (hash) {
      case SHA256 -> exactRuns(weights, total);
      case FNV1A -> growthBookRanges(weights, total);
    };
    return new VariantAssigner(hash, salt, table);
  }

  /** Another assigner with the same hash, salt and buckets, for another thread. */
  public VariantAssigner copy() {
    return new VariantAssigner(hash, salt, variantOfBucket);
  }

  public AssignmentHash hash() {
    return hash;
  }

  public String salt() {
    return salt;
  }

  /** The number of buckets units hash into: 100 or 10,000. */
  public int buckets() {
    return variantOfBucket.length;
  }

  /** The variant (index in variant order) that owns a bucket. */
  public int variantOfBucket(int bucket) {
    return variantOfBucket[bucket];
  }

  /** The variant of a unit given as text. */
  public int assign(String unit) {
    return variantOfBucket[bucket(unit)];
  }

  /** The variant of an integer unit: the variant of its decimal string. */
  public int assign(long unit) {
    return variantOfBucket[bucket(unit)];
  }

  /** The bucket of a unit given as text. */
  public int bucket(String unit) {
    return switch (hash) {
      case SHA256 -> {
        final int length = saltBytes.length + utf8Length(unit);
        final byte[] bytes = buffer(length);
        System.arraycopy(saltBytes, 0, bytes, 0, saltBytes.length);
        encodeUtf8(unit, bytes, saltBytes.length);
        yield shaBucket(bytes, length);
      }
      case FNV1A -> fnvBucket(fnv(saltState, unit));
    };
  }

  /**
   * The variant of a unit given as UTF-8 bytes {@code from[offset, offset +
   * length)}, the form a {@code VARCHAR} vector holds. SHA-256 hashes them as
   * they are; FNV-1a hashes UTF-16 code units, which for an ASCII unit are
   * its bytes, so only a unit with other characters is decoded first.
   */
  public int assignUtf8(org.apache.arrow.memory.ArrowBuf from, long offset, int length) {
    return switch (hash) {
      case SHA256 -> {
        final byte[] bytes = buffer(saltBytes.length + length);
        System.arraycopy(saltBytes, 0, bytes, 0, saltBytes.length);
        from.getBytes(offset, bytes, saltBytes.length, length);
        yield variantOfBucket[shaBucket(bytes, saltBytes.length + length)];
      }
      case FNV1A -> {
        final byte[] bytes = buffer(length);
        from.getBytes(offset, bytes, 0, length);
        yield variantOfBucket[fnvUtf8Bucket(bytes, length)];
      }
    };
  }

  /** GrowthBook's bucket of the unit whose UTF-8 bytes are {@code bytes[0, length)}. */
  private int fnvUtf8Bucket(byte[] bytes, int length) {
    int h = saltState;
    for (int i = 0; i < length; i++) {
      final byte b = bytes[i];
      if (b < 0) {
        // Not ASCII: its UTF-16 code units are those of the decoded string.
        return fnvBucket(fnv(saltState, new String(bytes, 0, length, StandardCharsets.UTF_8)));
      }
      h = (h ^ b) * FNV_PRIME;
    }
    return fnvBucket(h);
  }

  /** The bucket of an integer unit: the bucket of its decimal string. */
  public int bucket(long unit) {
    return switch (hash) {
      case SHA256 -> {
        final byte[] bytes = buffer(saltBytes.length + 20);
        System.arraycopy(saltBytes, 0, bytes, 0, saltBytes.length);
        final int end = writeDecimal(unit, bytes, saltBytes.length);
        yield shaBucket(bytes, end);
      }
      case FNV1A -> {
        text.setLength(0);
        text.append(unit);
        yield fnvBucket(fnv(saltState, text));
      }
    };
  }

  private byte[] buffer(int length) {
    if (buffer.length < length) {
      buffer = new byte[Math.max(length, buffer.length * 2)];
    }
    return buffer;
  }

  /** The digest of {@code bytes[0, length)}, as an unsigned big-endian integer, mod buckets. */
  private int shaBucket(byte[] bytes, int length) {
    digest.update(bytes, 0, length);
    try {
      digest.digest(sum, 0, sum.length);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 gives 32 bytes", e);
    }
    // The remainder is taken a 32-bit word at a time (r < 2^14, so r·2^32 + word fits a
    // long), and by a constant where the divisor is one: a division by a variable is
    // several times slower than the multiplication the JIT makes of a constant one.
    return switch (variantOfBucket.length) {
      case 100 -> (int) remainder100(sum);
      case 10_000 -> (int) remainder10000(sum);
      default -> (int) remainder(sum, variantOfBucket.length);
    };
  }

  private static long remainder100(byte[] sum) {
    long r = 0;
    for (int i = 0; i < sum.length; i += 4) {
      r = (r << 32 | Integer.toUnsignedLong((int) INT_BE.get(sum, i))) % 100;
    }
    return r;
  }

  private static long remainder10000(byte[] sum) {
    long r = 0;
    for (int i = 0; i < sum.length; i += 4) {
      r = (r << 32 | Integer.toUnsignedLong((int) INT_BE.get(sum, i))) % 10_000;
    }
    return r;
  }

  private static long remainder(byte[] sum, int modulus) {
    long r = 0;
    for (int i = 0; i < sum.length; i += 4) {
      r = (r << 32 | Integer.toUnsignedLong((int) INT_BE.get(sum, i))) % modulus;
    }
    return r;
  }

  /** GrowthBook's version 2: the hash of the first hash's unsigned decimal string. */
  private int fnvBucket(int first) {
    // The decimal digits of the unsigned value, least significant first, then hashed in
    // reading order: no string is built.
    final byte[] digits = this.digits;
    long value = Integer.toUnsignedLong(first);
    int n = 0;
    do {
      digits[n++] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    int second = FNV_OFFSET;
    while (n > 0) {
      second = (second ^ digits[--n]) * FNV_PRIME;
    }
    return (int) (Integer.toUnsignedLong(second) % variantOfBucket.length);
  }

  /** FNV-1a over UTF-16 code units, continuing from {@code state}. */
  static int fnv(int state, CharSequence s) {
    int h = state;
    for (int i = 0, n = s.length(); i < n; i++) {
      h ^= s.charAt(i);
      h *= FNV_PRIME;
    }
    return h;
  }

  private static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      final char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3; // an unpaired surrogate is hashed as U+FFFD
      }
    }
    return bytes;
  }

  private static void encodeUtf8(String s, byte[] out, int at) {
    int p = at;
    for (int i = 0, n = s.length(); i < n; i++) {
      final char c = s.charAt(i);
      if (c < 0x80) {
        out[p++] = (byte) c;
      } else if (c < 0x800) {
        out[p++] = (byte) (0xc0 | c >>> 6);
        out[p++] = (byte) (0x80 | c & 0x3f);
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        final int cp = Character.toCodePoint(c, s.charAt(++i));
        out[p++] = (byte) (0xf0 | cp >>> 18);
        out[p++] = (byte) (0x80 | cp >>> 12 & 0x3f);
        out[p++] = (byte) (0x80 | cp >>> 6 & 0x3f);
        out[p++] = (byte) (0x80 | cp & 0x3f);
      } else {
        final char d = Character.isSurrogate(c) ? '\uFFFD' : c;
        out[p++] = (byte) (0xe0 | d >>> 12);
        out[p++] = (byte) (0x80 | d >>> 6 & 0x3f);
        out[p++] = (byte) (0x80 | d & 0x3f);
      }
    }
  }

  /** Writes a long's decimal digits (as Python's {@code str(int)}); returns the end. */
  private static int writeDecimal(long value, byte[] out, int at) {
    if (value == Long.MIN_VALUE) {
      final byte[] min = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(min, 0, out, at, min.length);
      return at + min.length;
    }
    int p = at;
    long v = value;
    if (v < 0) {
      out[p++] = '-';
      v = -v;
    }
    final int start = p;
    do {
      out[p++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
    for (int i = start, j = p - 1; i < j; i++, j--) {
      final byte t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return p;
  }

  /**
   * Exact runs: 100 buckets for whole weights summing to 100, else 10,000;
   * variant {@code i} ends at {@code ceil(B·W_i/W)}.
   */
  private static int[] exactRuns(List<BigDecimal> weights, BigDecimal total) {
    final boolean percentages = total.compareTo(BigDecimal.valueOf(100)) == 0
        && weights.stream().allMatch(w -> w.stripTrailingZeros().scale() <= 0);
    final int buckets = percentages ? 100 : 10_000;
    final int[] table = new int[buckets];
    final BigDecimal scale = BigDecimal.valueOf(buckets);
    BigDecimal cumulative = BigDecimal.ZERO;
    int from = 0;
    for (int i = 0; i < weights.size(); i++) {
      cumulative = cumulative.add(weights.get(i));
      final int end = i == weights.size() - 1 ? buckets
          : cumulative.multiply(scale).divide(total, 0, RoundingMode.CEILING).intValueExact();
      Arrays.fill(table, from, end, i);
      from = Math.max(from, end);
    }
    return table;
  }

  /** GrowthBook's {@code getBucketRanges} with full coverage, and {@code chooseVariation}. */
  private static int[] growthBookRanges(List<BigDecimal> weights, BigDecimal total) {
    final int buckets = 10_000;
    final double[] start = new double[weights.size()];
    final double[] end = new double[weights.size()];
    double cumulative = 0;
    for (int i = 0; i < weights.size(); i++) {
      final double w = weights.get(i).divide(total, java.math.MathContext.DECIMAL128)
          .doubleValue();
      start[i] = cumulative;
      cumulative += w;
      end[i] = start[i] + w;
    }
    final int[] table = new int[buckets];
    for (int k = 0; k < buckets; k++) {
      final double n = k / 10000.0;
      int chosen = -1;
      for (int i = 0; i < start.length && chosen < 0; i++) {
        if (n >= start[i] && n < end[i]) {
          chosen = i;
        }
      }
      // Rounding can leave the last bucket past the last range's end, where
      // GrowthBook would not assign the unit; the last variant takes it.
      table[k] = chosen >= 0 ? chosen : lastPositive(weights);
    }
    return table;
  }

  private static int lastPositive(List<BigDecimal> weights) {
    for (int i = weights.size() - 1; i >= 0; i--) {
      if (weights.get(i).signum() > 0) {
        return i;
      }
    }
    throw new IllegalStateException("no positive weight");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
