package dev.sorrel.sql.lookup;

import java.util.List;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A join whose right side is read by key lookups: its one input is the left
 * side, and each output row is the left row followed by the looked-up
 * columns. Logical form; the planner turns it into {@link SorrelLookupJoin}.
 */
public class LogicalLookupJoin extends SingleRel {
  final LookupJoinPlan plan;
  private final RelDataType outputType;

  LogicalLookupJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left, LookupJoinPlan plan,
      RelDataType outputType) {
    super(cluster, traits, left);
    this.plan = plan;
    this.outputType = outputType;
  }

  static LogicalLookupJoin create(RelNode left, LookupJoinPlan plan, RelDataType rowType) {
    return new LogicalLookupJoin(left.getCluster(), left.getTraitSet().replace(Convention.NONE),
        left, plan, rowType);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new LogicalLookupJoin(getCluster(), traitSet, sole(inputs), plan, outputType);
  }

  @Override protected RelDataType deriveRowType() {
    return outputType;
  }

  @Override public double estimateRowCount(RelMetadataQuery mq) {
    return mq.getRowCount(getInput());
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("type", plan.inner() ? "inner" : "left")
        .item("access", "key lookup online." + plan.table().name());
  }
}
