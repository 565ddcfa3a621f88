package dev.sorrel.sql.lookup;

import java.util.List;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

import dev.sorrel.sql.rel.BatchOperators;

/**
 * Runs a lookup join: one RocksDB get per left row (or one prefix range when
 * the probe fixes part of a key), with an online table's TTL checked as for
 * any online read. EXPLAIN shows it as
 * {@code SorrelLookupJoin(type=[left], access=[key lookup online.V ...])} or
 * {@code SorrelLookupJoin(type=[inner], access=[key lookup PARAMS: RUN_ID, PARAM_KEY = $0, $3 ...])}.
 */
public final class SorrelLookupJoin extends LogicalLookupJoin implements EnumerableRel {
  SorrelLookupJoin(RelOptCluster cluster, RelTraitSet traits, RelNode input, LookupJoinPlan plan,
      RelDataType rowType, double rightRows, double joinSelectivity) {
    super(cluster, traits, input, plan, rowType, rightRows, joinSelectivity);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new SorrelLookupJoin(getCluster(), traitSet, sole(inputs), plan, getRowType(),
        rightRows, joinSelectivity);
  }

  /**
   * What a probe costs, in rows read in sequence: a get (or a seek) finds its
   * key through the memtable and each level's index and bloom filter, about
   * 20 times the work of stepping to the next row of a scan (measured: some
   * 23 µs per row read through an index against 1 µs per row scanned, see
   * docs/benchmarks.md).
   */
  static final double PROBE_COST = 20;

  @Override public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    final double probes = mq.getRowCount(getInput());
    if (plan.online()) {
      return planner.getCostFactory().makeCost(probes, probes * 5, probes);
    }
    // Cost-based planning weighs this against scanning the right side once
    // and hashing it (which Calcite costs as the rows it returns, n log n of
    // the left side and the right's rows): probing wins when the left side
    // is small against the right.
    final double rows = probes * PROBE_COST + rowsRead(mq) + joinRows(mq);
    return planner.getCostFactory().makeCost(rows, rows, probes);
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    return BatchOperators.implement(this, implementor, LookupRuntime.JOIN, plan,
        LookupJoinPlan.class);
  }


  /** Turns {@link LogicalLookupJoin} into this operator. */
  public static final class Rule extends ConverterRule {
    public static final Rule INSTANCE = new Rule();

    private Rule() {
      super(Config.INSTANCE.withConversion(LogicalLookupJoin.class,
          (LogicalLookupJoin j) -> !(j instanceof SorrelLookupJoin), Convention.NONE,
          EnumerableConvention.INSTANCE, "SorrelLookupJoinRule"));
    }

    @Override public RelNode convert(RelNode rel) {
      final LogicalLookupJoin join = (LogicalLookupJoin) rel;
      return new SorrelLookupJoin(join.getCluster(),
          join.getTraitSet().replace(EnumerableConvention.INSTANCE),
          convert(join.getInput(), join.getInput().getTraitSet()
              .replace(EnumerableConvention.INSTANCE)),
          join.plan, join.getRowType(), join.rightRows, join.joinSelectivity);
    }
  }
}
