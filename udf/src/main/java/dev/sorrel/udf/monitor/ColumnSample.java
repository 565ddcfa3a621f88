package dev.sorrel.udf.monitor;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sorrel.udf.drift.DoubleSample;

/**
 * The values of one monitored column in a sample (the reference, or a current window), as
 * they arrive row by row: numbers as primitive doubles (8 bytes a value), anything else as a
 * count per category. NULLs are counted and left out.
 */
public final class ColumnSample {
  private final boolean numeric;
  private final DoubleSample values = new DoubleSample(1024);
  private final Map<String, long[]> categories = new LinkedHashMap<>();
  private long nulls;

  /** A sample of a numeric column (values are {@link Number}s) or of categories. */
  public ColumnSample(boolean numeric) {
    this.numeric = numeric;
  }

  /** Adds a value as Calcite's runtime gives it: a Number, Boolean, String, ... or null. */
  public void add(Object value) {
    if (value == null) {
      nulls++;
    } else if (numeric) {
      values.add(((Number) value).doubleValue());
    } else {
      categories.computeIfAbsent(category(value), k -> new long[1])[0]++;
    }
  }

  /** Adds a non-NULL number. */
  public void add(double value) {
    values.add(value);
  }

  /**
   * The category a value counts as: its text, with numbers written as the shortest decimal
   * of their double value ({@code 1}, {@code 2.5}) so that equal numbers of different types
   * (INTEGER 1, DOUBLE 1.0, DECIMAL 1.00) are one category.
   */
  public static String category(Object value) {
    if (value instanceof Number number) {
      return numberCategory(number instanceof BigDecimal d ? d.doubleValue()
          : number.doubleValue());
    }
    if (value instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    return value.toString();
  }

  /** A number's category: a whole number without a fraction, else {@link Double#toString}. */
  public static String numberCategory(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  public boolean numeric() {
    return numeric;
  }

  /** The numbers of a numeric column (valid up to their size). */
  public DoubleSample values() {
    return values;
  }

  /** The count of each category of a categorical column, in order of first appearance. */
  public Map<String, long[]> categories() {
    return categories;
  }

  /** The count of each number of a numeric column taken as a category, ascending. */
  public Map<String, long[]> numberCategories() {
    final Map<String, long[]> counts = new LinkedHashMap<>();
    final double[] sorted = values.sorted();
    for (int i = 0; i < values.size(); i++) {
      counts.computeIfAbsent(numberCategory(sorted[i]), k -> new long[1])[0]++;
    }
    return counts;
  }

  /** The non-NULL values. */
  public long count() {
    if (numeric) {
      return values.size();
    }
    long n = 0;
    for (long[] c : categories.values()) {
      n += c[0];
    }
    return n;
  }

  /** The NULLs. */
  public long nulls() {
    return nulls;
  }
}
