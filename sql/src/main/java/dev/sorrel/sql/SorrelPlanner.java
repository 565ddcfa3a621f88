package dev.sorrel.sql;

import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

import dev.sorrel.sql.asof.AsofJoinRule;
import dev.sorrel.sql.asof.SorrelAsofJoin;
import dev.sorrel.sql.lookup.LookupJoinRule;
import dev.sorrel.sql.lookup.SorrelLookupJoin;
import dev.sorrel.sql.predict.PredictRules;
import dev.sorrel.sql.rel.SorrelRules;
import dev.sorrel.sql.rel.ValuesLiteralTypes;

/**
 * How Sorrel plans a query, in two phases. First a rewrite pass (Calcite's
 * Hep planner) turns point-in-time and lookup joins into Sorrel's own join
 * operators, moves PREDICT calls into a batching operator and folds NULL
 * arithmetic in projections; these rewrites must apply wherever they match,
 * so they do not compete on cost. Then Calcite's cost-based planner
 * (Volcano) runs with Calcite's rules plus
 * Sorrel's: key access paths, projection into scans, writes, and the
 * implementations of Sorrel's operators.
 *
 * <p>{@link SorrelPrepare} installs both phases through Calcite's extension
 * points: {@link #addRules} when it creates the planner, {@link #program}
 * as the preparing statement's optimization program.
 */
public final class SorrelPlanner {
  private SorrelPlanner() {
  }

  /**
   * The optimization program: the rewrite pass, then Calcite's standard
   * program (cost-based planning and the clean-ups around it).
   *
   * @param defaultBatchSize rows per model call for models without a
   *     {@code batch_size} option
   */
  public static Program program(int defaultBatchSize) {
    final HepProgram rewrites = HepProgram.builder()
        .addRuleInstance(AsofJoinRule.INSTANCE)
        .addRuleInstance(AsofJoinRule.STRAY_HINT)
        .addRuleInstance(LookupJoinRule.INSTANCE)
        .addRuleInstance(PredictRules.extractFromProject(defaultBatchSize))
        .addRuleInstance(PredictRules.extractFromFilter(defaultBatchSize))
        .addRuleInstance(SorrelRules.NULL_PROPAGATION)
        .build();
    final Program consistentValues = (planner, rel, traits, materializations, lattices) ->
        ValuesLiteralTypes.apply(rel);
    return Programs.sequence(consistentValues,
        Programs.of(rewrites, true, DefaultRelMetadataProvider.INSTANCE),
        Programs.standard());
  }

  /** Adds Sorrel's cost-based rules to a planner, and removes Calcite's rules they replace. */
  public static void addRules(RelOptPlanner planner) {
    planner.addRule(SorrelRules.KEY_ACCESS);
    planner.addRule(SorrelRules.PROJECT_INTO_SCAN);
    planner.addRule(SorrelRules.TABLE_MODIFY);
    planner.addRule(PredictRules.TO_ENUMERABLE);
    planner.addRule(SorrelAsofJoin.Rule.INSTANCE);
    planner.addRule(SorrelLookupJoin.Rule.INSTANCE);
    // Calcite's write operator goes through ModifiableTable's collection,
    // which Sorrel tables do not offer.
    planner.removeRule(EnumerableRules.ENUMERABLE_TABLE_MODIFICATION_RULE);
    // ASOF JOIN is Sorrel's own operator or an error: Calcite's holds the
    // left side in memory and breaks ties by input order.
    planner.removeRule(EnumerableRules.ENUMERABLE_ASOFJOIN_RULE);
    // Calcite's semi-join rules also fire on an aggregate without grouping columns,
    // which returns a row even over no rows, and then lose every row (see
    // SorrelRules.PROJECT_TO_SEMI_JOIN); Sorrel's copies leave that case alone.
    planner.removeRule(CoreRules.PROJECT_TO_SEMI_JOIN);
    planner.removeRule(CoreRules.JOIN_TO_SEMI_JOIN);
    planner.addRule(SorrelRules.PROJECT_TO_SEMI_JOIN);
    planner.addRule(SorrelRules.JOIN_TO_SEMI_JOIN);
  }
}
