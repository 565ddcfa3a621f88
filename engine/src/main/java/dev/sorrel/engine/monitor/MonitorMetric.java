package dev.sorrel.engine.monitor;

import java.util.Locale;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * A model-quality metric a performance monitor watches, one per SQL metric aggregate, with the
 * direction in which it gets worse. A column degrades, as the seed article's {@code
 * check_performance_degradation}, when it got worse than its baseline by more than the
 * tolerance: {@code baseline - score > tolerance} for a metric where higher is better, {@code
 * score - baseline > tolerance} for an error or loss.
 */
public enum MonitorMetric {
  ACCURACY(true, 0, 1),
  PRECISION_SCORE(true, 0, 1),
  RECALL_SCORE(true, 0, 1),
  F1_SCORE(true, 0, 1),
  ROC_AUC(true, 0, 1),
  /** At most 1; a model worse than predicting the mean has a negative R². */
  R2_SCORE(true, Double.NEGATIVE_INFINITY, 1),
  LOG_LOSS(false, 0, Double.POSITIVE_INFINITY),
  MEAN_ABSOLUTE_ERROR(false, 0, Double.POSITIVE_INFINITY),
  MEAN_SQUARED_ERROR(false, 0, Double.POSITIVE_INFINITY),
  ROOT_MEAN_SQUARED_ERROR(false, 0, Double.POSITIVE_INFINITY);

  /** The tolerance when none is given (the seed's). */
  public static final double DEFAULT_TOLERANCE = 0.05;

  private final boolean higherIsBetter;
  private final double min;
  private final double max;

  MonitorMetric(boolean higherIsBetter, double min, double max) {
    this.higherIsBetter = higherIsBetter;
    this.min = min;
    this.max = max;
  }

  /** The SQL aggregate that computes it, as SQL names it ({@code ROC_AUC}). */
  public String aggregateName() {
    return name();
  }

  /** The name {@code METHOD} shows: the aggregate's name in lower case ({@code roc_auc}). */
  public String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a higher value is a better model (scores) rather than a worse one (losses). */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** The value past which a score counts as degraded: {@code baseline -+ tolerance}. */
  public double bound(double baseline, double tolerance) {
    return higherIsBetter ? baseline - tolerance : baseline + tolerance;
  }

  /**
   * Whether a score got worse than the baseline by more than the tolerance. A NULL score (an
   * empty window, or a metric undefined on it) has not degraded.
   */
  public boolean degraded(Double score, double baseline, double tolerance) {
    if (score == null) {
      return false;
    }
    return higherIsBetter ? baseline - score > tolerance : score - baseline > tolerance;
  }

  /**
   * Refuses a tolerance this metric cannot use: it is finite and at least 0, and below 1 for a
   * score between 0 and 1 (which cannot drop by 1 or more, so would never alert).
   *
   * @throws SorrelException 22023
   */
  public void checkTolerance(double tolerance) {
    final boolean bounded = min == 0 && max == 1;
    if (!(tolerance >= 0 && Double.isFinite(tolerance)) || bounded && tolerance >= 1) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "tolerance " + tolerance
          + " of " + name() + " is out of range: "
          + (bounded ? "a score between 0 and 1 is compared with a tolerance in [0, 1)"
              : "a tolerance is a finite number of at least 0"));
    }
  }

  /**
   * Refuses a baseline the metric cannot take (NaN, infinite, or outside its range, such as an
   * AUC of 1.5).
   *
   * @throws SorrelException 22023
   */
  public void checkBaseline(double baseline, String column) {
    if (!Double.isFinite(baseline) || baseline < min || baseline > max) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "baseline " + baseline
          + " of column " + column + " is not a possible value of " + name() + " ("
          + range() + ")");
    }
  }

  private String range() {
    if (min == 0 && max == 1) {
      return "between 0 and 1";
    }
    return min == 0 ? "at least 0" : "at most 1";
  }

  /** The metric an aggregate's name names (any case), or null. */
  public static MonitorMetric ofAggregate(String name) {
    final String upper = name.toUpperCase(Locale.ROOT);
    for (MonitorMetric m : values()) {
      if (m.name().equals(upper)) {
        return m;
      }
    }
    return null;
  }
}
