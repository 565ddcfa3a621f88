package dev.sorrel.sql.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.calcite.DataContext;

import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.engine.table.Table;

/**
 * How a scan reads a table, fixed when the query is planned: which columns,
 * and which part of the primary key. Key bounds may hold parameters, so the
 * concrete {@link KeyRange}s are made per execution by {@link #ranges}.
 *
 * @param table the engine table
 * @param projection ordinals of the columns to produce
 * @param points full primary keys to look up, one RocksDB get each; null
 *     unless this is a point-lookup plan
 * @param lower lower bound on the leading key column, or null
 * @param lowerInclusive whether the lower bound is inclusive
 * @param upper upper bound on the leading key column, or null
 * @param upperInclusive whether the upper bound is inclusive
 */
public record ScanPlan(Table table, int[] projection, List<KeyValue[]> points,
    KeyValue lower, boolean lowerInclusive, KeyValue upper, boolean upperInclusive) {

  public static ScanPlan full(Table table, int[] projection) {
    return new ScanPlan(table, projection, null, null, true, null, true);
  }

  /** The same plan over another generation of the same table (after ALTER). */
  public ScanPlan withTable(Table newTable) {
    return new ScanPlan(newTable, projection, points, lower, lowerInclusive, upper,
        upperInclusive);
  }

  public boolean isFull() {
    return points == null && lower == null && upper == null;
  }

  public ScanPlan withProjection(int[] newProjection) {
    return new ScanPlan(table, newProjection, points, lower, lowerInclusive, upper,
        upperInclusive);
  }

  /**
   * Resolves the key ranges for one execution, in key order. A NULL bound
   * matches nothing (comparisons with NULL are unknown), so it yields no range.
   */
  List<KeyRange> ranges(DataContext context) {
    if (points != null) {
      final List<KeyRange> ranges = new ArrayList<>(points.size());
      for (KeyValue[] point : points) {
        final Object[] key = resolveAll(point, context);
        if (key != null) {
          ranges.add(KeyRange.point(key));
        }
      }
      return ranges;
    }
    final Object low = lower == null ? KeyValue.UNBOUNDED : lower.resolveBound(context);
    final Object high = upper == null ? KeyValue.UNBOUNDED : upper.resolveBound(context);
    if (low == null || high == null) {
      return List.of(); // a comparison with NULL is never true
    }
    final boolean hasLow = low != KeyValue.UNBOUNDED;
    final boolean hasHigh = high != KeyValue.UNBOUNDED;
    return List.of(new KeyRange(hasLow ? new Object[] {low} : null, lowerInclusive || !hasLow,
        hasHigh ? new Object[] {high} : null, upperInclusive || !hasHigh));
  }

  private static Object[] resolveAll(KeyValue[] values, DataContext context) {
    final Object[] key = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      key[i] = values[i].resolvePoint(context);
      if (key[i] == null || key[i] == KeyValue.NO_MATCH) {
        return null;
      }
    }
    return key;
  }

  /** Describes the access path for EXPLAIN. */
  public String describe() {
    final String key = Arrays.stream(table.keyColumns())
        .mapToObj(k -> table.columns().get(k).name()).collect(Collectors.joining(", "));
    if (points != null) {
      final String values = points.stream()
          .map(p -> p.length == 1 ? String.valueOf(p[0])
              : Arrays.stream(p).map(String::valueOf).collect(Collectors.joining(", ", "(", ")")))
          .collect(Collectors.joining(", "));
      return (points.size() == 1 ? "point lookup " : "point lookups ")
          + (points.size() == 1 && points.get(0).length > 1 ? "(" + key + ")" : key)
          + " = " + (points.size() == 1 ? values : "[" + values + "]");
    }
    if (lower == null && upper == null) {
      return "full scan";
    }
    final String leading = table.columns().get(table.keyColumns()[0]).name();
    return "key range " + (lower == null ? "" : lower + (lowerInclusive ? " <= " : " < "))
        + leading + (upper == null ? "" : (upperInclusive ? " <= " : " < ") + upper);
  }
}
