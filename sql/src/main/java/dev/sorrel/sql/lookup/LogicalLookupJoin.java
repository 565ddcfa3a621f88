package dev.sorrel.sql.lookup;

import java.util.List;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;

import dev.sorrel.sql.rel.KeyedJoin;

/**
 * A join whose right side is read by key lookups: its one input is the left
 * side, and each output row is the left row followed by the looked-up
 * columns. Logical form; the planner turns it into {@link SorrelLookupJoin}.
 */
public class LogicalLookupJoin extends KeyedJoin {
  final LookupJoinPlan plan;

  LogicalLookupJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left, LookupJoinPlan plan,
      RelDataType outputType) {
    super(cluster, traits, left, outputType);
    this.plan = plan;
  }

  static LogicalLookupJoin create(RelNode left, LookupJoinPlan plan, RelDataType rowType) {
    return new LogicalLookupJoin(left.getCluster(), left.getTraitSet().replace(Convention.NONE),
        left, plan, rowType);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new LogicalLookupJoin(getCluster(), traitSet, sole(inputs), plan, getRowType());
  }

  @Override protected boolean inner() {
    return plan.inner();
  }

  @Override protected String access() {
    // The probed fields and returned columns keep joins on other left columns apart.
    final StringBuilder keys = new StringBuilder();
    for (int i = 0; i < plan.keyFields().length; i++) {
      keys.append(i == 0 ? "" : ", ").append('$').append(plan.keyFields()[i]);
    }
    return "key lookup online." + plan.table().name() + " by (" + keys + "), columns "
        + columnNames(plan.table(), plan.projection());
  }
}
