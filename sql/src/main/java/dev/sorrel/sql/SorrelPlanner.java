package dev.sorrel.sql;

import java.util.List;

import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.util.CancelFlag;

import dev.sorrel.sql.asof.AsofJoinRule;
import dev.sorrel.sql.asof.SorrelAsofJoin;
import dev.sorrel.sql.batch.BatchCallRules;
import dev.sorrel.sql.experiment.ExperimentResultsScan;
import dev.sorrel.sql.lookup.LookupJoinRule;
import dev.sorrel.sql.lookup.SorrelLookupJoin;
import dev.sorrel.sql.lookup.TableLookupJoinRule;
import dev.sorrel.sql.plan.JoinOrder;
import dev.sorrel.sql.plan.SortCost;
import dev.sorrel.sql.rel.ConstantGroupKeys;
import dev.sorrel.sql.rel.ScanMetadata;
import dev.sorrel.sql.rel.SorrelRules;
import dev.sorrel.sql.rel.ValuesLiteralTypes;
import dev.sorrel.sql.runtime.Cancellation;
import dev.sorrel.sql.vector.BatchAggregateRewrite;

/**
 * How Sorrel plans a query, in two phases. First a rewrite pass (Calcite's
 * Hep planner) turns point-in-time and lookup joins into Sorrel's own join
 * operators, moves PREDICT calls into a batching operator and folds NULL
 * arithmetic in projections; these rewrites must apply wherever they match,
 * so they do not compete on cost. Then Calcite's cost-based planner
 * (Volcano) runs with Calcite's rules plus
 * Sorrel's: key access paths, lookup joins into tables where they cost
 * less than a scan and a hash ({@link TableLookupJoinRule}), projection
 * into scans, writes, and the implementations of Sorrel's operators. Sorts are costed by
 * {@link SortCost}, and a query of many joins has its join order chosen
 * heuristically first ({@link JoinOrder}).
 *
 * <p>{@link SorrelPrepare} installs both phases through Calcite's extension
 * points: {@link #addRules} when it creates the planner, {@link #program}
 * as the preparing statement's optimization program.
 */
public final class SorrelPlanner {
  private SorrelPlanner() {
  }

  /**
   * The metadata the planner reads: Calcite's, with Sorrel's {@link SortCost}
   * and the order of Sorrel's scans ({@link ScanMetadata}) in front.
   */
  public static final RelMetadataProvider METADATA = ChainedRelMetadataProvider.of(
      List.of(SortCost.SOURCE, ScanMetadata.SOURCE, DefaultRelMetadataProvider.INSTANCE));

  /**
   * The optimization program: VALUES made of consistent literal types
   * ({@link ValuesLiteralTypes}), the rewrite pass, then Calcite's standard
   * program (sub-query removal, decorrelation after {@link ConstantGroupKeys}
   * protects constant group keys from it, field trimming, cost-based
   * planning and the clean-ups after it) with {@link JoinOrder}'s heuristic
   * join ordering before the cost-based planning of a query of many joins.
   *
   * @param defaultBatchSize rows per model call for models without a
   *     {@code batch_size} option
   */
  public static Program program(int defaultBatchSize) {
    return program(defaultBatchSize, true);
  }

  /**
   * As {@link #program(int)}; with {@code batchAggregates}, aggregates over
   * full scans of tables with segments then move onto the batch path
   * ({@link BatchAggregateRewrite}).
   */
  public static Program program(int defaultBatchSize, boolean batchAggregates) {
    final HepProgram rewrites = HepProgram.builder()
        .addRuleInstance(AsofJoinRule.INSTANCE)
        .addRuleInstance(AsofJoinRule.STRAY_HINT)
        .addRuleInstance(LookupJoinRule.INSTANCE)
        .addRuleInstance(BatchCallRules.extractFromProject(defaultBatchSize))
        .addRuleInstance(BatchCallRules.extractFromFilter(defaultBatchSize))
        .addRuleInstance(SorrelRules.NULL_PROPAGATION)
        .build();
    final Program consistentValues = (planner, rel, traits, materializations, lattices) ->
        ValuesLiteralTypes.apply(rel);
    return Programs.sequence(consistentValues,
        Programs.of(rewrites, true, METADATA),
        Programs.subQuery(METADATA),
        (planner, rel, traits, materializations, lattices) -> ConstantGroupKeys.apply(rel),
        Programs.decorrelate(),
        Programs.measure(METADATA),
        Programs.trim(),
        SorrelPlanner::checkCanceled,
        new JoinOrder(METADATA, JoinOrder.MIN_JOINS),
        SorrelPlanner::costBased,
        SorrelPlanner::checkCanceled,
        Programs.calc(METADATA),
        (planner, rel, traits, materializations, lattices) ->
            batchAggregates ? BatchAggregateRewrite.rewrite(rel) : rel);
  }

  /**
   * Stops planning a canceled statement between phases. The cost-based
   * planner stops by itself when canceled, but returns the best plan found
   * so far, which would go on to be compiled.
   */
  private static RelNode checkCanceled(RelOptPlanner planner, RelNode rel,
      RelTraitSet requiredOutputTraits, List<RelOptMaterialization> materializations,
      List<RelOptLattice> lattices) {
    if (planner.getContext().maybeUnwrap(CancelFlag.class)
        .map(CancelFlag::isCancelRequested).orElse(false)) {
      throw Cancellation.canceled("planning");
    }
    return rel;
  }

  /** The cost-based phase, as Calcite's standard program runs it. */
  private static RelNode costBased(RelOptPlanner planner, RelNode rel,
      RelTraitSet requiredOutputTraits, List<RelOptMaterialization> materializations,
      List<RelOptLattice> lattices) {
    for (RelOptMaterialization materialization : materializations) {
      planner.addMaterialization(materialization);
    }
    for (RelOptLattice lattice : lattices) {
      planner.addLattice(lattice);
    }
    // The metadata query a cluster caches may predate the provider the earlier
    // phases set: make the costs come from Sorrel's metadata.
    rel.getCluster().setMetadataProvider(METADATA);
    rel.getCluster().invalidateMetadataQuery();
    planner.setRoot(rel);
    final RelNode root = rel.getTraitSet().equals(requiredOutputTraits) ? rel
        : planner.changeTraits(rel, requiredOutputTraits);
    planner.setRoot(root);
    return planner.chooseDelegate().findBestExp();
  }

  /** Adds Sorrel's cost-based rules to a planner, and removes Calcite's rules they replace. */
  public static void addRules(RelOptPlanner planner) {
    planner.addRule(SorrelRules.KEY_ACCESS);
    planner.addRule(SorrelRules.PROJECT_INTO_SCAN);
    planner.addRule(SorrelRules.TABLE_MODIFY);
    planner.addRule(BatchCallRules.TO_ENUMERABLE);
    planner.addRule(SorrelAsofJoin.Rule.INSTANCE);
    planner.addRule(SorrelLookupJoin.Rule.INSTANCE);
    planner.addRule(TableLookupJoinRule.FILTERED);
    planner.addRule(TableLookupJoinRule.PLAIN);
    planner.addRule(ExperimentResultsScan.Rule.INSTANCE);
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
    // Calcite's table function operator cannot run a function with a CURSOR input; it
    // stays for every table function but EXPERIMENT_RESULTS, which has its own.
    planner.removeRule(EnumerableRules.ENUMERABLE_TABLE_FUNCTION_SCAN_RULE);
    planner.addRule(ExperimentResultsScan.Rule.OTHER_TABLE_FUNCTIONS);
    // Calcite's rewrite of COALESCE(SUM(x), 0) into $SUM0(x) points its new
    // input reference at the aggregate call's index without the group keys
    // before it: under GROUP BY it refers to another column, which fails the
    // type check (XX000) or, where the types agree, reads the wrong aggregate.
    planner.removeRule(CoreRules.PROJECT_AGGREGATE_MERGE);
  }
}
