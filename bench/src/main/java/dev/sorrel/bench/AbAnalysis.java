package dev.sorrel.bench;

import java.util.Locale;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The figures of a two-variant A/B analysis of one metric: count, mean and
 * sample variance per variant, Welch's two-sided p-value, the relative lift
 * of the treatment over the control and its confidence interval (GrowthBook's
 * delta method, Welch's degrees of freedom), as Sorrel's {@code TTEST_P},
 * {@code LIFT}, {@code LIFT_LOWER} and {@code LIFT_UPPER} define them.
 */
record AbAnalysis(long nControl, double meanControl, double varControl, long nTreatment,
    double meanTreatment, double varTreatment, double p, double lift, double liftLower,
    double liftUpper) {

  /** Confidence level of the lift interval. */
  static final double LEVEL = 0.95;

  /**
   * The statistics computed in Java from per-variant moments, the way a
   * program finishes an analysis whose moments a database computed. The t
   * distribution is commons-math3's, independent of Sorrel's own code.
   */
  static AbAnalysis fromMoments(long nc, double mc, double vc, long nt, double mt,
      double vt) {
    final double sc = vc / nc;
    final double st = vt / nt;
    final double se = Math.sqrt(sc + st);
    final double df = (sc + st) * (sc + st) / (sc * sc / (nc - 1) + st * st / (nt - 1));
    final TDistribution t = new TDistribution(null, df, 1e-12);
    final double p = 2 * t.cumulativeProbability(-Math.abs((mt - mc) / se));
    final double lift = (mt - mc) / Math.abs(mc);
    final double liftSe = Math.sqrt(vt / (nt * mc * mc) + vc * mt * mt / (nc * mc * mc * mc * mc));
    final double half = t.inverseCumulativeProbability((1 + LEVEL) / 2) * liftSe;
    return new AbAnalysis(nc, mc, vc, nt, mt, vt, p, lift, lift - half, lift + half);
  }

  /**
   * Whether another analysis agrees with this one: the same counts, moments
   * within {@code momentTolerance} and statistics within
   * {@code statTolerance}, relative (absolute below 1e-300).
   */
  boolean agrees(AbAnalysis o, double momentTolerance, double statTolerance) {
    return worstMomentDifference(o) <= momentTolerance
        && worstStatisticDifference(o) <= statTolerance;
  }

  /** The largest relative difference of counts, means and variances (infinite for counts). */
  double worstMomentDifference(AbAnalysis o) {
    if (nControl != o.nControl || nTreatment != o.nTreatment) {
      return Double.POSITIVE_INFINITY;
    }
    return max(relative(meanControl, o.meanControl), relative(varControl, o.varControl),
        relative(meanTreatment, o.meanTreatment), relative(varTreatment, o.varTreatment));
  }

  /** The largest relative difference of the p-value, the lift and its bounds. */
  double worstStatisticDifference(AbAnalysis o) {
    return max(relative(p, o.p), relative(lift, o.lift), relative(liftLower, o.liftLower),
        relative(liftUpper, o.liftUpper));
  }

  private static double max(double... values) {
    double m = 0;
    for (double v : values) {
      m = Double.isNaN(v) ? Double.POSITIVE_INFINITY : Math.max(m, v);
    }
    return m;
  }

  static double relative(double a, double b) {
    if (a == b) {
      return 0;
    }
    return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
  }

  @Override public String toString() {
    return String.format(Locale.ROOT, "control n=%,d mean=%.6f var=%.4f; treatment n=%,d"
        + " mean=%.6f var=%.4f; p=%.6g lift=%.6f [%.6f, %.6f]", nControl, meanControl,
        varControl, nTreatment, meanTreatment, varTreatment, p, lift, liftLower, liftUpper);
  }
}
