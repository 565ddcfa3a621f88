package dev.sorrel.udf.stats;

/**
 * Count, means, sums of squared deviations and the co-moment of a sample of
 * pairs {@code (y, x)}: an outcome and a covariate, as CUPED needs them.
 * Updated one pair at a time (Welford's method extended to the co-moment)
 * and merged pairwise (Chan et al.), so no sum of products minus a product of
 * sums is ever formed.
 */
public final class CoMoments {
  private long count;
  private double meanY;
  private double meanX;
  private double m2y;
  private double m2x;
  /** The sum of {@code (y - meanY)(x - meanX)}. */
  private double cxy;

  /** Adds one pair. */
  public void add(double y, double x) {
    count++;
    final double dx = x - meanX;
    meanX += dx / count;
    final double dy = y - meanY;
    meanY += dy / count;
    final double dyNew = y - meanY;
    m2y += dy * dyNew;
    m2x += dx * (x - meanX);
    cxy += dx * dyNew;
  }

  /** Folds another sample's moments into this one, as if its pairs were added. */
  public void merge(CoMoments other) {
    if (other.count == 0) {
      return;
    }
    if (count == 0) {
      count = other.count;
      meanY = other.meanY;
      meanX = other.meanX;
      m2y = other.m2y;
      m2x = other.m2x;
      cxy = other.cxy;
      return;
    }
    final long n = count + other.count;
    final double dy = other.meanY - meanY;
    final double dx = other.meanX - meanX;
    final double weight = (double) count * other.count / n;
    meanY += dy * other.count / n;
    meanX += dx * other.count / n;
    m2y += other.m2y + dy * dy * weight;
    m2x += other.m2x + dx * dx * weight;
    cxy += other.cxy + dx * dy * weight;
    count = n;
  }

  public long count() {
    return count;
  }

  /** The mean of the outcomes, NaN for an empty sample. */
  public double meanY() {
    return count == 0 ? Double.NaN : meanY;
  }

  /** The mean of the covariates, NaN for an empty sample. */
  public double meanX() {
    return count == 0 ? Double.NaN : meanX;
  }

  /** The sum of squared deviations of the outcomes from their mean. */
  public double m2y() {
    return m2y;
  }

  /** The sum of squared deviations of the covariates from their mean. */
  public double m2x() {
    return m2x;
  }

  /** The sum of products of the deviations of outcome and covariate. */
  public double coMoment() {
    return cxy;
  }

  /** The outcomes' moments alone. */
  public Moments outcome() {
    return Moments.of(count, meanY, m2y);
  }
}
