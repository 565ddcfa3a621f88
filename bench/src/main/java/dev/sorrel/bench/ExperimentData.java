package dev.sorrel.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The experiment benchmark's data: {@code rows} units named
 * {@code user_00000000}, {@code user_00000001}, ... (fixed width, so keys
 * sort as the numbers do), held in memory as the {@code salt:unit} keys of
 * the SHA-256 experiment for the bare loops, and their outcomes written to
 * CSV files in chunks.
 *
 * <p>An outcome row is {@code (user_id, variant, revenue, pre)}: the unit's
 * variant in the SHA-256 experiment (computed here by the bare router), a
 * pre-period revenue {@code pre} drawn log-normal ({@code exp(3 + 0.6 N)},
 * mean about 24), and {@code revenue = max(0, 8 + 0.8 pre + 10 N)}, times
 * {@code 1 + effect} in the treatment; both rounded to cents, so every reader
 * parses the same doubles from the text.
 */
final class ExperimentData {
  static final String CONTROL = "control";
  static final String TREATMENT = "treatment";
  static final String CSV_HEADER = "user_id,variant,revenue,pre";

  final int rows;
  /** Bytes of a unit, {@code user_} and its digits. */
  final int unitLength;
  /** Bytes of a key: the salt, a colon and the unit. */
  final int stride;
  /** Where a unit starts in its key. */
  final int unitOffset;
  /** Every unit's {@code salt:unit} key, end to end. */
  final byte[] keys;
  private final int digits;
  private final double effect;
  private final SplittableRandom random;
  private int written;

  /**
   * The units of an experiment whose SHA-256 salt is {@code salt} (ASCII).
   */
  ExperimentData(int rows, String salt, double effect, long seed) {
    this.rows = rows;
    this.digits = Math.max(8, Integer.toString(rows - 1).length());
    this.unitLength = "user_".length() + digits;
    this.unitOffset = salt.length() + 1;
    this.stride = unitOffset + unitLength;
    this.effect = effect;
    this.random = new SplittableRandom(seed);
    if (!salt.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("the salt must be printable ASCII: " + salt);
    }
    this.keys = new byte[Math.multiplyExact(rows, stride)];
    final byte[] prefix = BareAssignment.ascii(salt + ":user_");
    for (int i = 0; i < rows; i++) {
      final int at = i * stride;
      System.arraycopy(prefix, 0, keys, at, prefix.length);
      int v = i;
      for (int d = at + stride - 1; d >= at + prefix.length; d--) {
        keys[d] = (byte) ('0' + v % 10);
        v /= 10;
      }
    }
  }

  /** The unit of row {@code i}, as stored in {@code user_id}. */
  String unit(int i) {
    return new String(keys, i * stride + unitOffset, unitLength, StandardCharsets.US_ASCII);
  }

  /**
   * Writes the next {@code count} rows (continuing where the last call
   * stopped) to a CSV file with a header.
   *
   * @return the file's size in bytes
   */
  long writeCsv(Path file, int count) throws IOException {
    if (written + count > rows) {
      throw new IllegalArgumentException("only " + (rows - written) + " rows left");
    }
    final MessageDigest digest = BareAssignment.sha256();
    final byte[] sum = new byte[32];
    final StringBuilder line = new StringBuilder(64);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      out.write(CSV_HEADER);
      out.write('\n');
      for (int i = written; i < written + count; i++) {
        final boolean treatment =
            BareAssignment.sha256Bucket(digest, keys, i * stride, stride, sum) >= 50;
        final double pre = Math.exp(3 + 0.6 * random.nextGaussian());
        double revenue = Math.max(0, 8 + 0.8 * pre + 10 * random.nextGaussian());
        if (treatment) {
          revenue *= 1 + effect;
        }
        line.setLength(0);
        line.append(unit(i)).append(',').append(treatment ? TREATMENT : CONTROL).append(',');
        cents(line, revenue).append(',');
        cents(line, pre).append('\n');
        out.append(line);
      }
    }
    written += count;
    return Files.size(file);
  }

  /** Appends a non-negative amount rounded to cents, as {@code 12.34}. */
  private static StringBuilder cents(StringBuilder sb, double amount) {
    final long cents = Math.round(amount * 100);
    sb.append(cents / 100).append('.');
    final long rest = cents % 100;
    return sb.append(rest < 10 ? "0" : "").append(rest);
  }

  /** How the rows are made, for the report header. */
  String describe() {
    return String.format(Locale.ROOT, "user_id 'user_%s' .. 'user_%0" + digits + "d'; variant ="
        + " the unit's variant in experiment e (the bare SHA-256 router); pre = exp(3 + 0.6"
        + " N(0,1)); revenue = max(0, 8 + 0.8 pre + 10 N(0,1)) x (1 + %s in the treatment);"
        + " amounts rounded to cents", "0".repeat(digits), rows - 1, effect);
  }
}
