package dev.sorrel.udf.metrics;

/**
 * The counts of a binary classifier's predictions against the labels (true
 * and false positives and negatives) and the metrics read from them, as
 * scikit-learn 1.2's {@code sklearn.metrics} computes them for binary input
 * with {@code pos_label=1}:
 * <ul>
 * <li>accuracy = (tp + tn) / n, {@code accuracy_score};
 * <li>precision = tp / (tp + fp), {@code precision_score};
 * <li>recall = tp / (tp + fn), {@code recall_score};
 * <li>F1 = 2 · precision · recall / (precision + recall), {@code f1_score}.
 * </ul>
 * Where a denominator is 0 (no predicted positive for precision, no actual
 * positive for recall, both 0 for F1), the value is 0.0, which is what
 * scikit-learn returns (with a warning) under its default
 * {@code zero_division='warn'}. With no pairs at all every metric is NaN.
 */
public final class ConfusionMatrix {
  private long truePositives;
  private long falsePositives;
  private long trueNegatives;
  private long falseNegatives;

  /** An empty matrix. */
  public ConfusionMatrix() {
  }

  /**
   * The matrix of {@code predicted[i]} against {@code actual[i]}.
   *
   * @throws IllegalArgumentException if the arrays differ in length or a value is not 0 or 1
   */
  public static ConfusionMatrix of(double[] predicted, double[] actual) {
    if (predicted.length != actual.length) {
      throw new IllegalArgumentException(predicted.length + " predictions for "
          + actual.length + " labels");
    }
    final ConfusionMatrix m = new ConfusionMatrix();
    for (int i = 0; i < predicted.length; i++) {
      m.add(predicted[i], actual[i]);
    }
    return m;
  }

  /**
   * Counts one prediction against its label.
   *
   * @throws IllegalArgumentException if either is not 0 or 1
   */
  public void add(double predicted, double actual) {
    add(Labels.positive(predicted, "predicted class"), Labels.positive(actual, "label"));
  }

  /** Counts one prediction against its label. */
  public void add(boolean predicted, boolean actual) {
    if (predicted) {
      if (actual) {
        truePositives++;
      } else {
        falsePositives++;
      }
    } else if (actual) {
      falseNegatives++;
    } else {
      trueNegatives++;
    }
  }

  /** Adds another matrix's counts, as if its pairs had been added here. */
  public void merge(ConfusionMatrix other) {
    truePositives += other.truePositives;
    falsePositives += other.falsePositives;
    trueNegatives += other.trueNegatives;
    falseNegatives += other.falseNegatives;
  }

  public long truePositives() {
    return truePositives;
  }

  public long falsePositives() {
    return falsePositives;
  }

  public long trueNegatives() {
    return trueNegatives;
  }

  public long falseNegatives() {
    return falseNegatives;
  }

  /** The number of pairs counted. */
  public long count() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }

  /** The share of correct predictions; NaN when empty. */
  public double accuracy() {
    final long n = count();
    return n == 0 ? Double.NaN : (double) (truePositives + trueNegatives) / n;
  }

  /** tp / (tp + fp); 0 with no predicted positive; NaN when empty. */
  public double precision() {
    return count() == 0 ? Double.NaN : ratio(truePositives, truePositives + falsePositives);
  }

  /** tp / (tp + fn); 0 with no actual positive; NaN when empty. */
  public double recall() {
    return count() == 0 ? Double.NaN : ratio(truePositives, truePositives + falseNegatives);
  }

  /**
   * The harmonic mean of precision and recall, computed from them as
   * scikit-learn 1.2 does (so its last bits agree); 0 when both are 0;
   * NaN when empty.
   */
  public double f1() {
    if (count() == 0) {
      return Double.NaN;
    }
    final double precision = precision();
    final double recall = recall();
    final double denominator = precision + recall;
    return denominator == 0 ? 0.0 : 2 * precision * recall / denominator;
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0.0 : (double) numerator / denominator;
  }
}
