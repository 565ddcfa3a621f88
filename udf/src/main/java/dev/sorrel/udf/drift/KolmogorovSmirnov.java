package dev.sorrel.udf.drift;

/**
 * The two-sample, two-sided Kolmogorov-Smirnov test as SciPy 1.10 computes it:
 * {@code scipy.stats.ks_2samp(reference, current)} with its default
 * {@code method='auto'}. The statistic D is the largest distance between the
 * two empirical distribution functions, ties included (both functions step
 * past every copy of a value at once). The p-value is exact when neither
 * sample exceeds {@link #MAX_EXACT_N} values (the lattice-path counts of
 * Hodges' treatment, computed as SciPy does, including its reporting of D as
 * {@code round(D * lcm(n, m)) / lcm(n, m)}), and otherwise Smirnov's
 * asymptotic {@code kstwo.sf(D, round(n m / (n + m)))}; an exact computation
 * that fails numerically falls back to the asymptotic one, as SciPy's does.
 */
public final class KolmogorovSmirnov {
  /** Sample size up to which {@code method='auto'} computes the p-value exactly. */
  public static final int MAX_EXACT_N = 10_000;

  private KolmogorovSmirnov() {
  }

  /** How a p-value was computed. */
  public enum Method {
    EXACT, ASYMPTOTIC
  }

  /** The statistic, its p-value and how the p-value was computed. */
  public record Result(double statistic, double pValue, Method method) {
  }

  /**
   * Tests {@code a[0, n)} against {@code b[0, m)}, both sorted ascending and
   * not empty.
   */
  public static Result test(double[] a, int n, double[] b, int m) {
    if (n <= 0 || m <= 0) {
      throw new IllegalArgumentException("both samples must hold values");
    }
    final double d = statistic(a, n, b, m);
    if (Math.max(n, m) <= MAX_EXACT_N) {
      final long g = gcd(n, m);
      final long lcm = (n / g) * (long) m;
      final long h = (long) Math.rint(d * lcm);
      final double exactD = h * 1.0 / lcm;
      if (h == 0) {
        return new Result(exactD, 1.0, Method.EXACT);
      }
      final double p = n == m ? probOutsideSquare(n, (int) h)
          : outerProbInside(n, m, (int) g, (int) h);
      if (p >= 0 && p <= 1) {
        return new Result(exactD, p, Method.EXACT);
      }
      return new Result(exactD, asymptotic(exactD, n, m), Method.ASYMPTOTIC);
    }
    return new Result(d, asymptotic(d, n, m), Method.ASYMPTOTIC);
  }

  /** Tests two samples (sorting each in place if needed). */
  public static Result test(DoubleSample a, DoubleSample b) {
    return test(a.sorted(), a.size(), b.sorted(), b.size());
  }

  /**
   * The two-sided statistic of sorted samples: the largest
   * {@code |F_a(x) - F_b(x)|} over the values of both, each function
   * counting the values {@code <= x} (SciPy's {@code searchsorted(...,
   * side='right')}), computed with the same divisions so D is bit-equal.
   */
  public static double statistic(double[] a, int n, double[] b, int m) {
    int i = 0;
    int j = 0;
    double max = 0;
    double min = 0;
    while (i < n && j < m) {
      final double x = Math.min(a[i], b[j]);
      while (i < n && a[i] <= x) {
        i++;
      }
      while (j < m && b[j] <= x) {
        j++;
      }
      final double diff = (double) i / n - (double) j / m;
      max = Math.max(max, diff);
      min = Math.min(min, diff);
    }
    // Once one sample is used up the difference moves monotonically to 0,
    // so the extremes are already seen.
    return Math.max(max, -min);
  }

  /**
   * {@code kstwo.sf(d, round(n m / (n + m)))}: Smirnov's asymptotic p-value
   * as SciPy's {@code ks_2samp} computes it for large samples.
   */
  public static double asymptotic(double d, long n, long m) {
    final double big = Math.max(n, m);
    final double small = Math.min(n, m);
    final double en = big * small / (big + small);
    final double p = KolmogorovDistribution.sf(Math.rint(en), d);
    return Math.min(Math.max(p, 0), 1);
  }

  /**
   * {@code Pr(D_{n,n} >= h / n)} for equal sample sizes: the alternating sum
   * {@code 2 Σ_k (-1)^(k+1) C(2n, n - k h) / C(2n, n)}, evaluated from the
   * innermost term outwards as SciPy's {@code _compute_prob_outside_square}
   * does to avoid cancellation.
   */
  static double probOutsideSquare(int n, int h) {
    double p = 0.0;
    for (long k = n / h; k >= 0; k--) {
      double p1 = 1.0;
      for (int j = 0; j < h; j++) {
        p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
      }
      p = p1 * (1.0 - p);
    }
    return 2 * p;
  }

  /**
   * The proportion of lattice paths from (0, 0) to (m, n) that leave the band
   * {@code |x/m - y/n| < h / lcm(m, n)}, computed directly (not as one minus
   * the paths inside, Viehmann's recursion) column by column over a sliding
   * window, as SciPy's {@code _compute_outer_prob_inside_method}.
   */
  static double outerProbInside(int m0, int n0, int g, int h) {
    final int m = Math.max(m0, n0);
    final int n = Math.min(m0, n0);
    final long mg = m / g;
    final long ng = n / g;
    int minj = 0;
    int maxj = (int) Math.min((long) Math.ceil((double) h / mg), n + 1);
    int curlen = maxj - minj;
    final int lenA = Math.min(2 * maxj + 2, n + 1);
    final double[] a = new double[lenA];
    java.util.Arrays.fill(a, 1.0);
    java.util.Arrays.fill(a, minj, maxj, 0.0);
    for (int i = 1; i <= m; i++) {
      final int lastminj = minj;
      final int lastlen = curlen;
      minj = (int) Math.max((long) Math.floor((double) (ng * i - h) / mg) + 1, 0);
      minj = Math.min(minj, n);
      maxj = (int) Math.min((long) Math.ceil((double) (ng * i + h) / mg), n + 1);
      if (maxj <= minj) {
        return 1.0;
      }
      double val = minj == 0 ? 0.0 : 1.0;
      for (int jj = 0; jj < maxj - minj; jj++) {
        final int j = jj + minj;
        val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
        a[jj] = val;
      }
      curlen = maxj - minj;
      if (lastlen > curlen) {
        java.util.Arrays.fill(a, maxj - minj, maxj - minj + (lastlen - curlen), 1.0);
      }
    }
    return a[maxj - minj - 1];
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      final long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
