package dev.sorrel.sql.rel;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.metadata.RelMdCollation;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexPermuteInputsShuttle;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mappings;

/**
 * Makes a scan decode only the columns a projection above it uses, so
 * {@code SELECT SUM(amount) FROM t} reads one column of each row, not all.
 */
final class ProjectIntoScanRule extends RelRule<RuleConfig> {
  static final ProjectIntoScanRule INSTANCE = (ProjectIntoScanRule) RuleConfig.of(
      "SorrelProjectIntoScanRule",
      b0 -> b0.operand(LogicalProject.class).oneInput(b1 ->
          b1.operand(SorrelTableScan.class).noInputs()),
      ProjectIntoScanRule::new).toRule();

  private ProjectIntoScanRule(RuleConfig config) {
    super(config);
  }

  @Override public void onMatch(RelOptRuleCall call) {
    final LogicalProject project = call.rel(0);
    final SorrelTableScan scan = call.rel(1);
    final ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
    final int width = scan.getRowType().getFieldCount();
    if (used.cardinality() == width) {
      return;
    }
    // A scan must produce at least one column; COUNT(*) reads the first.
    final ImmutableBitSet kept = used.isEmpty() ? ImmutableBitSet.of(0) : used;
    final int[] old = scan.plan().projection();
    final int[] projection = new int[kept.cardinality()];
    int i = 0;
    for (int field : kept) {
      projection[i++] = old[field];
    }
    final Mappings.TargetMapping mapping = Mappings.target(kept.toList(), width);
    final List<RexNode> projects = new ArrayList<>();
    for (RexNode node : project.getProjects()) {
      projects.add(node.accept(new RexPermuteInputsShuttle(mapping)));
    }
    final SorrelTableScan narrowed = scan.withProjection(projection);
    // The projection keeps the order of the scan's columns it passes on.
    call.transformTo(project.copy(project.getTraitSet().replace(RelCollationTraitDef.INSTANCE,
        RelMdCollation.project(call.getMetadataQuery(), narrowed, projects)), narrowed,
        projects, project.getRowType()));
  }
}
