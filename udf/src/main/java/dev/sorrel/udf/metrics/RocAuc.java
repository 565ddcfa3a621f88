package dev.sorrel.udf.metrics;

import dev.sorrel.udf.drift.DoubleSample;

/**
 * The area under the ROC curve of scores against binary labels,
 * {@code sklearn.metrics.roc_auc_score(label, score)}: the probability that
 * a random positive scores above a random negative, ties counting one half.
 * scikit-learn integrates its ROC curve by trapezoids over the distinct
 * scores, which is the same number as the Mann-Whitney U statistic with
 * midranks over (positives × negatives); this class counts U exactly in
 * integers and divides once.
 *
 * <p>The scores of each class are kept as primitive doubles (8 bytes a
 * score, up to 12 while an array grows) and sorted once with
 * {@code Arrays.sort}; a merge of the two sorted arrays then counts, for
 * every positive, the negatives below it and equal to it. Undefined (NaN)
 * when either class is absent, where scikit-learn raises "Only one class
 * present in y_true". A NaN score is refused (scikit-learn refuses it too);
 * infinite scores rank as the extremes they are.
 */
public final class RocAuc {
  private final DoubleSample positives = new DoubleSample();
  private final DoubleSample negatives = new DoubleSample();

  /** An empty accumulator. */
  public RocAuc() {
  }

  /**
   * The AUC of {@code scores[i]} against {@code actual[i]}.
   *
   * @throws IllegalArgumentException if the arrays differ in length, a score
   *     is NaN or a label is not 0 or 1
   */
  public static double of(double[] scores, double[] actual) {
    if (scores.length != actual.length) {
      throw new IllegalArgumentException(scores.length + " scores for " + actual.length
          + " labels");
    }
    final RocAuc auc = new RocAuc();
    for (int i = 0; i < scores.length; i++) {
      auc.add(scores[i], actual[i]);
    }
    return auc.value();
  }

  /**
   * Adds one score with its label.
   *
   * @throws IllegalArgumentException if the score is NaN or the label not 0 or 1
   */
  public void add(double score, double actual) {
    final boolean positive = Labels.positive(actual, "label");
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("score NaN cannot be ranked");
    }
    (positive ? positives : negatives).add(score);
  }

  /** Adds another accumulator's scores. */
  public void merge(RocAuc other) {
    positives.addAll(other.positives);
    negatives.addAll(other.negatives);
  }

  /** The number of scores added. */
  public long count() {
    return (long) positives.size() + negatives.size();
  }

  /** The AUC, or NaN when the positives or the negatives are missing. */
  public double value() {
    final int n1 = positives.size();
    final int n0 = negatives.size();
    if (n1 == 0 || n0 == 0) {
      return Double.NaN;
    }
    final double[] pos = positives.sorted();
    final double[] neg = negatives.sorted();
    // Twice U: each negative below a positive counts 2, each tie 1. At most
    // 2 · n1 · n0 < 2^63 for any two arrays Java can hold.
    long twiceU = 0;
    int below = 0;
    int notAbove = 0;
    for (int i = 0; i < n1; i++) {
      final double p = pos[i];
      while (below < n0 && neg[below] < p) {
        below++;
      }
      if (notAbove < below) {
        notAbove = below;
      }
      while (notAbove < n0 && neg[notAbove] <= p) {
        notAbove++;
      }
      twiceU += (long) below + notAbove;
    }
    return twiceU / (2.0 * n1 * n0);
  }
}
