package dev.sorrel.sql.rel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;

/**
 * Rewrites an aggregate whose group keys are all constants, in a plan that Calcite's
 * decorrelator will rework, as an aggregate without keys that also counts its rows, kept only
 * where that count is above zero, with the constants projected back:
 * {@code SELECT 'k', COUNT(*) ... GROUP BY 'k'} returns no row for an empty input, as a
 * grouped aggregate must.
 *
 * <p>Calcite 1.42's {@code RelDecorrelator} leaves constant group keys out of the aggregates
 * it rebuilds, even when that leaves none: the aggregate then has no keys and returns one row
 * (a count of 0) for an empty input, so a query with a constant group key and a correlated
 * subquery ({@code WHERE NOT EXISTS (...)}) gave a row where it must give none. Calcite's
 * own {@code AggregateProjectPullUpConstantsRule} keeps the last key for that reason; the
 * filter on a count is how CALCITE-4634 proposes to remove the last one safely.
 */
public final class ConstantGroupKeys extends RelShuttleImpl {
  private ConstantGroupKeys() {
  }

  /** Returns {@code rel} rewritten, if it has a correlation for the decorrelator. */
  public static RelNode apply(RelNode rel) {
    return correlated(rel) ? rel.accept(new ConstantGroupKeys()) : rel;
  }

  private static boolean correlated(RelNode rel) {
    if (rel instanceof LogicalCorrelate) {
      return true;
    }
    for (RelNode input : rel.getInputs()) {
      if (correlated(input)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a plan reads a correlation variable that it does not set itself: an aggregate
   * inside a correlated subquery ({@code EXISTS} becomes one grouped by the constant TRUE).
   * The decorrelator adds the correlated columns to such an aggregate's keys, so it keeps
   * keys, and its plan stays as it was.
   */
  private static boolean correlatedFrom(RelNode rel) {
    final Set<CorrelationId> used = new HashSet<>();
    final Set<CorrelationId> set = new HashSet<>();
    collect(rel, used, set);
    used.removeAll(set);
    return !used.isEmpty();
  }

  private static void collect(RelNode rel, Set<CorrelationId> used, Set<CorrelationId> set) {
    set.addAll(rel.getVariablesSet());
    rel.accept(new RexShuttle() {
      @Override public RexNode visitCorrelVariable(RexCorrelVariable variable) {
        used.add(variable.id);
        return variable;
      }
    });
    for (RelNode input : rel.getInputs()) {
      collect(input, used, set);
    }
  }

  @Override public RelNode visit(LogicalAggregate aggregate) {
    final RelNode visited = super.visit(aggregate);
    if (!(visited instanceof LogicalAggregate agg) || agg.getGroupType() != Aggregate.Group.SIMPLE
        || agg.getGroupSet().isEmpty() || !(agg.getInput() instanceof Project project)
        || correlatedFrom(agg)) {
      return visited;
    }
    final List<RexNode> keys = new ArrayList<>();
    for (int key : agg.getGroupSet()) {
      final RexNode expr = project.getProjects().get(key);
      if (!(expr instanceof RexLiteral)) {
        return visited;
      }
      keys.add(expr);
    }
    final RelBuilder b = RelFactories.LOGICAL_BUILDER.create(agg.getCluster(), null);
    b.push(agg.getInput());
    final List<RelBuilder.AggCall> calls = new ArrayList<>();
    for (AggregateCall call : agg.getAggCallList()) {
      calls.add(b.aggregateCall(call));
    }
    calls.add(b.countStar("$rows"));
    b.aggregate(b.groupKey(), calls);
    final int rows = calls.size() - 1;
    b.filter(b.call(SqlStdOperatorTable.GREATER_THAN, b.field(rows), b.literal(0)));
    final List<RexNode> output = new ArrayList<>(keys);
    for (int i = 0; i < rows; i++) {
      output.add(b.field(i));
    }
    b.project(output);
    // A call's type may be nullable without keys (SUM of no rows) where it was not with them;
    // the count keeps such rows out, so the original row type holds.
    b.convert(agg.getRowType(), true);
    return b.build();
  }
}
