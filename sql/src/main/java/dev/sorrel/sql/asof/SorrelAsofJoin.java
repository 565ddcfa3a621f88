package dev.sorrel.sql.asof;

import java.util.List;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

import dev.sorrel.sql.rel.BatchOperators;

/**
 * Runs a point-in-time join ({@link AsofRuntime}): reads the left side in
 * chunks, sorts each chunk's probes into key order, finds each probe's match
 * in the feature view's history segment or with a backward seek over the
 * right table's keys, and emits the chunk in its input order. Memory is
 * bounded by a few chunks, whatever the size of either side. EXPLAIN shows it
 * as {@code SorrelAsofJoin(type=[left], access=[match ...])} for a feature
 * view and {@code access=[seek ...]} for a plain table.
 */
public final class SorrelAsofJoin extends LogicalSorrelAsofJoin implements EnumerableRel {
  SorrelAsofJoin(RelOptCluster cluster, RelTraitSet traits, RelNode input, AsofJoinPlan plan,
      RelDataType rowType) {
    super(cluster, traits, input, plan, rowType);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new SorrelAsofJoin(getCluster(), traitSet, sole(inputs), plan, getRowType());
  }

  @Override public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    final double rows = mq.getRowCount(getInput());
    return planner.getCostFactory().makeCost(rows, rows * 20, rows * 2);
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    return BatchOperators.implement(this, implementor, AsofRuntime.JOIN, plan,
        AsofJoinPlan.class);
  }


  /** Turns {@link LogicalSorrelAsofJoin} into this operator. */
  public static final class Rule extends ConverterRule {
    public static final Rule INSTANCE = new Rule();

    private Rule() {
      super(Config.INSTANCE.withConversion(LogicalSorrelAsofJoin.class,
          (LogicalSorrelAsofJoin j) -> !(j instanceof SorrelAsofJoin), Convention.NONE,
          EnumerableConvention.INSTANCE, "SorrelAsofJoinRule"));
    }

    @Override public RelNode convert(RelNode rel) {
      final LogicalSorrelAsofJoin join = (LogicalSorrelAsofJoin) rel;
      return new SorrelAsofJoin(join.getCluster(),
          join.getTraitSet().replace(EnumerableConvention.INSTANCE),
          convert(join.getInput(), join.getInput().getTraitSet()
              .replace(EnumerableConvention.INSTANCE)),
          join.plan, join.getRowType());
    }
  }
}
