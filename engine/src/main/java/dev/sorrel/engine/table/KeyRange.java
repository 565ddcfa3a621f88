package dev.sorrel.engine.table;

import java.util.Arrays;

/**
 * A range over a table's primary key, bounded by values of a key prefix: a
 * point ({@code lower == upper}, whole key, both inclusive), a range on the
 * leading columns, or everything. Bounds are storage-representation values.
 *
 * @param lower lower bound values for the first {@code lower.length} key
 *     columns, or null for unbounded
 * @param lowerInclusive whether rows equal to the lower bound are included
 * @param upper upper bound values, or null for unbounded
 * @param upperInclusive whether rows equal to the upper bound are included
 */
public record KeyRange(Object[] lower, boolean lowerInclusive, Object[] upper,
    boolean upperInclusive) {

  public static final KeyRange ALL = new KeyRange(null, true, null, true);

  public static KeyRange point(Object... key) {
    return new KeyRange(key, true, key, true);
  }

  public boolean isAll() {
    return lower == null && upper == null;
  }

  @Override public String toString() {
    if (isAll()) {
      return "all";
    }
    return (lower == null ? "(-inf" : (lowerInclusive ? "[" : "(") + Arrays.toString(lower))
        + ", " + (upper == null ? "+inf)" : Arrays.toString(upper) + (upperInclusive ? "]" : ")"));
  }
}
