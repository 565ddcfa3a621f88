package dev.sorrel.udf.drift;

/**
 * Divergences of two samples' histograms: the Population Stability Index and
 * the Jensen-Shannon distance, over bins a {@link Binning} chooses from the
 * reference.
 */
public final class BinnedDrift {
  /** The floor proportions are clipped to before PSI's logarithm (as the seed's code). */
  public static final double PSI_EPSILON = 1e-6;
  /** The number of bins when none is given (as the seed's code). */
  public static final int DEFAULT_BINS = 10;

  private BinnedDrift() {
  }

  /** The two samples' proportions per bin (each sums to 1, before any clipping). */
  public record Proportions(double[] reference, double[] current) {
  }

  /**
   * Bins both samples; neither may be empty and {@code bins} must be
   * positive. Sorts the reference in place for {@link Binning#QUANTILE}.
   */
  public static Proportions proportions(DoubleSample reference, DoubleSample current, int bins,
      Binning binning) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be positive");
    }
    switch (binning) {
    case EQUAL_WIDTH: {
      final double[] edges = linspace(reference.min(), reference.max(), bins);
      return new Proportions(histogram(reference, edges), histogram(current, edges));
    }
    case QUANTILE: {
      final double[] edges = quantileEdges(reference, bins);
      return new Proportions(histogram(reference, edges), histogram(current, edges));
    }
    case SEED:
      return new Proportions(histogram(reference, ownEdges(reference, bins)),
          histogram(current, ownEdges(current, bins)));
    }
    throw new AssertionError(binning);
  }

  /**
   * The edges a binning chooses from the reference: {@code bins + 1} ascending values (the
   * reference's own range for {@link Binning#SEED}, whose current sample is binned on its own
   * range by {@link #ownEdges}). Sorts the reference in place for {@link Binning#QUANTILE}.
   */
  public static double[] referenceEdges(DoubleSample reference, int bins, Binning binning) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be positive");
    }
    return switch (binning) {
      case EQUAL_WIDTH -> linspace(reference.min(), reference.max(), bins);
      case QUANTILE -> quantileEdges(reference, bins);
      case SEED -> ownEdges(reference, bins);
    };
  }

  /** The sample's count in each bin of {@code edges}, counted as {@link #histogram} does. */
  public static long[] counts(DoubleSample sample, double[] edges) {
    final long[] counts = new long[edges.length - 1];
    final double[] values = sample.raw();
    for (int k = 0; k < sample.size(); k++) {
      counts[bin(edges, values[k])]++;
    }
    return counts;
  }

  /** Counts as proportions of their total, as {@link #histogram} divides them. */
  public static double[] proportions(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    final double[] proportions = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      proportions[i] = (double) counts[i] / total;
    }
    return proportions;
  }

  /**
   * The PSI {@code Σ (c_i - r_i) ln(c_i / r_i)} over the proportions, each
   * first clipped to at least {@link #PSI_EPSILON} ({@code numpy.clip(p,
   * 1e-6, None)}), as the seed's {@code _calculate_psi} does.
   */
  public static double psi(Proportions p) {
    double sum = 0;
    for (int i = 0; i < p.reference().length; i++) {
      final double r = Math.max(p.reference()[i], PSI_EPSILON);
      final double c = Math.max(p.current()[i], PSI_EPSILON);
      sum += (c - r) * Math.log(c / r);
    }
    return sum;
  }

  /**
   * {@code scipy.spatial.distance.jensenshannon(ref, cur)}: each vector
   * renormalized to sum 1, {@code m = (p + q) / 2}, the square root of half
   * the sum of both relative entropies to m (natural log, no clipping).
   */
  public static double jensenShannon(Proportions proportions) {
    final double[] p = normalized(proportions.reference());
    final double[] q = normalized(proportions.current());
    double left = 0;
    double right = 0;
    for (int i = 0; i < p.length; i++) {
      final double m = (p[i] + q[i]) / 2.0;
      left += relativeEntropy(p[i], m);
      right += relativeEntropy(q[i], m);
    }
    return Math.sqrt((left + right) / 2.0);
  }

  private static double relativeEntropy(double x, double y) {
    return x > 0 ? x * Math.log(x / y) : 0;
  }

  private static double[] normalized(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    final double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] / sum;
    }
    return out;
  }

  /** {@code numpy.linspace(lo, hi, bins + 1)}: {@code lo + i * step}, the last edge exactly hi. */
  static double[] linspace(double lo, double hi, int bins) {
    final double[] edges = new double[bins + 1];
    final double step = (hi - lo) / bins;
    for (int i = 0; i <= bins; i++) {
      edges[i] = step == 0 ? i / (double) bins * (hi - lo) + lo : i * step + lo;
    }
    edges[bins] = hi;
    return edges;
  }

  /**
   * {@code numpy.histogram(sample, bins=bins)}'s edges: the sample's own
   * range, widened by 0.5 each way when it is a single value.
   */
  public static double[] ownEdges(DoubleSample sample, int bins) {
    double lo = sample.min();
    double hi = sample.max();
    if (lo == hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    return linspace(lo, hi, bins);
  }

  /**
   * {@code numpy.quantile(ref, numpy.linspace(0, 1, bins + 1))} with the
   * default linear method, interpolated as NumPy 1.24's {@code _lerp}.
   */
  static double[] quantileEdges(DoubleSample reference, int bins) {
    final double[] sorted = reference.sorted();
    final int n = reference.size();
    final double[] q = linspace(0, 1, bins);
    final double[] edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      final double virtual = (n - 1) * q[i];
      final double previous = Math.floor(virtual);
      final int lo = (int) Math.min(Math.max(previous, 0), n - 1);
      final int hi = (int) Math.min(Math.max(previous + 1, 0), n - 1);
      final double gamma = virtual - previous;
      final double a = sorted[lo];
      final double b = sorted[hi];
      final double diff = b - a;
      edges[i] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }
    return edges;
  }

  /**
   * The proportion of the sample in each bin: a value counts in the last bin
   * whose lower edge is at most the value (the first bin below the first
   * edge), which is {@code numpy.histogram} on values clipped to the edges.
   */
  static double[] histogram(DoubleSample sample, double[] edges) {
    final int bins = edges.length - 1;
    final long[] counts = new long[bins];
    final double[] values = sample.raw();
    for (int k = 0; k < sample.size(); k++) {
      counts[bin(edges, values[k])]++;
    }
    final double[] proportions = new double[bins];
    for (int i = 0; i < bins; i++) {
      proportions[i] = (double) counts[i] / sample.size();
    }
    return proportions;
  }

  /** The number of inner edges {@code edges[1..bins-1]} at most {@code v}. */
  private static int bin(double[] edges, double v) {
    int lo = 1;
    int hi = edges.length - 1;
    while (lo < hi) {
      final int mid = (lo + hi) >>> 1;
      if (edges[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
  }
}
