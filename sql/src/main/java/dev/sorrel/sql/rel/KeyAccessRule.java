package dev.sorrel.sql.rel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.Sarg;

import dev.sorrel.engine.table.AccessPath;
import dev.sorrel.engine.table.KeyPredicate;
import dev.sorrel.engine.table.KeyPredicate.Operand;
import dev.sorrel.engine.table.KeyPredicate.Operator;
import dev.sorrel.sql.runtime.CalciteValues;
import dev.sorrel.sql.runtime.ScanPlan;

/**
 * Narrows a full scan under a filter to the part of the primary key, or of a
 * secondary index, the filter allows. The rule only translates: it states the filter's
 * comparisons of columns with literals and parameters as
 * {@link KeyPredicate}s and asks the table for its
 * {@link dev.sorrel.engine.table.Table#accessPath access path}; the table
 * decides what its key order can serve. The filter stays above the narrowed
 * scan, since a path may read more rows than the filter keeps.
 */
final class KeyAccessRule extends RelRule<RuleConfig> {
  static final KeyAccessRule INSTANCE = (KeyAccessRule) RuleConfig.of("SorrelKeyAccessRule",
      b0 -> b0.operand(LogicalFilter.class).oneInput(b1 ->
          b1.operand(SorrelTableScan.class)
              .predicate(scan -> scan.plan().isFull()
                  && (scan.plan().table().keyColumns().length > 0
                      || !scan.plan().table().indexes().isEmpty()))
              .noInputs()),
      KeyAccessRule::new).toRule();

  private static final Map<SqlKind, Operator> COMPARISONS = Map.of(
      SqlKind.EQUALS, Operator.EQUAL,
      SqlKind.LESS_THAN, Operator.LESS,
      SqlKind.LESS_THAN_OR_EQUAL, Operator.LESS_OR_EQUAL,
      SqlKind.GREATER_THAN, Operator.GREATER,
      SqlKind.GREATER_THAN_OR_EQUAL, Operator.GREATER_OR_EQUAL);

  private KeyAccessRule(RuleConfig config) {
    super(config);
  }

  @Override public void onMatch(RelOptRuleCall call) {
    final LogicalFilter filter = call.rel(0);
    final SorrelTableScan scan = call.rel(1);
    final SorrelTableScan narrowed = narrowed(filter.getCondition(), scan);
    if (narrowed == scan) {
      return;
    }
    // The filter keeps the order the narrowed scan reads in (key order, or none for points).
    final RelCollation order = narrowed.getTraitSet().getCollation();
    call.transformTo(filter.copy(filter.getTraitSet().replace(order), narrowed,
        filter.getCondition()));
  }

  /** The scan reading only the rows a filter's condition allows, or the scan itself. */
  static SorrelTableScan narrowed(RexNode condition, SorrelTableScan scan) {
    final ScanPlan plan = scan.plan();
    final Translation translation = new Translation(plan.projection());
    for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
      translation.conjunct(conjunct);
    }
    final AccessPath access = plan.table().accessPath(translation.predicates);
    if (access.isFull()) {
      return scan;
    }
    final Map<Integer, RexDynamicParam> read = new TreeMap<>();
    for (KeyPredicate used : access.used()) {
      for (Operand operand : used.operands()) {
        if (operand instanceof KeyPredicate.Parameter p) {
          read.put(p.index(), translation.parameters.get(p.index()));
        }
      }
    }
    return scan.withAccess(access, List.copyOf(read.values()));
  }

  /**
   * The key predicates a filter's conjuncts state, and the parameters they
   * read (with their declared types, which decide how a value is read).
   */
  private static final class Translation {
    private final int[] projection;
    final List<KeyPredicate> predicates = new ArrayList<>();
    final Map<Integer, RexDynamicParam> parameters = new HashMap<>();

    Translation(int[] projection) {
      this.projection = projection;
    }

    /** Adds the predicates a conjunct states, if it compares a column with values. */
    void conjunct(RexNode conjunct) {
      final Operator operator = COMPARISONS.get(conjunct.getKind());
      if (operator != null) {
        comparison((RexCall) conjunct, operator);
      } else if (conjunct.getKind() == SqlKind.SEARCH) {
        search((RexCall) conjunct);
      }
    }

    /** {@code column OP value} or {@code value OP column}. */
    private void comparison(RexCall call, Operator operator) {
      final RexNode left = call.getOperands().get(0);
      final RexNode right = call.getOperands().get(1);
      final int leftColumn = column(left);
      final int rightColumn = column(right);
      final Operand rightValue = operand(right);
      final Operand leftValue = operand(left);
      if (leftColumn >= 0 && rightValue != null) {
        predicates.add(KeyPredicate.of(leftColumn, operator, rightValue));
      } else if (rightColumn >= 0 && leftValue != null) {
        predicates.add(KeyPredicate.of(rightColumn, operator.reverse(), leftValue));
      }
    }

    /**
     * {@code SEARCH(column, sarg)}: a set of points becomes an equality or an
     * {@code IN}, a single range its one or two bounds; anything else (several
     * ranges, a search that NULL satisfies) states nothing usable.
     */
    private void search(RexCall call) {
      final int column = column(call.getOperands().get(0));
      if (column < 0 || !(call.getOperands().get(1) instanceof RexLiteral literal)) {
        return;
      }
      final Sarg<?> sarg = literal.getValueAs(Sarg.class);
      if (sarg == null
          || (sarg.nullAs != RexUnknownAs.UNKNOWN && sarg.nullAs != RexUnknownAs.FALSE)) {
        return;
      }
      if (sarg.isPoints()) {
        final List<Operand> points = new ArrayList<>();
        for (Range<?> range : sarg.rangeSet.asRanges()) {
          points.add(constant(range.lowerEndpoint()));
        }
        predicates.add(points.size() == 1
            ? KeyPredicate.of(column, Operator.EQUAL, points.get(0))
            : KeyPredicate.in(column, points));
        return;
      }
      if (sarg.rangeSet.asRanges().size() != 1) {
        return;
      }
      final Range<?> range = sarg.rangeSet.asRanges().iterator().next();
      if (range.hasLowerBound()) {
        predicates.add(KeyPredicate.of(column, range.lowerBoundType() == BoundType.CLOSED
            ? Operator.GREATER_OR_EQUAL : Operator.GREATER, constant(range.lowerEndpoint())));
      }
      if (range.hasUpperBound()) {
        predicates.add(KeyPredicate.of(column, range.upperBoundType() == BoundType.CLOSED
            ? Operator.LESS_OR_EQUAL : Operator.LESS, constant(range.upperEndpoint())));
      }
    }

    /** The table column an input reference reads through the scan's projection, or -1. */
    private int column(RexNode node) {
      return node instanceof RexInputRef ref ? projection[ref.getIndex()] : -1;
    }

    /**
     * A parameter or a non-null literal, also under a widening cast (the table
     * converts the value to the column's type exactly or not at all); else null.
     */
    private Operand operand(RexNode node) {
      RexNode value = node;
      if (value.getKind() == SqlKind.CAST
          && Widening.widens(((RexCall) value).getOperands().get(0).getType(), value.getType())) {
        value = ((RexCall) value).getOperands().get(0);
      }
      if (value instanceof RexDynamicParam param) {
        parameters.put(param.getIndex(), param);
        return new KeyPredicate.Parameter(param.getIndex());
      }
      if (value instanceof RexLiteral literal && !literal.isNull()) {
        return constant(literal.getValue());
      }
      return null;
    }
  }

  private static Operand constant(Comparable<?> literal) {
    return new KeyPredicate.Constant(CalciteValues.toStorage(literal));
  }
}
