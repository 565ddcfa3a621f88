package dev.sorrel.udf.experiment;

import java.util.ArrayList;
import java.util.List;

import dev.sorrel.udf.stats.CoMoments;
import dev.sorrel.udf.stats.Cuped;
import dev.sorrel.udf.stats.Moments;
import dev.sorrel.udf.stats.TwoSampleTests;

/**
 * The results of one experiment as a person reads them: one {@link Row} per
 * variant, the control first, each treatment compared with the control.
 * Units are added one at a time with their variant, outcome and (optionally)
 * pre-period covariate; the figures are computed from per-variant
 * {@link CoMoments}, so memory does not grow with the number of units.
 *
 * <p>Definitions: {@code stddev} is the sample standard deviation (ddof 1);
 * differences, intervals and p-values are Welch's
 * ({@link TwoSampleTests#welch}, {@link TwoSampleTests#meanDifference}),
 * the relative lift and its interval GrowthBook's delta method
 * ({@link TwoSampleTests#relativeLift}), Cohen's d the seed's
 * ({@link TwoSampleTests#cohensD}); a treatment is significant when its
 * p-value is below {@code 1 - level}; the sample-ratio-mismatch p-value
 * ({@link TwoSampleTests#sampleRatioMismatchP}) tests the units counted per
 * variant against the weights. With a covariate the same figures are
 * computed again on the CUPED-adjusted outcomes ({@link Cuped}). A figure
 * that is undefined (a variant with fewer than two units, a control mean of
 * 0 for the relative lift, no covariate) is NaN, or null for a boolean.
 */
public final class ExperimentResults {
  private final List<String> variants;
  private final double[] weights;
  private final boolean covariate;
  private final double level;
  private final CoMoments[] moments;

  /**
   * One figure set per variant of a row.
   *
   * @param variant the variant's name
   * @param control whether it is the control (then the comparisons are NaN)
   * @param n units analysed in it
   * @param mean mean outcome
   * @param stddev sample standard deviation of the outcome
   * @param meanDiff mean minus the control's mean
   * @param meanDiffLower lower bound of its interval at the level
   * @param meanDiffUpper upper bound
   * @param lift relative lift over the control's mean
   * @param liftLower lower bound of its interval
   * @param liftUpper upper bound
   * @param pValue Welch's two-sided p-value against the control
   * @param cohensD Cohen's d against the control
   * @param significant whether {@code pValue < 1 - level}, null if undefined
   * @param srmP the sample-ratio-mismatch p-value of the experiment (every row)
   * @param cuped the CUPED figures, or null without a covariate
   */
  public record Row(String variant, boolean control, long n, double mean, double stddev,
      double meanDiff, double meanDiffLower, double meanDiffUpper, double lift,
      double liftLower, double liftUpper, double pValue, double cohensD, Boolean significant,
      double srmP, CupedRow cuped) {
  }

  /**
   * The CUPED-adjusted figures of a variant, defined as the plain ones over
   * the adjusted outcomes.
   *
   * @param theta the pooled theta (the same on every row)
   * @param varianceReduction {@code 1 - var(y_adj) / var(y)} within the variant
   */
  public record CupedRow(double mean, double meanDiff, double meanDiffLower,
      double meanDiffUpper, double lift, double liftLower, double liftUpper, double pValue,
      Boolean significant, double theta, double varianceReduction) {
  }

  /**
   * Starts an analysis.
   *
   * @param variants the variant names in order, the control first
   * @param weights their weights, for the sample-ratio-mismatch test
   * @param covariate whether units come with a pre-period covariate
   * @param level the confidence level of the intervals, in (0, 1)
   */
  public ExperimentResults(List<String> variants, double[] weights, boolean covariate,
      double level) {
    if (variants.size() != weights.length || variants.isEmpty()) {
      throw new IllegalArgumentException("one weight per variant, at least one variant");
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level " + level + " is not in (0, 1)");
    }
    this.variants = List.copyOf(variants);
    this.weights = weights.clone();
    this.covariate = covariate;
    this.level = level;
    this.moments = new CoMoments[variants.size()];
    for (int i = 0; i < moments.length; i++) {
      moments[i] = new CoMoments();
    }
  }

  /** Adds a unit without a covariate. */
  public void add(int variant, double value) {
    moments[variant].add(value, 0);
  }

  /** Adds a unit with its covariate. */
  public void add(int variant, double value, double covariateValue) {
    moments[variant].add(value, covariateValue);
  }

  /** The rows, in variant order. */
  public List<Row> rows() {
    final long[] counts = new long[moments.length];
    final CoMoments pooled = new CoMoments();
    for (int i = 0; i < moments.length; i++) {
      counts[i] = moments[i].count();
      pooled.merge(moments[i]);
    }
    final double srm = TwoSampleTests.sampleRatioMismatchP(counts, weights);
    final double theta = covariate ? Cuped.theta(pooled) : Double.NaN;
    final Moments control = moments[0].outcome();
    final Moments controlAdjusted = covariate
        ? Cuped.adjusted(moments[0], theta, pooled.meanX()) : null;
    final List<Row> rows = new ArrayList<>(moments.length);
    for (int i = 0; i < moments.length; i++) {
      final Moments m = moments[i].outcome();
      final boolean isControl = i == 0;
      CupedRow cuped = null;
      if (covariate) {
        final Moments adjusted = Cuped.adjusted(moments[i], theta, pooled.meanX());
        final Comparison c = isControl ? Comparison.NONE
            : compare(controlAdjusted, adjusted, level);
        cuped = new CupedRow(Double.isNaN(theta) ? Double.NaN : adjusted.mean(), c.diff.estimate(),
            c.diff.lower(), c.diff.upper(), c.lift.estimate(), c.lift.lower(),
            c.lift.upper(), c.p, significant(c.p), theta,
            Double.isNaN(theta) ? Double.NaN : Cuped.varianceReduction(moments[i], adjusted));
      }
      final Comparison c = isControl ? Comparison.NONE : compare(control, m, level);
      rows.add(new Row(variants.get(i), isControl, m.count(), m.mean(),
          Math.sqrt(m.sampleVariance()), c.diff.estimate(), c.diff.lower(), c.diff.upper(),
          c.lift.estimate(), c.lift.lower(), c.lift.upper(), c.p,
          isControl ? Double.NaN : TwoSampleTests.cohensD(control, m), significant(c.p), srm,
          cuped));
    }
    return rows;
  }

  private Boolean significant(double p) {
    return Double.isNaN(p) ? null : p < 1 - level;
  }

  /** A treatment against the control. */
  private record Comparison(TwoSampleTests.Interval diff, TwoSampleTests.Interval lift,
      double p) {
    static final TwoSampleTests.Interval UNDEFINED =
        new TwoSampleTests.Interval(Double.NaN, Double.NaN, Double.NaN);
    static final Comparison NONE = new Comparison(UNDEFINED, UNDEFINED, Double.NaN);
  }

  private static Comparison compare(Moments control, Moments treatment, double level) {
    if (control.count() == 0 || treatment.count() == 0) {
      return Comparison.NONE;
    }
    return new Comparison(TwoSampleTests.meanDifference(control, treatment, level),
        TwoSampleTests.relativeLift(control, treatment, level),
        TwoSampleTests.welch(control, treatment).pValue());
  }
}
