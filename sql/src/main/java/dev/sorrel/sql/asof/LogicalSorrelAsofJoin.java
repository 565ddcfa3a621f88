package dev.sorrel.sql.asof;

import java.util.List;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;

import dev.sorrel.sql.rel.KeyedJoin;

/**
 * A point-in-time join whose right side is searched by key: its one input
 * is the left side, and each output row is the left row followed by the
 * matched right columns. Logical form; the planner turns it into
 * {@link SorrelAsofJoin}.
 */
public class LogicalSorrelAsofJoin extends KeyedJoin {
  final AsofJoinPlan plan;

  LogicalSorrelAsofJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left,
      AsofJoinPlan plan, RelDataType outputType) {
    super(cluster, traits, left, outputType);
    this.plan = plan;
  }

  static LogicalSorrelAsofJoin create(RelNode left, AsofJoinPlan plan, RelDataType rowType) {
    return new LogicalSorrelAsofJoin(left.getCluster(),
        left.getTraitSet().replace(Convention.NONE), left, plan, rowType);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new LogicalSorrelAsofJoin(getCluster(), traitSet, sole(inputs), plan, getRowType());
  }

  @Override protected boolean inner() {
    return plan.inner();
  }

  @Override protected String access() {
    return plan.describe();
  }
}
