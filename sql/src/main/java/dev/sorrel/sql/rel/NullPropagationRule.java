package dev.sorrel.sql.rel;

import java.util.List;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.Strong;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;

/**
 * Replaces a call that returns NULL whenever any operand is NULL, and has a NULL literal
 * operand, by a NULL literal of its type, in a projection's expressions:
 * {@code CAST(NULL AS INTEGER) * -b / -a * 61} becomes {@code NULL}. PostgreSQL's planner
 * folds strict functions with a NULL constant argument the same way, whatever the other
 * arguments are.
 *
 * <p>Without it Calcite fails on such an expression with {@code AssertionError: not a
 * literal}: its collation derivation for a projection calls the division "constant" because
 * of its NULL operand and, multiplying a constant by a literal, asks the division for its
 * literal value. Calcite's own simplifier does not fold here because Sorrel's arithmetic is
 * checked (a checked division counts as unsafe), and reducing constant expressions would
 * compile code for every query with a literal expression.
 */
final class NullPropagationRule extends RelRule<RuleConfig> {
  static final NullPropagationRule INSTANCE = (NullPropagationRule) RuleConfig.of(
      "SorrelNullPropagationRule",
      b0 -> b0.operand(LogicalProject.class).anyInputs(),
      NullPropagationRule::new).toRule();

  private NullPropagationRule(RuleConfig config) {
    super(config);
  }

  @Override public void onMatch(RelOptRuleCall call) {
    final LogicalProject project = call.rel(0);
    final Folder folder = new Folder(project.getCluster().getRexBuilder());
    final List<RexNode> folded = folder.apply(project.getProjects());
    if (folded.equals(project.getProjects())) {
      return;
    }
    call.transformTo(project.copy(project.getTraitSet(), project.getInput(), folded,
        project.getRowType()));
  }

  /** Folds bottom-up, so a NULL produced below folds the call above it. */
  static final class Folder extends RexShuttle {
    private final RexBuilder rexBuilder;

    Folder(RexBuilder rexBuilder) {
      this.rexBuilder = rexBuilder;
    }

    @Override public RexNode visitCall(RexCall call) {
      final RexNode visited = super.visitCall(call);
      if (visited instanceof RexCall folded
          && Strong.policy(folded) == Strong.Policy.ANY
          && folded.getOperands().stream().anyMatch(o -> RexUtil.isNullLiteral(o, true))
          && !RexUtil.isNullLiteral(folded, true)) {
        return rexBuilder.makeNullLiteral(folded.getType());
      }
      return visited;
    }
  }
}
