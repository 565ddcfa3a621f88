package dev.sorrel.udf.drift;

/**
 * The first Wasserstein (earth mover's) distance between two samples' empirical
 * distributions, {@code scipy.stats.wasserstein_distance(reference, current)}:
 * the integral of {@code |F_a(x) - F_b(x)|} over x, summed between consecutive
 * values of the pooled samples.
 */
public final class Wasserstein {
  private Wasserstein() {
  }

  /** The distance between {@code a[0, n)} and {@code b[0, m)}, both sorted and not empty. */
  public static double distance(double[] a, int n, double[] b, int m) {
    if (n <= 0 || m <= 0) {
      throw new IllegalArgumentException("both samples must hold values");
    }
    int i = 0;
    int j = 0;
    double sum = 0;
    double previous = Math.min(a[0], b[0]);
    while (i < n || j < m) {
      final double x = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j];
      // F_a and F_b just before x hold between the previous value and x.
      sum += Math.abs((double) i / n - (double) j / m) * (x - previous);
      while (i < n && a[i] <= x) {
        i++;
      }
      while (j < m && b[j] <= x) {
        j++;
      }
      previous = x;
    }
    return sum;
  }

  /** The distance between two samples (sorting each in place if needed). */
  public static double distance(DoubleSample a, DoubleSample b) {
    return distance(a.sorted(), a.size(), b.sorted(), b.size());
  }
}
