package dev.sorrel.sql.asof;

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
 * A point-in-time join whose right side is read by key seeks: its one input
 * is the left side, and each output row is the left row followed by the
 * matched right columns. Logical form; the planner turns it into
 * {@link SorrelAsofJoin}.
 */
public class LogicalSorrelAsofJoin extends SingleRel {
  final AsofJoinPlan plan;
  private final RelDataType outputType;

  LogicalSorrelAsofJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left,
      AsofJoinPlan plan, RelDataType outputType) {
    super(cluster, traits, left);
    this.plan = plan;
    this.outputType = outputType;
  }

  static LogicalSorrelAsofJoin create(RelNode left, AsofJoinPlan plan, RelDataType rowType) {
    return new LogicalSorrelAsofJoin(left.getCluster(),
        left.getTraitSet().replace(Convention.NONE), left, plan, rowType);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new LogicalSorrelAsofJoin(getCluster(), traitSet, sole(inputs), plan, outputType);
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
        .item("access", plan.describe());
  }
}
