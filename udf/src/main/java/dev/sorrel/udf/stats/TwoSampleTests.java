package dev.sorrel.udf.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * The statistics of an A/B comparison, computed from each sample's
 * {@link Moments}, each defined as the SciPy or GrowthBook computation it
 * equals. "Control" is sample a, "treatment" sample b; differences are
 * treatment minus control.
 *
 * <p>Tail probabilities are computed directly from the regularized
 * incomplete beta and gamma functions (commons-math3), not as
 * {@code 1 - cdf}, so small p-values keep their precision as SciPy's do.
 */
public final class TwoSampleTests {
  private TwoSampleTests() {
  }

  /** A t statistic, its degrees of freedom and its two-sided p-value. */
  public record TTest(double statistic, double degreesOfFreedom, double pValue) {
  }

  /** A confidence interval around a point estimate. */
  public record Interval(double estimate, double lower, double upper) {
  }

  /**
   * Welch's unequal-variance t-test: equals
   * {@code scipy.stats.ttest_ind(b, a, equal_var=False)} (statistic, df and
   * two-sided p-value). NaN where SciPy gives nan (fewer than two values in a
   * sample, or no variance and no difference).
   */
  public static TTest welch(Moments a, Moments b) {
    final double va = a.sampleVariance() / a.count();
    final double vb = b.sampleVariance() / b.count();
    final double se = Math.sqrt(va + vb);
    final double df = (va + vb) * (va + vb)
        / (va * va / (a.count() - 1) + vb * vb / (b.count() - 1));
    final double t = (b.mean() - a.mean()) / se;
    return new TTest(t, df, twoSidedP(t, df));
  }

  /**
   * Student's equal-variance t-test: equals {@code scipy.stats.ttest_ind(b,
   * a)}, the test the seed's {@code analyze_results} runs (its statistic has
   * the opposite sign there, as it passes control first).
   */
  public static TTest student(Moments a, Moments b) {
    final long na = a.count();
    final long nb = b.count();
    final double df = na + nb - 2.0;
    final double pooled = ((na - 1) * a.sampleVariance() + (nb - 1) * b.sampleVariance()) / df;
    final double se = Math.sqrt(pooled * (1.0 / na + 1.0 / nb));
    final double t = (b.mean() - a.mean()) / se;
    return new TTest(t, df, twoSidedP(t, df));
  }

  /**
   * Two-sided tail probability of Student's t with {@code df} degrees of
   * freedom: {@code 2 * t.sf(|t|, df)} = {@code I(df / (df + t²); df/2, 1/2)}.
   */
  public static double twoSidedP(double t, double df) {
    if (Double.isNaN(t) || Double.isNaN(df) || df <= 0) {
      return Double.NaN;
    }
    if (Double.isInfinite(t)) {
      return 0;
    }
    if (df >= LARGE_DF) {
      // The normal deviate z whose Cornish-Fisher t equals |t|: the tail of t
      // beyond |t| is the normal tail beyond z.
      final double target = Math.abs(t);
      double z = target;
      for (int i = 0; i < 50; i++) {
        final double step = (cornishFisher(z, df) - target) / cornishFisherSlope(z, df);
        z -= step;
        if (Math.abs(step) <= 1e-16 * Math.max(1, Math.abs(z))) {
          break;
        }
      }
      return Erf.erfc(z / Math.sqrt(2));
    }
    return Beta.regularizedBeta(df / (df + t * t), df / 2, 0.5);
  }

  /**
   * Degrees of freedom from which Student's t is computed from the normal
   * distribution through the Cornish-Fisher expansion (Abramowitz and Stegun
   * 26.7.5, four terms): there its error is below 1e-16 relative, while
   * commons-math3's incomplete beta loses digits as the degrees of freedom
   * grow (6e-12 at 1e5, 2e-9 at 1e7, measured against mpmath).
   */
  private static final double LARGE_DF = 1e4;

  /** Student's t quantile for the normal quantile {@code z} and {@code df} degrees of freedom. */
  static double cornishFisher(double z, double df) {
    final double z2 = z * z;
    final double g1 = (z2 + 1) * z / 4;
    final double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
    final double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
    final double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
    return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
  }

  private static double cornishFisherSlope(double z, double df) {
    final double z2 = z * z;
    final double d1 = (3 * z2 + 1) / 4;
    final double d2 = ((25 * z2 + 48) * z2 + 3) / 96;
    final double d3 = (((21 * z2 + 95) * z2 + 51) * z2 - 15) / 384;
    final double d4 = ((((711 * z2 + 5432) * z2 + 7410) * z2 - 5760) * z2 - 945) / 92160;
    return 1 + (d1 + (d2 + (d3 + d4 / df) / df) / df) / df;
  }

  /** The standard normal quantile, refined by a Newton step on {@code erfc}. */
  private static double normalQuantile(double p) {
    double z = Math.sqrt(2) * Erf.erfInv(2 * p - 1);
    final double tail = 0.5 * Erf.erfc(z / Math.sqrt(2)); // 1 - Phi(z)
    final double density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    z += (tail - (1 - p)) / density;
    return z;
  }

  /**
   * Cohen's d as the seed's {@code analyze_results} defines it: the
   * difference of means over {@code sqrt((sd_a² + sd_b²) / 2)}, with
   * population standard deviations ({@code numpy.std}, ddof 0).
   */
  public static double cohensD(Moments a, Moments b) {
    final double pooled = Math.sqrt((a.variance(0) + b.variance(0)) / 2);
    return (b.mean() - a.mean()) / pooled;
  }

  /**
   * The confidence interval of the difference of means at {@code level}
   * (e.g. 0.95), Welch's: {@code diff ± t.ppf((1 + level) / 2, df) · se} with
   * Welch's se and df, as {@code ttest_ind(b, a, equal_var=False)
   * .confidence_interval(level)} gives it in SciPy 1.11 and later.
   */
  public static Interval meanDifference(Moments a, Moments b, double level) {
    final TTest test = welch(a, b);
    final double diff = b.mean() - a.mean();
    final double se = Math.sqrt(a.sampleVariance() / a.count() + b.sampleVariance() / b.count());
    final double half = quantile(test.degreesOfFreedom(), level) * se;
    return new Interval(diff, diff - half, diff + half);
  }

  /**
   * The relative lift {@code (mean_b - mean_a) / |mean_a|} and its interval
   * as GrowthBook's frequentist engine computes it: delta-method variance
   * {@code var_b / (n_b · mean_a²) + var_a · mean_b² / (n_a · mean_a⁴)}
   * (sample variances), Welch's degrees of freedom, and
   * {@code lift ± t.ppf((1 + level) / 2, df) · sqrt(variance)}. NaN when the
   * control mean is 0.
   */
  public static Interval relativeLift(Moments a, Moments b, double level) {
    final double ma = a.mean();
    final double mb = b.mean();
    if (ma == 0) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN);
    }
    final double lift = (mb - ma) / Math.abs(ma);
    final double variance = b.sampleVariance() / b.count() / (ma * ma)
        + a.sampleVariance() / a.count() * mb * mb / (ma * ma * ma * ma);
    final double half = quantile(welch(a, b).degreesOfFreedom(), level)
        * Math.sqrt(variance);
    return new Interval(lift, lift - half, lift + half);
  }

  /**
   * The two-sided critical value {@code t.ppf((1 + level) / 2, df)}:
   * commons-math3's bracketing solver gets within about 1e-9, and Newton's
   * method on the (accurate) distribution function takes it to the last
   * digits, where SciPy's {@code stdtrit} is.
   */
  static double quantile(double df, double level) {
    if (Double.isNaN(df) || df <= 0 || !(level > 0 && level < 1)) {
      return Double.NaN;
    }
    final double p = (1 + level) / 2;
    if (df >= LARGE_DF) {
      return cornishFisher(normalQuantile(p), df);
    }
    final TDistribution t = new TDistribution(null, df, 1e-15);
    double x = t.inverseCumulativeProbability(p);
    for (int i = 0; i < 5; i++) {
      final double density = t.density(x);
      if (!(density > 0)) {
        break;
      }
      final double step = (t.cumulativeProbability(x) - p) / density;
      x -= step;
      if (Math.abs(step) <= 1e-15 * Math.abs(x)) {
        break;
      }
    }
    return x;
  }

  /**
   * The sample-ratio-mismatch test: Pearson's chi-square goodness of fit of
   * the observed count per variant against the counts the weights expect,
   * {@code scipy.stats.chisquare(observed, expected)} over the variants of
   * positive weight (expected {@code n · w_i / Σw}, {@code k - 1} degrees of
   * freedom). Units observed in a variant of zero weight cannot happen by
   * chance: the p-value is then 0. With no units at all it is 1.
   */
  public static double sampleRatioMismatchP(long[] observed, double[] weights) {
    long total = 0;
    double weightTotal = 0;
    int positive = 0;
    for (int i = 0; i < observed.length; i++) {
      total += observed[i];
      if (weights[i] > 0) {
        weightTotal += weights[i];
        positive++;
      } else if (observed[i] > 0) {
        return 0;
      }
    }
    if (total == 0 || positive < 2) {
      return 1;
    }
    double chi2 = 0;
    for (int i = 0; i < observed.length; i++) {
      if (weights[i] > 0) {
        final double expected = total * (weights[i] / weightTotal);
        final double d = observed[i] - expected;
        chi2 += d * d / expected;
      }
    }
    return chiSquareSurvival(chi2, positive - 1);
  }

  /** {@code scipy.stats.chi2.sf(x, df)}: the regularized upper incomplete gamma Q(df/2, x/2). */
  public static double chiSquareSurvival(double x, int df) {
    if (x <= 0) {
      return 1;
    }
    return Gamma.regularizedGammaQ(df / 2.0, x / 2);
  }
}
