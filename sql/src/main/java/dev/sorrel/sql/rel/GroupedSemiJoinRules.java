package dev.sorrel.sql.rel;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.rules.SemiJoinRule.JoinToSemiJoinRule.JoinToSemiJoinRuleConfig;
import org.apache.calcite.rel.rules.SemiJoinRule.ProjectToSemiJoinRule.ProjectToSemiJoinRuleConfig;

/**
 * Calcite's rules that turn a join with an aggregate into a semi-join on the aggregate's input
 * ({@code CoreRules.PROJECT_TO_SEMI_JOIN}, {@code CoreRules.JOIN_TO_SEMI_JOIN}), matched only
 * when the aggregate groups by at least one column.
 *
 * <p>Calcite 1.42 also matches an aggregate without grouping columns. Such an aggregate returns
 * one row even over no rows, but its input may return none, so the semi-join it becomes drops
 * every row: {@code WHERE a IN (SELECT b FROM t WHERE b > 96 AND b <= 46) OR a <= 86}, which
 * Calcite rewrites with a join to {@code SELECT COUNT(*) ...} of the empty subquery, returned
 * no rows at all.
 */
final class GroupedSemiJoinRules {
  /** {@code Project(Join(x, Aggregate))} using only x's columns, for a grouped aggregate. */
  static final RelOptRule PROJECT_TO_SEMI_JOIN = ProjectToSemiJoinRuleConfig.DEFAULT
      .withOperandSupplier(b -> b.operand(Project.class).oneInput(b2 ->
          b2.operand(Join.class).predicate(GroupedSemiJoinRules::isInnerOrLeft).inputs(
              b3 -> b3.operand(RelNode.class).anyInputs(),
              b4 -> b4.operand(Aggregate.class)
                  .predicate(GroupedSemiJoinRules::groups).anyInputs())))
      .withDescription("SorrelSemiJoinRule:project")
      .as(ProjectToSemiJoinRuleConfig.class)
      .toRule();

  /** {@code Join(x, Aggregate)} with an aggregate of no calls, for a grouped aggregate. */
  static final RelOptRule JOIN_TO_SEMI_JOIN = JoinToSemiJoinRuleConfig.DEFAULT
      .withOperandSupplier(b -> b.operand(Join.class)
          .predicate(GroupedSemiJoinRules::isInnerOrLeft).inputs(
              b2 -> b2.operand(RelNode.class).anyInputs(),
              b3 -> b3.operand(Aggregate.class)
                  .predicate(GroupedSemiJoinRules::groups).anyInputs()))
      .withDescription("SorrelSemiJoinRule:join")
      .as(JoinToSemiJoinRuleConfig.class)
      .toRule();

  private GroupedSemiJoinRules() {
  }

  private static boolean isInnerOrLeft(Join join) {
    return join.getJoinType() == JoinRelType.INNER || join.getJoinType() == JoinRelType.LEFT;
  }

  private static boolean groups(Aggregate aggregate) {
    return aggregate.getGroupCount() > 0;
  }
}
