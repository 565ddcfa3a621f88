package dev.sorrel.engine.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import dev.sorrel.engine.catalog.IndexDef;

/**
 * How a scan reads a table's rows, chosen by {@link Table#accessPath} from a
 * filter's key predicates: every row, point lookups of whole primary keys,
 * the rows under one value of the leading key column, or a range of the
 * leading key column. Its values may be parameters, so the concrete
 * {@link KeyRange}s are made per execution by {@link #ranges}.
 *
 * <p>A path may read a secondary {@link #index()} instead of the primary key:
 * equalities (or {@code IN} lists) on its leading columns, then possibly a
 * range on the next one. Its ranges are then over the indexed values, and
 * each entry in them leads to one row.
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
  /** The most points an index path expands its {@code IN} lists to. */
  static final int MAX_INDEX_POINTS = 1024;

  private final Kind kind;
  /** The secondary index read, or null for the primary key. */
  private final IndexDef index;
  /** For an index path: the values each leading index column equals, one or more each. */
  private final List<KeyBound[]> equal;
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
    this(kind, null, null, keyNames, used, points, lower, lowerInclusive, upper, upperInclusive);
  }

  private AccessPath(Kind kind, IndexDef index, List<KeyBound[]> equal, List<String> keyNames,
      List<KeyPredicate> used, List<KeyBound[]> points, KeyBound lower, boolean lowerInclusive,
      KeyBound upper, boolean upperInclusive) {
    this.kind = kind;
    this.index = index;
    this.equal = equal;
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

  /**
   * A path over a secondary index: the rows whose leading indexed columns
   * equal the given values (several for an {@code IN} list), and whose next
   * column, if {@code lower} or {@code upper} is given, lies in that range.
   * Its kind is {@link Kind#POINTS} when every indexed column is fixed,
   * {@link Kind#PREFIX} when only leading ones are, else {@link Kind#RANGE}.
   *
   * @param keyNames the names of the indexed columns, in index order
   */
  static AccessPath index(IndexDef index, List<String> keyNames, List<KeyBound[]> equal,
      KeyBound lower, boolean lowerInclusive, KeyBound upper, boolean upperInclusive,
      List<KeyPredicate> used) {
    final Kind kind = lower != null || upper != null ? Kind.RANGE
        : equal.size() == keyNames.size() ? Kind.POINTS : Kind.PREFIX;
    return new AccessPath(kind, index, List.copyOf(equal), keyNames, List.copyOf(used), null,
        lower, lowerInclusive, upper, upperInclusive);
  }

  public Kind kind() {
    return kind;
  }

  /** The secondary index this path reads, or null if it reads the primary key. */
  public IndexDef index() {
    return index;
  }

  /**
   * For an index path, the number of leading indexed columns its ranges fix
   * by equality (a range bound longer than that bounds the next column).
   */
  public int equalColumns() {
    return equal == null ? 0 : equal.size();
  }

  public boolean isFull() {
    return kind == Kind.FULL;
  }

  /**
   * Whether the rows come out in the order of the table's stored key (the
   * order {@link dev.sorrel.storage.KeyEncoder} defines): true for a full
   * scan, a prefix and a range, which walk the key in order; false for point
   * lookups, which are read in the order their values are given, and for any
   * path over a secondary index, whose rows come in the index's order.
   */
  public boolean inKeyOrder() {
    if (index != null) {
      return false;
    }
    return switch (kind) {
      case FULL, PREFIX, RANGE -> true;
      case POINTS -> false;
    };
  }

  /** Whether the path's values include parameters, known only when the statement runs. */
  public boolean hasParameters() {
    for (KeyPredicate predicate : used) {
      for (KeyPredicate.Operand operand : predicate.operands()) {
        if (operand instanceof KeyPredicate.Parameter) {
          return true;
        }
      }
    }
    return false;
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
    if (index != null) {
      return indexRanges(parameters);
    }
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

  /**
   * The ranges of an index path: one per combination of the equalities'
   * values, in index order and without repeats (an {@code IN} list of
   * parameters may repeat a value), each bounded by the range if there is one.
   */
  private List<KeyRange> indexRanges(IntFunction<Object> parameters) {
    final Object low = lower == null ? KeyBound.UNBOUNDED : lower.asBound(parameters);
    final Object high = upper == null ? KeyBound.UNBOUNDED : upper.asBound(parameters);
    if (low == null || high == null) {
      return List.of();
    }
    List<Object[]> tuples = new ArrayList<>();
    tuples.add(new Object[0]);
    for (KeyBound[] values : equal) {
      final java.util.Map<List<Object>, Object[]> next = new java.util.LinkedHashMap<>();
      for (Object[] tuple : tuples) {
        for (KeyBound value : values) {
          final Object v = value.asPoint(parameters);
          if (v != null && v != KeyBound.NO_MATCH) {
            final Object[] longer = java.util.Arrays.copyOf(tuple, tuple.length + 1);
            longer[tuple.length] = v;
            next.putIfAbsent(identity(longer), longer);
          }
        }
      }
      tuples = new ArrayList<>(next.values());
    }
    final boolean hasLow = low != KeyBound.UNBOUNDED;
    final boolean hasHigh = high != KeyBound.UNBOUNDED;
    final List<KeyRange> ranges = new ArrayList<>(tuples.size());
    for (Object[] tuple : tuples) {
      if (kind != Kind.RANGE) {
        ranges.add(new KeyRange(tuple, true, tuple, true));
        continue;
      }
      ranges.add(new KeyRange(
          hasLow ? append(tuple, low) : tuple.length > 0 ? tuple : null, lowerInclusive || !hasLow,
          hasHigh ? append(tuple, high) : tuple.length > 0 ? tuple : null,
          upperInclusive || !hasHigh));
    }
    return ranges;
  }

  private static Object[] append(Object[] values, Object value) {
    final Object[] out = java.util.Arrays.copyOf(values, values.length + 1);
    out[values.length] = value;
    return out;
  }

  /** Values compared as the key encoding compares them: equal values, equal keys. */
  private static List<Object> identity(Object[] values) {
    final List<Object> out = new ArrayList<>(values.length);
    for (Object v : values) {
      out.add(v instanceof java.math.BigDecimal d ? (d.signum() == 0 ? java.math.BigDecimal.ZERO
          : d.stripTrailingZeros())
          : v instanceof byte[] b ? java.nio.ByteBuffer.wrap(b)
          : v instanceof Double d && d == 0.0d ? (Object) 0.0d
          : v instanceof Float f && f == 0.0f ? (Object) 0.0f : v);
    }
    return out;
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
    if (index != null) {
      double rows = tableRows;
      double points = 1;
      for (KeyBound[] values : equal) {
        rows /= 20;
        points *= values.length;
      }
      if (lower != null || upper != null) {
        rows /= lower != null && upper != null ? 20 : 4;
      }
      return kind == Kind.POINTS && index.unique() ? points : Math.max(points * rows, points);
    }
    return switch (kind) {
      case FULL -> tableRows;
      case POINTS -> points.size();
      case PREFIX -> tableRows / 20;
      case RANGE -> lower != null && upper != null ? tableRows / 20 : tableRows / 4;
    };
  }

  /**
   * What reading the path costs, in units of a row read by the primary key:
   * a row found through an index costs one more read (the entry, then the row).
   */
  double cost(double tableRows) {
    return estimatedRows(tableRows) * (index == null ? 1 : 2);
  }

  /**
   * Describes the path as EXPLAIN shows it, e.g. {@code point lookup ID = ?0},
   * {@code key range 1 < ID <= 3} or {@code index BY_USER: USER_ID = ?0}.
   */
  public String describe() {
    if (index != null) {
      final List<String> parts = new ArrayList<>();
      for (int i = 0; i < equal.size(); i++) {
        final KeyBound[] values = equal.get(i);
        parts.add(keyNames.get(i) + (values.length == 1 ? " = " + values[0]
            : Arrays.stream(values).map(String::valueOf)
                .collect(Collectors.joining(", ", " IN (", ")"))));
      }
      if (lower != null || upper != null) {
        parts.add((lower == null ? "" : lower + (lowerInclusive ? " <= " : " < "))
            + keyNames.get(equal.size())
            + (upper == null ? "" : (upperInclusive ? " <= " : " < ") + upper));
      }
      return "index " + index.name() + ": " + String.join(" AND ", parts);
    }
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
