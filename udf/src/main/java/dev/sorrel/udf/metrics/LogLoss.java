package dev.sorrel.udf.metrics;

/**
 * The mean log loss (cross-entropy) of predicted probabilities of the
 * positive class against binary labels, as scikit-learn 1.2.1 computes
 * {@code sklearn.metrics.log_loss(label, probability, labels=[0, 1])}:
 * each probability p is clipped to {@code [eps, 1 - eps]} with eps the
 * double's machine epsilon 2.220446049250313e-16 (1.2's {@code eps='auto'};
 * earlier releases used 1e-15), the pair {@code (1 - p, p)} is divided by its
 * sum as scikit-learn renormalizes it, and the loss of a row is
 * {@code -ln(p)} for a positive and {@code -ln(1 - p)} for a negative. A
 * certain and wrong prediction thus costs {@code -ln(eps)} ≈ 36.04, not
 * infinity.
 *
 * <p>Unlike scikit-learn, which needs {@code labels=[0, 1]} when only one
 * class is present, a sample of one class has a loss here (it is defined).
 * Probabilities outside [0, 1] or NaN are refused rather than clipped
 * silently: they are usually scores or logits passed by mistake. NaN when
 * empty. The sum is compensated, so the mean does not depend on row order
 * beyond the last bits.
 */
public final class LogLoss {
  /** scikit-learn 1.2's clipping bound, {@code numpy.finfo(numpy.float64).eps}. */
  public static final double EPSILON = Math.ulp(1.0);

  private final CompensatedSum sum = new CompensatedSum();
  private long count;

  /** An empty accumulator. */
  public LogLoss() {
  }

  /**
   * The mean loss of {@code probability[i]} against {@code actual[i]}.
   *
   * @throws IllegalArgumentException if the arrays differ in length, a
   *     probability is outside [0, 1] or a label is not 0 or 1
   */
  public static double of(double[] probability, double[] actual) {
    if (probability.length != actual.length) {
      throw new IllegalArgumentException(probability.length + " probabilities for "
          + actual.length + " labels");
    }
    final LogLoss loss = new LogLoss();
    for (int i = 0; i < probability.length; i++) {
      loss.add(probability[i], actual[i]);
    }
    return loss.value();
  }

  /**
   * Adds the loss of one probability against its label.
   *
   * @throws IllegalArgumentException if the probability is outside [0, 1]
   *     or the label is not 0 or 1
   */
  public void add(double probability, double actual) {
    final boolean positive = Labels.positive(actual, "label");
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability " + probability
          + " is not between 0 and 1");
    }
    final double p = Math.min(Math.max(probability, EPSILON), 1 - EPSILON);
    final double q = 1 - p;
    final double total = q + p;
    sum.add(-Math.log((positive ? p : q) / total));
    count++;
  }

  /** Adds another accumulator's losses. */
  public void merge(LogLoss other) {
    sum.add(other.sum);
    count += other.count;
  }

  public long count() {
    return count;
  }

  /** The mean loss, NaN when empty. */
  public double value() {
    return count == 0 ? Double.NaN : sum.value() / count;
  }
}
