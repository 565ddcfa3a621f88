package dev.sorrel.sql.rel;

import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.plan.RelOptPlanner;

/** Registers Sorrel's planner rules. */
public final class SorrelRules {
  private SorrelRules() {
  }

  /** Adds Sorrel's rules to a planner, and removes Calcite's rules they replace. */
  public static void register(RelOptPlanner planner) {
    planner.addRule(KeyAccessRule.INSTANCE);
    planner.addRule(ProjectIntoScanRule.INSTANCE);
    planner.addRule(SorrelTableModify.Rule.INSTANCE);
    dev.sorrel.sql.predict.PredictRules.register(planner);
    // Calcite's write operator goes through ModifiableTable's collection,
    // which Sorrel tables do not offer.
    planner.removeRule(EnumerableRules.ENUMERABLE_TABLE_MODIFICATION_RULE);
    // ASOF JOIN is Sorrel's own operator or an error: Calcite's holds
    // the left side in memory and breaks ties by input order.
    planner.addRule(dev.sorrel.sql.asof.SorrelAsofJoin.Rule.INSTANCE);
    planner.addRule(dev.sorrel.sql.lookup.SorrelLookupJoin.Rule.INSTANCE);
    planner.removeRule(EnumerableRules.ENUMERABLE_ASOFJOIN_RULE);
  }
}
