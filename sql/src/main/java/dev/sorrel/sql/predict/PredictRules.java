package dev.sorrel.sql.predict;

import org.apache.calcite.plan.RelOptRule;

/**
 * The planner rules of PREDICT, for {@link dev.sorrel.sql.SorrelPlanner} to
 * register: a rewrite that runs before cost-based planning and moves every
 * PREDICT call into a batching operator, and the rule that implements that
 * operator.
 */
public final class PredictRules {
  /** Implements the batching operator. */
  public static final RelOptRule TO_ENUMERABLE = SorrelPredict.Rule.INSTANCE;

  private PredictRules() {
  }

  /**
   * Moves PREDICT calls out of a projection.
   *
   * @param defaultBatchSize rows per model call for models without a
   *     {@code batch_size} option
   */
  public static RelOptRule extractFromProject(int defaultBatchSize) {
    return PredictExtractRule.project(defaultBatchSize);
  }

  /** Moves PREDICT calls out of a filter condition; see {@link #extractFromProject}. */
  public static RelOptRule extractFromFilter(int defaultBatchSize) {
    return PredictExtractRule.filter(defaultBatchSize);
  }
}
