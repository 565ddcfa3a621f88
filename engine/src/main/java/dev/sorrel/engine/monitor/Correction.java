package dev.sorrel.engine.monitor;

import java.util.Locale;

/**
 * How a check adjusts the p-value thresholds of a monitor that tests several columns at once.
 */
public enum Correction {
  /** Each column's threshold as given. */
  NONE,
  /**
   * Bonferroni: each p-value threshold divided by the number of columns tested with a p-value,
   * so the chance of any false alarm in one check stays at most the threshold. Distances are
   * compared unchanged.
   */
  BONFERRONI;

  /** The name SQL uses. */
  public String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The correction a SQL name names, or null. */
  public static Correction ofName(String name) {
    for (Correction c : values()) {
      if (c.sqlName().equals(name.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    return null;
  }
}
