package dev.sorrel.bench;

import java.util.Locale;

/** How the benchmarks print figures: fixed locale, NaN (not measured) as "-". */
final class Format {
  private Format() {
  }

  /** {@code a / b} as a ratio such as {@code 2.86x}, or "-" if either is missing. */
  static String ratio(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
      return "-";
    }
    final double r = a / b;
    return String.format(Locale.ROOT, r >= 10 ? "%.0fx" : "%.2fx", r);
  }

  /** A number with thousands separators and {@code decimals} decimals. */
  static String fmt(double v, int decimals) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  /** A whole number with thousands separators. */
  static String fmtInt(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
  }

  /** A target's verdict. */
  static String verdict(boolean met) {
    return met ? "MET" : "NOT MET";
  }
}
