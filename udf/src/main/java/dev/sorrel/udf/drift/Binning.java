package dev.sorrel.udf.drift;

import java.util.Locale;

/**
 * How PSI and Jensen-Shannon bin the two samples. Each binning counts a
 * value into bin {@code i} when {@code edge[i] <= v < edge[i + 1]}, the last
 * bin closed, as {@code numpy.histogram} does.
 */
public enum Binning {
  /**
   * The reference's range cut into equal widths,
   * {@code numpy.linspace(min(ref), max(ref), bins + 1)}, applied to both
   * samples; current values outside the range count in the outer bins
   * ({@code numpy.histogram(numpy.clip(cur, lo, hi), edges)}).
   */
  EQUAL_WIDTH,
  /**
   * The reference's quantiles as edges,
   * {@code numpy.quantile(ref, numpy.linspace(0, 1, bins + 1))} (linear
   * interpolation), applied to both samples; outside values as for
   * {@link #EQUAL_WIDTH}. Tied reference values can make bins empty.
   */
  QUANTILE,
  /**
   * The seed article's {@code _calculate_psi}: each sample binned on its own
   * range ({@code numpy.histogram(sample, bins=bins)}). The two histograms
   * then describe different intervals, so a shift of location alone shows
   * little and a change of spread shows as drift where there is none: it
   * overstates drift and is offered for code ported from it.
   */
  SEED;

  /** The binning a SQL method name names: 'equal_width', 'quantile' or 'seed'. */
  public static Binning of(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "equal_width", "width", "uniform" -> EQUAL_WIDTH;
      case "quantile" -> QUANTILE;
      case "seed" -> SEED;
      default -> throw new IllegalArgumentException("unknown binning '" + name
          + "'; use 'equal_width' (the default), 'quantile' or 'seed'");
    };
  }
}
