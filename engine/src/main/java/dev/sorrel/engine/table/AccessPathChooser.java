package dev.sorrel.engine.table;

import java.util.ArrayList;
import java.util.List;

import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.KeyPredicate.Operand;
import dev.sorrel.engine.table.KeyPredicate.Operator;

/**
 * Chooses a table's {@link AccessPath} for a filter's key predicates,
 * preferring, in order: equality on every key column (one point), equality
 * on the leading key column (a prefix), {@code IN} on a one-column key
 * (several points), comparisons on the leading key column (a range). Among
 * predicates of one role, the first usable one wins.
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
    return new KeyBound.Constant(value);
  }
}
