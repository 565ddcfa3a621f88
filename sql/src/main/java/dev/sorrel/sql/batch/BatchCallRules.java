package dev.sorrel.sql.batch;

import org.apache.calcite.plan.RelOptRule;

/**
 * The planner rules of batch functions, for {@link dev.sorrel.sql.SorrelPlanner}
 * to register: a rewrite that runs before cost-based planning and moves every
 * call of a {@link KernelFunction} (PREDICT and its kin) into a batching operator, and the rule that implements that
 * operator.
 */
public final class BatchCallRules {
  /** Implements the batching operator. */
  public static final RelOptRule TO_ENUMERABLE = SorrelBatchCall.Rule.INSTANCE;

  private BatchCallRules() {
  }

  /**
   * Moves batch function calls out of a projection.
   *
   * @param defaultBatchSize rows per model call for models without a
   *     {@code batch_size} option
   */
  public static RelOptRule extractFromProject(int defaultBatchSize) {
    return BatchCallExtractRule.project(defaultBatchSize);
  }

  /** Moves batch function calls out of a filter condition; see {@link #extractFromProject}. */
  public static RelOptRule extractFromFilter(int defaultBatchSize) {
    return BatchCallExtractRule.filter(defaultBatchSize);
  }
}
