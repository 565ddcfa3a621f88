package dev.sorrel.udf.stats;

/**
 * CUPED (Deng, Xu, Kohavi and Walker, 2013): variance reduction of an A/B
 * comparison with a pre-period covariate {@code x} of each unit. Every
 * outcome is replaced by {@code y_adj = y - theta * (x - mean(x))}, with
 *
 * <pre>theta = cov(y, x) / var(x)</pre>
 *
 * computed over all units of all variants pooled into one sample, ignoring
 * the variant, and {@code mean(x)} the pooled mean: in NumPy,
 * {@code np.cov(y, x, ddof=1)[0, 1] / np.var(x, ddof=1)} over the
 * concatenated samples (the ddof cancels: theta is {@code Σ(y - ȳ)(x - x̄) /
 * Σ(x - x̄)²}). As the covariate is measured before assignment, pooling does
 * not bias the comparison, and every variant is adjusted by the same theta.
 * The adjusted outcomes are then compared as the plain ones are
 * ({@link TwoSampleTests}).
 *
 * <p>The adjusted moments of a variant come from its {@link CoMoments}
 * without a second pass over the values: the mean is {@code ȳ_v - theta ·
 * (x̄_v - x̄)} and the sum of squared deviations {@code m2y - 2 · theta ·
 * cxy + theta² · m2x}.
 */
public final class Cuped {
  private Cuped() {
  }

  /**
   * Theta of the pooled sample: NaN when the covariate has no variance (or
   * there are fewer than two units), where NumPy's quotient is nan as well.
   */
  public static double theta(CoMoments pooled) {
    if (pooled.count() < 2 || !(pooled.m2x() > 0)) {
      return Double.NaN;
    }
    return pooled.coMoment() / pooled.m2x();
  }

  /**
   * The moments of a variant's adjusted outcomes {@code y - theta · (x -
   * pooledMeanX)}.
   */
  public static Moments adjusted(CoMoments variant, double theta, double pooledMeanX) {
    if (variant.count() == 0) {
      return new Moments();
    }
    final double mean = variant.meanY() - theta * (variant.meanX() - pooledMeanX);
    final double m2 = variant.m2y() - 2 * theta * variant.coMoment()
        + theta * theta * variant.m2x();
    // A covariate that predicts the outcome exactly leaves only rounding, which may be < 0.
    return Moments.of(variant.count(), mean, Math.max(0, m2));
  }

  /**
   * The share of a variant's outcome variance that the adjustment removes,
   * {@code 1 - var(y_adj) / var(y)} within the variant; NaN when the
   * outcomes have no variance.
   */
  public static double varianceReduction(CoMoments variant, Moments adjusted) {
    if (variant.count() < 2 || !(variant.m2y() > 0)) {
      return Double.NaN;
    }
    return 1 - adjusted.sampleVariance() / variant.outcome().sampleVariance();
  }
}
