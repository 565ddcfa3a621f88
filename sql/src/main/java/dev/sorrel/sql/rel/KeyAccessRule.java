package dev.sorrel.sql.rel;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.Sarg;

import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.Table;
import dev.sorrel.engine.table.Values;
import dev.sorrel.sql.runtime.CalciteValues;
import dev.sorrel.sql.runtime.KeyValue;
import dev.sorrel.sql.runtime.ScanPlan;
import dev.sorrel.storage.ValueType;

/**
 * Narrows a full scan under a filter to the part of the primary key the
 * filter allows: equality on every key column becomes a point lookup, an
 * {@code IN} list on a one-column key several, and comparisons on the leading
 * key column a key-range scan. The filter stays above the narrowed scan, so
 * the rule only has to be sound, never exact.
 */
final class KeyAccessRule extends RelRule<RuleConfig> {
  static final KeyAccessRule INSTANCE = (KeyAccessRule) RuleConfig.of("SorrelKeyAccessRule",
      b0 -> b0.operand(LogicalFilter.class).oneInput(b1 ->
          b1.operand(SorrelTableScan.class)
              .predicate(scan -> scan.plan().isFull()
                  && scan.plan().table().keyColumns().length > 0)
              .noInputs()),
      KeyAccessRule::new).toRule();

  private KeyAccessRule(RuleConfig config) {
    super(config);
  }

  @Override public void onMatch(RelOptRuleCall call) {
    final LogicalFilter filter = call.rel(0);
    final SorrelTableScan scan = call.rel(1);
    final ScanPlan plan = narrow(scan.plan(), RelOptUtil.conjunctions(filter.getCondition()));
    if (plan != null) {
      call.transformTo(filter.copy(filter.getTraitSet(), scan.withPlan(plan),
          filter.getCondition()));
    }
  }

  private static ScanPlan narrow(ScanPlan plan, List<RexNode> conjuncts) {
    final Table table = plan.table();
    final int[] key = table.keyColumns();
    final int[] projection = plan.projection();
    final KeyValue[] equal = new KeyValue[key.length];
    for (int k = 0; k < key.length; k++) {
      for (RexNode conjunct : conjuncts) {
        if (conjunct.getKind() == SqlKind.EQUALS) {
          final KeyValue value = comparedValue((RexCall) conjunct, projection, key[k], table);
          if (value != null) {
            equal[k] = value;
            break;
          }
        }
      }
    }
    boolean all = true;
    for (KeyValue value : equal) {
      all &= value != null;
    }
    if (all) {
      return new ScanPlan(table, projection, List.<KeyValue[]>of(equal), null, true, null,
          true);
    }
    final int leading = key[0];
    final ColumnDef leadingColumn = table.columns().get(leading);
    if (equal[0] != null) {
      return new ScanPlan(table, projection, null, equal[0], true, equal[0], true);
    }
    for (RexNode conjunct : conjuncts) {
      if (conjunct.getKind() == SqlKind.SEARCH) {
        final ScanPlan searched = search((RexCall) conjunct, plan, leading, leadingColumn);
        if (searched != null) {
          return searched;
        }
      }
    }
    KeyValue lower = null;
    boolean lowerInclusive = true;
    KeyValue upper = null;
    boolean upperInclusive = true;
    for (RexNode conjunct : conjuncts) {
      final SqlKind kind = conjunct.getKind();
      if (kind != SqlKind.LESS_THAN && kind != SqlKind.LESS_THAN_OR_EQUAL
          && kind != SqlKind.GREATER_THAN && kind != SqlKind.GREATER_THAN_OR_EQUAL) {
        continue;
      }
      final RexCall call = (RexCall) conjunct;
      final KeyValue value = comparedValue(call, projection, leading, table);
      if (value == null || (value instanceof KeyValue.Constant c && c.value() instanceof String s
          && !KeyValue.orderSafe(s))) {
        continue; // not a bound RocksDB's key order can apply (see KeyValue.orderSafe)
      }
      // Normalise to "column OP value".
      final SqlKind op = isColumn(call.getOperands().get(0), projection, leading) ? kind
          : kind.reverse();
      if (op == SqlKind.GREATER_THAN || op == SqlKind.GREATER_THAN_OR_EQUAL) {
        if (lower == null) {
          lower = value;
          lowerInclusive = op == SqlKind.GREATER_THAN_OR_EQUAL;
        }
      } else if (upper == null) {
        upper = value;
        upperInclusive = op == SqlKind.LESS_THAN_OR_EQUAL;
      }
    }
    if (lower == null && upper == null) {
      return null;
    }
    return new ScanPlan(table, projection, null, lower, lowerInclusive, upper, upperInclusive);
  }

  /** A SEARCH on the leading column: an IN list of points, or one range. */
  private static ScanPlan search(RexCall call, ScanPlan plan, int leading, ColumnDef column) {
    final Table table = plan.table();
    if (!isColumn(call.getOperands().get(0), plan.projection(), leading)
        || !(call.getOperands().get(1) instanceof RexLiteral literal)) {
      return null;
    }
    final Sarg<?> sarg = literal.getValueAs(Sarg.class);
    if (sarg == null || sarg.nullAs != org.apache.calcite.rex.RexUnknownAs.UNKNOWN
        && sarg.nullAs != org.apache.calcite.rex.RexUnknownAs.FALSE) {
      return null;
    }
    if (sarg.isPoints() && table.keyColumns().length == 1) {
      final List<KeyValue[]> points = new ArrayList<>();
      for (Range<?> range : sarg.rangeSet.asRanges()) {
        final KeyValue value = constant(range.lowerEndpoint(), column);
        if (value == null) {
          return null;
        }
        points.add(new KeyValue[] {value});
      }
      return new ScanPlan(table, plan.projection(), points, null, true, null, true);
    }
    if (sarg.rangeSet.asRanges().size() != 1) {
      return null;
    }
    final Range<?> range = sarg.rangeSet.asRanges().iterator().next();
    final KeyValue lower = range.hasLowerBound() ? bound(range.lowerEndpoint(), column) : null;
    final KeyValue upper = range.hasUpperBound() ? bound(range.upperEndpoint(), column) : null;
    if ((range.hasLowerBound() && lower == null) || (range.hasUpperBound() && upper == null)
        || (lower == null && upper == null)) {
      return null;
    }
    return new ScanPlan(table, plan.projection(), null,
        lower, !range.hasLowerBound() || range.lowerBoundType() == BoundType.CLOSED,
        upper, !range.hasUpperBound() || range.upperBoundType() == BoundType.CLOSED);
  }

  /**
   * If {@code call} compares key column {@code column} with a literal or a
   * parameter, returns that value; else null.
   */
  private static KeyValue comparedValue(RexCall call, int[] projection, int column,
      Table table) {
    final RexNode left = call.getOperands().get(0);
    final RexNode right = call.getOperands().get(1);
    final RexNode other;
    if (isColumn(left, projection, column)) {
      other = right;
    } else if (isColumn(right, projection, column)) {
      other = left;
    } else {
      return null;
    }
    final ColumnDef def = table.columns().get(column);
    final RexNode value = stripWideningCast(other);
    if (value instanceof RexDynamicParam param) {
      return new KeyValue.Parameter(param.getIndex(), def);
    }
    if (value instanceof RexLiteral literal && !literal.isNull()) {
      return constant(literal.getValue(), def);
    }
    return null;
  }

  private static RexNode stripWideningCast(RexNode node) {
    if (node.getKind() == SqlKind.CAST) {
      final RexNode operand = ((RexCall) node).getOperands().get(0);
      if (operand instanceof RexDynamicParam || operand instanceof RexLiteral) {
        return operand;
      }
    }
    return node;
  }

  /** A literal as a range bound: as {@link #constant}, and only if its order is safe. */
  private static KeyValue bound(Comparable<?> literal, ColumnDef column) {
    final KeyValue value = constant(literal, column);
    return value instanceof KeyValue.Constant c && c.value() instanceof String s
        && !KeyValue.orderSafe(s) ? null : value;
  }

  /**
   * Converts a literal to the key column's storage value, or null if it does
   * not convert exactly (then the scan stays full and the filter decides).
   */
  private static KeyValue constant(Comparable<?> literal, ColumnDef column) {
    final Object value = CalciteValues.toStorage(literal);
    final ValueType type = column.type();
    final boolean integral = type == ValueType.TINYINT || type == ValueType.SMALLINT
        || type == ValueType.INTEGER || type == ValueType.BIGINT;
    if (integral && !CalciteValues.isIntegral(value)) {
      return null;
    }
    if (value instanceof BigDecimal && !(integral || type == ValueType.DECIMAL
        || type == ValueType.DOUBLE || type == ValueType.REAL)) {
      return null;
    }
    try {
      final ColumnDef unbounded = new ColumnDef(column.name(), type, -1, 0, true, null);
      return new KeyValue.Constant(Values.coerce(
          type == ValueType.DECIMAL ? unbounded : column, value));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean isColumn(RexNode node, int[] projection, int column) {
    return node instanceof RexInputRef ref && projection[ref.getIndex()] == column;
  }
}
