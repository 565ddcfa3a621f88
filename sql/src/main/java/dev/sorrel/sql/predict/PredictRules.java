package dev.sorrel.sql.predict;

import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/** How planning handles PREDICT: a rewrite before cost-based planning, then a converter. */
public final class PredictRules {
  private PredictRules() {
  }

  /**
   * The optimization program: Calcite's standard one, preceded by a pass that
   * moves every PREDICT call into a batching operator.
   *
   * @param defaultBatchSize rows per model call for models without a
   *     {@code batch_size} option
   */
  public static Program program(int defaultBatchSize) {
    final HepProgram extract = HepProgram.builder()
        .addRuleInstance(dev.sorrel.sql.asof.AsofJoinRule.INSTANCE)
        .addRuleInstance(dev.sorrel.sql.asof.AsofJoinRule.STRAY_HINT)
        .addRuleInstance(dev.sorrel.sql.lookup.LookupJoinRule.INSTANCE)
        .addRuleInstance(PredictExtractRule.project(defaultBatchSize))
        .addRuleInstance(PredictExtractRule.filter(defaultBatchSize))
        .build();
    return Programs.sequence(Programs.of(extract, true, DefaultRelMetadataProvider.INSTANCE),
        Programs.standard());
  }

  /** Adds the rule that implements the batching operator. */
  public static void register(RelOptPlanner planner) {
    planner.addRule(SorrelPredict.Rule.INSTANCE);
  }
}
