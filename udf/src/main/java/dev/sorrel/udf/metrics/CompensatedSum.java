package dev.sorrel.udf.metrics;

/**
 * A sum of doubles with Neumaier's compensation: the rounding error of each
 * addition is carried separately, so a mean over millions of values is as
 * accurate as NumPy's pairwise sum or better, whatever the order of rows.
 */
final class CompensatedSum {
  private double sum;
  private double compensation;

  void add(double value) {
    final double t = sum + value;
    if (Math.abs(sum) >= Math.abs(value)) {
      compensation += (sum - t) + value;
    } else {
      compensation += (value - t) + sum;
    }
    sum = t;
  }

  void add(CompensatedSum other) {
    add(other.sum);
    add(other.compensation);
  }

  double value() {
    return sum + compensation;
  }
}
