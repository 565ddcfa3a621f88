package dev.sorrel.sql.plan;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.JoinPushThroughJoinRule;
import org.apache.calcite.tools.Program;

/**
 * Heuristic join ordering for queries of many joins, as Calcite's
 * {@code Programs.heuristicJoinOrder} does it: past {@link #MIN_JOINS} joins,
 * the joins are gathered into one multi-join and ordered by Calcite's
 * {@code LoptOptimizeJoinRule} (greedy, by estimated row counts, filters
 * pushed into the joins), and the cost-based planner that follows is left
 * without the rules that reorder joins exhaustively (commute, associate,
 * push-through), whose search grows exponentially with the number of joins:
 * a join of 20 tables did not finish planning in minutes with them. Queries
 * of fewer joins keep the exhaustive search.
 *
 * <p>The multi-join runs in a Hep planner that shares the cost-based
 * planner's context, so a canceled statement stops here too.
 */
public final class JoinOrder implements Program {
  /** Joins from which the order is chosen heuristically: 7 or more tables. */
  public static final int MIN_JOINS = 6;

  private static final HepProgram GATHER_AND_ORDER = HepProgram.builder()
      .addMatchOrder(HepMatchOrder.BOTTOM_UP)
      .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
      .addMatchOrder(HepMatchOrder.BOTTOM_UP)
      .addRuleCollection(List.of(CoreRules.JOIN_TO_MULTI_JOIN,
          CoreRules.PROJECT_MULTI_JOIN_MERGE, CoreRules.FILTER_MULTI_JOIN_MERGE))
      .addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE)
      .build();

  private final RelMetadataProvider metadata;
  private final int minJoins;

  /**
   * @param metadata the metadata the ordering reads row counts from
   * @param minJoins the number of joins from which to order heuristically
   */
  public JoinOrder(RelMetadataProvider metadata, int minJoins) {
    this.metadata = metadata;
    this.minJoins = minJoins;
  }

  @Override public RelNode run(RelOptPlanner planner, RelNode rel, RelTraitSet requiredOutputTraits,
      List<RelOptMaterialization> materializations, List<RelOptLattice> lattices) {
    if (RelOptUtil.countJoins(rel) < minJoins) {
      return rel;
    }
    planner.removeRule(CoreRules.JOIN_COMMUTE);
    planner.removeRule(CoreRules.JOIN_ASSOCIATE);
    planner.removeRule(JoinPushThroughJoinRule.LEFT);
    planner.removeRule(JoinPushThroughJoinRule.RIGHT);
    final HepPlanner hep = new HepPlanner(GATHER_AND_ORDER, planner.getContext());
    final List<RelMetadataProvider> providers = new ArrayList<>(List.of(metadata));
    hep.registerMetadataProviders(providers);
    rel.getCluster().setMetadataProvider(ChainedRelMetadataProvider.of(providers));
    hep.setRoot(rel);
    return hep.findBestExp();
  }
}
