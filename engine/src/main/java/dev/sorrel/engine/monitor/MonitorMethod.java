package dev.sorrel.engine.monitor;

import java.util.Locale;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * The two-sample test a monitor runs on a column, each the statistic of one of the SQL drift
 * aggregates. A test either gives a p-value (drift when it is below the threshold) or a
 * distance (drift when it reaches the threshold).
 */
public enum MonitorMethod {
  /** Kolmogorov-Smirnov: score D, drift when the p-value is below the threshold. */
  KS("ks", true, 0.05),
  /** Population stability index on the reference's bins: drift when PSI reaches the threshold. */
  PSI("psi", false, 0.2),
  /** Jensen-Shannon distance (natural log): drift when it reaches the threshold. */
  JS("js", false, 0.1),
  /**
   * First Wasserstein distance divided by the reference's standard deviation (at least 0.001),
   * as Evidently's {@code wasserstein}: drift when it reaches the threshold.
   */
  WASSERSTEIN("wasserstein", false, 0.1),
  /** Chi-square test of the 2 x k table of category counts: drift when p is below the threshold. */
  CHI2("chi2", true, 0.05);

  private final String sqlName;
  private final boolean pValue;
  private final double defaultThreshold;

  MonitorMethod(String sqlName, boolean pValue, double defaultThreshold) {
    this.sqlName = sqlName;
    this.pValue = pValue;
    this.defaultThreshold = defaultThreshold;
  }

  /** The name SQL uses: {@code 'ks'}, {@code 'psi'}, ... */
  public String sqlName() {
    return sqlName;
  }

  /** Whether the test gives a p-value (compared below the threshold) rather than a distance. */
  public boolean hasPValue() {
    return pValue;
  }

  /** The threshold when none is given. */
  public double defaultThreshold() {
    return defaultThreshold;
  }

  /** Whether the test needs numbers (KS, PSI and Wasserstein), not any category. */
  public boolean numericOnly() {
    return this == KS || this == PSI || this == WASSERSTEIN;
  }

  /**
   * Whether a score drifted: a p-value below the threshold, a distance at or above it. A NULL
   * score (an empty window) has not drifted.
   */
  public boolean drifted(Double score, Double pValue, double threshold) {
    if (hasPValue()) {
      return pValue != null && pValue < threshold;
    }
    return score != null && score >= threshold;
  }

  /**
   * Refuses a threshold this test cannot use: a p-value threshold must lie in (0, 1), a
   * distance threshold must be positive and finite (at most 1 for Jensen-Shannon).
   *
   * @throws SorrelException 22023
   */
  public void checkThreshold(double threshold) {
    final boolean ok = pValue ? threshold > 0 && threshold < 1
        : this == JS ? threshold > 0 && threshold <= 1
        : threshold > 0 && Double.isFinite(threshold);
    if (!ok) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "threshold " + threshold
          + " of method '" + sqlName + "' is out of range: "
          + (pValue ? "a p-value threshold lies between 0 and 1 (exclusive)"
              : this == JS ? "a Jensen-Shannon distance threshold lies in (0, 1]"
                  : "a distance threshold is positive"));
    }
  }

  /** The method a SQL name names, or null. */
  public static MonitorMethod ofName(String name) {
    final String lower = name.toLowerCase(Locale.ROOT);
    for (MonitorMethod m : values()) {
      if (m.sqlName.equals(lower)) {
        return m;
      }
    }
    return null;
  }
}
