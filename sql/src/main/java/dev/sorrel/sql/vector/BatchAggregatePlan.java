package dev.sorrel.sql.vector;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.table.segment.BlockPredicate;
import dev.sorrel.sql.runtime.ScanPlan;

/**
 * What {@link SorrelBatchAggregate} runs, fixed at planning time: a full
 * scan, a filter and the aggregate's inputs as expressions over the scan's
 * columns, the group keys and the aggregates, and the conditions a segment's
 * block statistics can rule out. Immutable: each execution compiles its own
 * {@link VectorExpr}s from it, with its own parameter values.
 *
 * @param scan the full scan and its projection
 * @param condition the filter over the scan's columns, or null for every row
 * @param inputs the aggregate's input columns, as expressions over the scan's columns
 * @param keys the group keys, as indexes into {@code inputs}
 * @param keyTypes the SQL types of the group keys
 * @param calls the aggregates, their arguments indexes into {@code inputs}
 * @param blockPredicates conditions of the filter on the table's columns, for skipping blocks
 * @param parameterBounds comparisons of the filter between a column and a parameter, which
 *     skip blocks once bound to an execution's values
 */
public record BatchAggregatePlan(ScanPlan scan, @Nullable RexNode condition,
    List<RexNode> inputs, int[] keys, SqlTypeName[] keyTypes, List<AggregateCall> calls,
    List<BlockPredicate> blockPredicates, List<ParameterBound> parameterBounds) {
  /**
   * The conditions that skip blocks in one execution: {@link #blockPredicates} and the
   * {@link #parameterBounds} bound to its parameter values.
   *
   * @param parameters the execution's parameter values by index (null if the plan reads none)
   */
  public List<BlockPredicate> blockPredicates(Object @Nullable [] parameters) {
    if (parameterBounds.isEmpty()) {
      return blockPredicates;
    }
    final List<BlockPredicate> all = new ArrayList<>(blockPredicates);
    for (ParameterBound bound : parameterBounds) {
      all.add(parameters == null || bound.parameter() >= parameters.length
          ? new BlockPredicate.NotNull(bound.column()) : bound.bind(parameters[bound.parameter()]));
    }
    return all;
  }
}
