package dev.sorrel.engine.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * How a scan reads a table's rows, chosen by {@link Table#accessPath} from a
 * filter's key predicates: every row, point lookups of whole primary keys,
 * the rows under one value of the leading key column, or a range of the
 * leading key column. Its values may be parameters, so the concrete
 * {@link KeyRange}s are made per execution by {@link #ranges}.
 *
 * <p>A path narrows the rows read; it does not apply the filter. Its caller
 * keeps filtering the rows it returns: a parameter whose value cannot bound
 * the key exactly makes the path read more than the filter keeps, never
 * less. {@link #used()} names the predicates the path narrows by.
 */
public final class AccessPath {
  /** The shapes of path. */
  public enum Kind {
    /** Every row of the table, in key order. */
    FULL,
    /** Whole primary keys, one get each, in the order given. */
    POINTS,
    /** The rows whose leading key column equals one value, in key order. */
    PREFIX,
    /** The rows whose leading key column lies in a range, in key order. */
    RANGE
  }

  private static final AccessPath FULL = new AccessPath(Kind.FULL, List.of(), List.of(), null,
      null, true, null, true);

  private final Kind kind;
  private final List<String> keyNames;
  private final List<KeyPredicate> used;
  private final List<KeyBound[]> points;
  private final KeyBound lower;
  private final boolean lowerInclusive;
  private final KeyBound upper;
  private final boolean upperInclusive;

  private AccessPath(Kind kind, List<String> keyNames, List<KeyPredicate> used,
      List<KeyBound[]> points, KeyBound lower, boolean lowerInclusive, KeyBound upper,
      boolean upperInclusive) {
    this.kind = kind;
    this.keyNames = keyNames;
    this.used = used;
    this.points = points;
    this.lower = lower;
    this.lowerInclusive = lowerInclusive;
    this.upper = upper;
    this.upperInclusive = upperInclusive;
  }

  /** Reads every row. */
  public static AccessPath full() {
    return FULL;
  }

  static AccessPath points(List<String> keyNames, List<KeyBound[]> points,
      List<KeyPredicate> used) {
    return new AccessPath(Kind.POINTS, keyNames, List.copyOf(used), List.copyOf(points), null,
        true, null, true);
  }

  static AccessPath prefix(List<String> keyNames, KeyBound leading, KeyPredicate used) {
    return new AccessPath(Kind.PREFIX, keyNames, List.of(used), null, leading, true, leading,
        true);
  }

  static AccessPath range(List<String> keyNames, KeyBound lower, boolean lowerInclusive,
      KeyBound upper, boolean upperInclusive, List<KeyPredicate> used) {
    return new AccessPath(Kind.RANGE, keyNames, List.copyOf(used), null, lower, lowerInclusive,
        upper, upperInclusive);
  }

  public Kind kind() {
    return kind;
  }

  public boolean isFull() {
    return kind == Kind.FULL;
  }

  /** The predicates this path narrows by; empty for a full scan. */
  public List<KeyPredicate> used() {
    return used;
  }

  /**
   * Resolves the key ranges for one execution, in the order to read them. A
   * comparison with NULL is never true, so a NULL value yields no range.
   *
   * @param parameters the value of each parameter by index, in storage
   *     representation (null for SQL NULL); not called if the path has none
   */
  public List<KeyRange> ranges(IntFunction<Object> parameters) {
    return switch (kind) {
      case FULL -> List.of(KeyRange.ALL);
      case POINTS -> pointRanges(parameters);
      case PREFIX -> {
        final Object value = lower.asPoint(parameters);
        yield value == null || value == KeyBound.NO_MATCH ? List.of()
            : List.of(new KeyRange(new Object[] {value}, true, new Object[] {value}, true));
      }
      case RANGE -> {
        final Object low = lower == null ? KeyBound.UNBOUNDED : lower.asBound(parameters);
        final Object high = upper == null ? KeyBound.UNBOUNDED : upper.asBound(parameters);
        if (low == null || high == null) {
          yield List.of();
        }
        final boolean hasLow = low != KeyBound.UNBOUNDED;
        final boolean hasHigh = high != KeyBound.UNBOUNDED;
        yield List.of(new KeyRange(hasLow ? new Object[] {low} : null, lowerInclusive || !hasLow,
            hasHigh ? new Object[] {high} : null, upperInclusive || !hasHigh));
      }
    };
  }

  private List<KeyRange> pointRanges(IntFunction<Object> parameters) {
    final List<KeyRange> ranges = new ArrayList<>(points.size());
    for (KeyBound[] point : points) {
      final Object[] key = new Object[point.length];
      boolean matchable = true;
      for (int i = 0; i < point.length && matchable; i++) {
        key[i] = point[i].asPoint(parameters);
        matchable = key[i] != null && key[i] != KeyBound.NO_MATCH;
      }
      if (matchable) {
        ranges.add(KeyRange.point(key));
      }
    }
    return ranges;
  }

  /**
   * Estimates how many rows the path reads from a table of {@code tableRows}
   * rows, by rule of thumb: a row per point, a twentieth for a prefix or a
   * range bounded on both sides, a quarter for one bound.
   */
  public double estimatedRows(double tableRows) {
    return switch (kind) {
      case FULL -> tableRows;
      case POINTS -> points.size();
      case PREFIX -> tableRows / 20;
      case RANGE -> lower != null && upper != null ? tableRows / 20 : tableRows / 4;
    };
  }

  /**
   * Describes the path as EXPLAIN shows it, e.g. {@code point lookup ID = ?0}
   * or {@code key range 1 < ID <= 3}.
   */
  public String describe() {
    return switch (kind) {
      case FULL -> "full scan";
      case POINTS -> {
        final boolean one = points.size() == 1;
        final String values = points.stream()
            .map(p -> p.length == 1 ? String.valueOf(p[0])
                : Arrays.stream(p).map(String::valueOf).collect(Collectors.joining(", ", "(", ")")))
            .collect(Collectors.joining(", "));
        final String key = String.join(", ", keyNames);
        yield (one ? "point lookup " : "point lookups ")
            + (one && keyNames.size() > 1 ? "(" + key + ")" : key)
            + " = " + (one ? values : "[" + values + "]");
      }
      case PREFIX, RANGE -> "key range "
          + (lower == null ? "" : lower + (lowerInclusive ? " <= " : " < "))
          + keyNames.get(0)
          + (upper == null ? "" : (upperInclusive ? " <= " : " < ") + upper);
    };
  }

  @Override public String toString() {
    return describe();
  }
}
