package dev.sorrel.udf.metrics;

import dev.sorrel.udf.stats.Moments;

/**
 * The errors of a regression model's predictions against the actual values,
 * as scikit-learn 1.2's {@code sklearn.metrics} computes them:
 * <ul>
 * <li>mean absolute error, {@code mean_absolute_error(actual, predicted)};
 * <li>mean squared error, {@code mean_squared_error}, and its square root
 *     ({@code squared=False});
 * <li>R², {@code r2_score}: {@code 1 - Σ(actual - predicted)² /
 *     Σ(actual - mean(actual))²}; when every actual value is the same, 1.0
 *     for a perfect prediction and 0.0 otherwise (scikit-learn's
 *     {@code force_finite=True}); NaN with fewer than two values, where
 *     scikit-learn warns and returns nan.
 * </ul>
 * Sums are compensated and the actual values' spread is kept with
 * Welford's method, so one pass over the rows gives NumPy's two-pass values
 * to about 1e-15; NaN when empty.
 */
public final class RegressionErrors {
  private final CompensatedSum absolute = new CompensatedSum();
  private final CompensatedSum squared = new CompensatedSum();
  private final Moments actuals = new Moments();

  /** An empty accumulator. */
  public RegressionErrors() {
  }

  /**
   * The errors of {@code predicted[i]} against {@code actual[i]}.
   *
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public static RegressionErrors of(double[] predicted, double[] actual) {
    if (predicted.length != actual.length) {
      throw new IllegalArgumentException(predicted.length + " predictions for "
          + actual.length + " actual values");
    }
    final RegressionErrors e = new RegressionErrors();
    for (int i = 0; i < predicted.length; i++) {
      e.add(predicted[i], actual[i]);
    }
    return e;
  }

  /** Adds one prediction and the value it should have been. */
  public void add(double predicted, double actual) {
    final double error = actual - predicted;
    absolute.add(Math.abs(error));
    squared.add(error * error);
    actuals.add(actual);
  }

  /** Adds another accumulator's rows. */
  public void merge(RegressionErrors other) {
    absolute.add(other.absolute);
    squared.add(other.squared);
    actuals.merge(other.actuals);
  }

  public long count() {
    return actuals.count();
  }

  public double meanAbsoluteError() {
    return count() == 0 ? Double.NaN : absolute.value() / count();
  }

  public double meanSquaredError() {
    return count() == 0 ? Double.NaN : squared.value() / count();
  }

  public double rootMeanSquaredError() {
    return Math.sqrt(meanSquaredError());
  }

  /** R², or NaN with fewer than two values. */
  public double r2() {
    if (count() < 2) {
      return Double.NaN;
    }
    final double residual = squared.value();
    final double total = actuals.variance(0) * count();
    if (total == 0) {
      return residual == 0 ? 1.0 : 0.0;
    }
    return 1 - residual / total;
  }
}
