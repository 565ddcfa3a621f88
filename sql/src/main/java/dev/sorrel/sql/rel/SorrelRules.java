package dev.sorrel.sql.rel;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;

/**
 * The planner rules of this package, for {@link dev.sorrel.sql.SorrelPlanner}
 * to register: the rules stay package-private classes, the planner decides
 * when each runs.
 */
public final class SorrelRules {
  /** Turns key predicates over a Sorrel table scan into point and range reads. */
  public static final RelOptRule KEY_ACCESS = KeyAccessRule.INSTANCE;
  /** Lets a Sorrel table scan read only the projected columns. */
  public static final RelOptRule PROJECT_INTO_SCAN = ProjectIntoScanRule.INSTANCE;
  /** Folds NULL arithmetic in projections to NULL before cost-based planning. */
  public static final RelOptRule NULL_PROPAGATION = NullPropagationRule.INSTANCE;
  /** Calcite's project-to-semi-join rule, for grouped aggregates only. */
  public static final RelOptRule PROJECT_TO_SEMI_JOIN = GroupedSemiJoinRules.PROJECT_TO_SEMI_JOIN;
  /** Calcite's join-to-semi-join rule, for grouped aggregates only. */
  public static final RelOptRule JOIN_TO_SEMI_JOIN = GroupedSemiJoinRules.JOIN_TO_SEMI_JOIN;
  /** Implements INSERT, UPDATE and DELETE on Sorrel tables. */
  public static final RelOptRule TABLE_MODIFY = SorrelTableModify.Rule.INSTANCE;

  private SorrelRules() {
  }

  /**
   * The rows a filter over a full scan keeps, as the planner estimates them
   * once the filter's key predicates narrow the scan: the narrowed path's
   * counted rows times Calcite's guess of the filter's selectivity. For a
   * rule that replaces such a filter and must cost its replacement as the
   * planner costs the filter (see the lookup joins).
   *
   * @param condition the filter's condition, or null for none
   */
  public static double filteredRows(RelMetadataQuery mq, RexNode condition,
      SorrelTableScan scan) {
    if (condition == null) {
      return scan.estimateRowCount(mq);
    }
    return KeyAccessRule.narrowed(condition, scan).estimateRowCount(mq)
        * RelMdUtil.guessSelectivity(condition);
  }
}
