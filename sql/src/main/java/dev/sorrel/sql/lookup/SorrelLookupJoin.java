package dev.sorrel.sql.lookup;

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
 * Runs a lookup join: one RocksDB get per left row, with the online table's
 * TTL checked as for any online read. EXPLAIN shows it as
 * {@code SorrelLookupJoin(type=[left], access=[key lookup online.V])}.
 */
public final class SorrelLookupJoin extends LogicalLookupJoin implements EnumerableRel {
  SorrelLookupJoin(RelOptCluster cluster, RelTraitSet traits, RelNode input, LookupJoinPlan plan,
      RelDataType rowType) {
    super(cluster, traits, input, plan, rowType);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new SorrelLookupJoin(getCluster(), traitSet, sole(inputs), plan, getRowType());
  }

  @Override public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    final double rows = mq.getRowCount(getInput());
    return planner.getCostFactory().makeCost(rows, rows * 5, rows);
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    return BatchOperators.implement(this, implementor, LookupRuntime.JOIN, plan,
        LookupJoinPlan.class);
  }


  /** Turns {@link LogicalLookupJoin} into this operator. */
  public static final class Rule extends ConverterRule {
    public static final Rule INSTANCE = new Rule();

    private Rule() {
      super(Config.INSTANCE.withConversion(LogicalLookupJoin.class,
          (LogicalLookupJoin j) -> !(j instanceof SorrelLookupJoin), Convention.NONE,
          EnumerableConvention.INSTANCE, "SorrelLookupJoinRule"));
    }

    @Override public RelNode convert(RelNode rel) {
      final LogicalLookupJoin join = (LogicalLookupJoin) rel;
      return new SorrelLookupJoin(join.getCluster(),
          join.getTraitSet().replace(EnumerableConvention.INSTANCE),
          convert(join.getInput(), join.getInput().getTraitSet()
              .replace(EnumerableConvention.INSTANCE)),
          join.plan, join.getRowType());
    }
  }
}
