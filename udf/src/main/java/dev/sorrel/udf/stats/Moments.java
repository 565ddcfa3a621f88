package dev.sorrel.udf.stats;

/**
 * Count, mean and sum of squared deviations of a sample, updated one value
 * at a time (Welford's method) and merged pairwise (Chan et al.), so that a
 * grouped aggregate can fold values in any order and combine partial states.
 * Both are numerically stable: no sum of squares minus a squared sum.
 */
public final class Moments {
  private long count;
  private double mean;
  private double m2;

  /** An empty sample. */
  public Moments() {
  }

  /**
   * The moments of a sample known by its count, mean and sum of squared
   * deviations from the mean, e.g. one derived from other moments.
   */
  public static Moments of(long count, double mean, double m2) {
    final Moments m = new Moments();
    m.count = count;
    m.mean = count == 0 ? 0 : mean;
    m.m2 = count == 0 ? 0 : m2;
    return m;
  }

  /** Adds one value. */
  public void add(double value) {
    count++;
    final double delta = value - mean;
    mean += delta / count;
    m2 += delta * (value - mean);
  }

  /** Adds every value of {@code values[0, length)}. */
  public void addAll(double[] values, int length) {
    for (int i = 0; i < length; i++) {
      add(values[i]);
    }
  }

  /** Folds another sample's moments into this one, as if its values were added. */
  public void merge(Moments other) {
    if (other.count == 0) {
      return;
    }
    if (count == 0) {
      count = other.count;
      mean = other.mean;
      m2 = other.m2;
      return;
    }
    final long n = count + other.count;
    final double delta = other.mean - mean;
    mean += delta * other.count / n;
    m2 += other.m2 + delta * delta * ((double) count * other.count / n);
    count = n;
  }

  public long count() {
    return count;
  }

  /** The mean, or NaN for an empty sample. */
  public double mean() {
    return count == 0 ? Double.NaN : mean;
  }

  /**
   * The variance with {@code ddof} delta degrees of freedom: {@code m2 / (n -
   * ddof)}, as NumPy's {@code var(ddof=...)}; NaN when {@code n <= ddof}.
   */
  public double variance(int ddof) {
    return count <= ddof ? Double.NaN : m2 / (count - ddof);
  }

  /** The sample variance ({@code ddof = 1}). */
  public double sampleVariance() {
    return variance(1);
  }

  /** Clears the moments for reuse. */
  public void reset() {
    count = 0;
    mean = 0;
    m2 = 0;
  }
}
