package dev.sorrel.engine.table;

import java.util.ArrayList;
import java.util.List;

import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.IndexDef;
import dev.sorrel.engine.table.KeyPredicate.Operand;
import dev.sorrel.engine.table.KeyPredicate.Operator;

/**
 * Chooses a table's {@link AccessPath} for a filter's key predicates,
 * preferring, in order: equality on every key column (one point), equality
 * on the leading key column (a prefix), {@code IN} on a one-column key
 * (several points), comparisons on the leading key column (a range). Among
 * predicates of one role, the first usable one wins.
 *
 * <p>A secondary index serves equalities and {@code IN} lists on its leading
 * columns, then a range on the next one ({@link #forIndex}); the table takes
 * whichever path costs least ({@link AccessPath#cost}), the primary key on a
 * tie.
 *
 * <p>A constant is usable when it converts exactly to the key column's type;
 * as a range bound, also when the key encoding orders it as SQL does (see
 * {@link KeyBound#orderSafe}). A parameter is always usable: whether its
 * value narrows is decided per execution.
 */
final class AccessPathChooser {
  private final List<ColumnDef> columns;
  private final int[] key;
  private final List<String> keyNames;

  AccessPathChooser(List<ColumnDef> columns, int[] key) {
    this.columns = columns;
    this.key = key;
    final List<String> names = new ArrayList<>(key.length);
    for (int k : key) {
      names.add(columns.get(k).name());
    }
    this.keyNames = List.copyOf(names);
  }

  AccessPath choose(List<KeyPredicate> predicates) {
    if (key.length == 0) {
      return AccessPath.full();
    }
    final KeyBound[] equal = new KeyBound[key.length];
    final KeyPredicate[] equalBy = new KeyPredicate[key.length];
    boolean all = true;
    for (int k = 0; k < key.length; k++) {
      for (KeyPredicate p : predicates) {
        if (p.column() == key[k] && p.operator() == Operator.EQUAL) {
          equal[k] = usable(columns.get(key[k]), p.operand(), false);
          if (equal[k] != null) {
            equalBy[k] = p;
            break;
          }
        }
      }
      all &= equal[k] != null;
    }
    if (all) {
      return AccessPath.points(keyNames, List.<KeyBound[]>of(equal), List.of(equalBy));
    }
    if (equal[0] != null) {
      return AccessPath.prefix(keyNames, equal[0], equalBy[0]);
    }
    if (key.length == 1) {
      for (KeyPredicate p : predicates) {
        if (p.column() == key[0] && p.operator() == Operator.IN) {
          final List<KeyBound[]> points = inList(p);
          if (points != null) {
            return AccessPath.points(keyNames, points, List.of(p));
          }
        }
      }
    }
    return range(predicates);
  }

  /**
   * The path a secondary index offers for the predicates, or null if they
   * constrain none of its leading columns: as many leading columns as have a
   * usable equality or {@code IN} list (while the combinations of their
   * values stay few), then the range the predicates put on the next one.
   */
  static AccessPath forIndex(List<ColumnDef> columns, IndexDef index,
      List<KeyPredicate> predicates) {
    final List<String> names = new ArrayList<>(index.columns().size());
    for (int c : index.columns()) {
      names.add(columns.get(c).name());
    }
    final List<KeyBound[]> equal = new ArrayList<>();
    final List<KeyPredicate> used = new ArrayList<>();
    int combinations = 1;
    for (int c : index.columns()) {
      final ColumnDef column = columns.get(c);
      KeyBound[] values = null;
      KeyPredicate by = null;
      for (KeyPredicate p : predicates) {
        if (p.column() != c || (p.operator() != Operator.EQUAL && p.operator() != Operator.IN)) {
          continue;
        }
        final KeyBound[] candidate = values(column, p);
        if (candidate != null && (values == null || candidate.length < values.length)) {
          values = candidate;
          by = p;
        }
      }
      if (values == null || (long) combinations * values.length > AccessPath.MAX_INDEX_POINTS) {
        break;
      }
      combinations *= values.length;
      equal.add(values);
      used.add(by);
    }
    KeyPredicate lowerBy = null;
    KeyBound lower = null;
    KeyPredicate upperBy = null;
    KeyBound upper = null;
    if (equal.size() < index.columns().size()) {
      final int c = index.columns().get(equal.size());
      for (KeyPredicate p : predicates) {
        final Boolean isLower = switch (p.operator()) {
          case GREATER, GREATER_OR_EQUAL -> Boolean.TRUE;
          case LESS, LESS_OR_EQUAL -> Boolean.FALSE;
          case EQUAL, IN -> null;
        };
        if (p.column() != c || isLower == null || (isLower ? lower : upper) != null) {
          continue;
        }
        final KeyBound value = usable(columns.get(c), p.operand(), true);
        if (value == null) {
          continue;
        }
        if (isLower) {
          lower = value;
          lowerBy = p;
        } else {
          upper = value;
          upperBy = p;
        }
      }
    }
    if (equal.isEmpty() && lower == null && upper == null) {
      return null;
    }
    if (lowerBy != null) {
      used.add(lowerBy);
    }
    if (upperBy != null) {
      used.add(upperBy);
    }
    return AccessPath.index(index, List.copyOf(names), equal,
        lower, lowerBy == null || lowerBy.operator() == Operator.GREATER_OR_EQUAL,
        upper, upperBy == null || upperBy.operator() == Operator.LESS_OR_EQUAL, used);
  }

  /** The values an equality or IN list fixes a column to, or null if one is unusable. */
  private static KeyBound[] values(ColumnDef column, KeyPredicate p) {
    final KeyBound[] values = new KeyBound[p.operands().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = usable(column, p.operands().get(i), false);
      if (values[i] == null) {
        return null;
      }
    }
    return values;
  }

  /** The values of an IN list as points, or null if one of them is unusable. */
  private List<KeyBound[]> inList(KeyPredicate in) {
    final List<KeyBound[]> points = new ArrayList<>(in.operands().size());
    for (Operand operand : in.operands()) {
      final KeyBound value = usable(columns.get(key[0]), operand, false);
      if (value == null) {
        return null;
      }
      points.add(new KeyBound[] {value});
    }
    return points;
  }

  private AccessPath range(List<KeyPredicate> predicates) {
    final ColumnDef leading = columns.get(key[0]);
    KeyPredicate lowerBy = null;
    KeyBound lower = null;
    KeyPredicate upperBy = null;
    KeyBound upper = null;
    for (KeyPredicate p : predicates) {
      final Boolean isLower = switch (p.operator()) {
        case GREATER, GREATER_OR_EQUAL -> Boolean.TRUE;
        case LESS, LESS_OR_EQUAL -> Boolean.FALSE;
        case EQUAL, IN -> null;
      };
      if (p.column() != key[0] || isLower == null || (isLower ? lower : upper) != null) {
        continue;
      }
      final KeyBound value = usable(leading, p.operand(), true);
      if (value == null) {
        continue;
      }
      if (isLower) {
        lower = value;
        lowerBy = p;
      } else {
        upper = value;
        upperBy = p;
      }
    }
    if (lower == null && upper == null) {
      return AccessPath.full();
    }
    final List<KeyPredicate> used = new ArrayList<>(2);
    if (lowerBy != null) {
      used.add(lowerBy);
    }
    if (upperBy != null) {
      used.add(upperBy);
    }
    return AccessPath.range(keyNames,
        lower, lowerBy == null || lowerBy.operator() == Operator.GREATER_OR_EQUAL,
        upper, upperBy == null || upperBy.operator() == Operator.LESS_OR_EQUAL, used);
  }

  /**
   * An operand compared with a key column as a value of the path, or null if
   * it is a constant the path cannot use exactly.
   *
   * @param ordered whether the value bounds a range (rather than an equality)
   */
  private static KeyBound usable(ColumnDef column, Operand operand, boolean ordered) {
    if (operand instanceof KeyPredicate.Parameter p) {
      return new KeyBound.Parameter(p.index(), column);
    }
    final Object value;
    try {
      value = KeyBound.convert(column, ((KeyPredicate.Constant) operand).value());
    } catch (SorrelException e) {
      return null; // not comparable with the column: the filter reports or decides it
    }
    if (value == KeyBound.NO_MATCH || (ordered && !KeyBound.orderSafe(value))) {
      return null;
    }
    return new KeyBound.Constant(value, column.type());
  }
}
