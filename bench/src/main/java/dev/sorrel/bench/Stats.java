package dev.sorrel.bench;

import java.util.Arrays;

/** Small statistics helpers: medians and nearest-rank percentiles. */
public final class Stats {
  private Stats() {
  }

  /** Median of the values (mean of the two middle ones for an even count). */
  static double median(double[] values) {
    final double[] v = values.clone();
    Arrays.sort(v);
    final int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  /** Nearest-rank percentile {@code p} (0..1) of an array sorted ascending. */
  static long percentile(long[] sorted, double p) {
    final int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double mean(long[] values) {
    double sum = 0;
    for (long v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
