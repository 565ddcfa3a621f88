package dev.sorrel.udf.drift;

import org.apache.commons.math3.special.Gamma;

/**
 * Pearson's chi-square test of independence on a 2 x k table of category
 * counts (reference row, current row), {@code scipy.stats.chi2_contingency(
 * table, correction=False)}: expected counts {@code row total x column total
 * / total}, {@code k - 1} degrees of freedom. A category seen in one sample
 * only is a column with a zero in the other row; it counts as any other
 * (its expected counts are positive). With a single category the statistic is
 * 0 and the p-value 1 (no degrees of freedom), as SciPy gives.
 */
public final class ChiSquareTable {
  private ChiSquareTable() {
  }

  /** The statistic and its p-value. */
  public record Result(double statistic, int degreesOfFreedom, double pValue) {
  }

  /**
   * Tests the table {@code reference[i], current[i]} (per category i); both
   * rows must have a positive total.
   */
  public static Result test(long[] reference, long[] current) {
    final int k = reference.length;
    long refTotal = 0;
    long curTotal = 0;
    for (int i = 0; i < k; i++) {
      refTotal += reference[i];
      curTotal += current[i];
    }
    if (refTotal == 0 || curTotal == 0) {
      throw new IllegalArgumentException("both samples must hold values");
    }
    final double total = (double) refTotal + curTotal;
    double chi2 = 0;
    for (int i = 0; i < k; i++) {
      final double column = (double) reference[i] + current[i];
      chi2 += term(reference[i], refTotal * column / total);
      chi2 += term(current[i], curTotal * column / total);
    }
    final int dof = k - 1;
    if (dof == 0) {
      return new Result(0.0, 0, 1.0);
    }
    return new Result(chi2, dof, Gamma.regularizedGammaQ(dof / 2.0, chi2 / 2));
  }

  private static double term(long observed, double expected) {
    final double d = observed - expected;
    return d * d / expected;
  }
}
