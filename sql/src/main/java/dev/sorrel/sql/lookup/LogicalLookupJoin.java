package dev.sorrel.sql.lookup;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

import dev.sorrel.sql.rel.KeyedJoin;

/**
 * A join whose right side is read by key lookups: its one input is the left
 * side, and each output row is the left row followed by the looked-up
 * columns. The right side is an online table probed by its whole key, or any
 * table probed by leading columns of its primary key or of an index (then a
 * probe may find several rows). Logical form; the planner turns it into
 * {@link SorrelLookupJoin}.
 */
public class LogicalLookupJoin extends KeyedJoin {
  final LookupJoinPlan plan;
  /**
   * The rows the planner estimated for the join this one replaces, or NaN.
   * The cost of this join includes them as the other join's cost does, so
   * the two are weighed on what they read, not on different guesses of what
   * they return; its row count is the smaller of them and what the probes
   * can find (no more than one row each through a whole key).
   */
  final double joinRows;

  LogicalLookupJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left, LookupJoinPlan plan,
      RelDataType outputType, double joinRows) {
    super(cluster, traits, left, outputType);
    this.plan = plan;
    this.joinRows = joinRows;
  }

  static LogicalLookupJoin create(RelNode left, LookupJoinPlan plan, RelDataType rowType,
      double joinRows) {
    return new LogicalLookupJoin(left.getCluster(), left.getTraitSet().replace(Convention.NONE),
        left, plan, rowType, joinRows);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new LogicalLookupJoin(getCluster(), traitSet, sole(inputs), plan, getRowType(),
        joinRows);
  }

  @Override protected boolean inner() {
    return plan.inner();
  }

  /**
   * Rows a probe that does not fix a whole key is taken to find: a rule of
   * thumb (a run's params, an order's lines), as the table keeps no
   * statistics of its key prefixes.
   */
  static final double PREFIX_MATCHES = 10;

  @Override public double estimateRowCount(RelMetadataQuery mq) {
    return Double.isNaN(joinRows) ? rowsRead(mq) : Math.min(joinRows, rowsRead(mq));
  }

  /** The right rows the probes are estimated to find. */
  double rowsRead(RelMetadataQuery mq) {
    final double probes = mq.getRowCount(getInput());
    return plan.unique() ? probes : probes * PREFIX_MATCHES;
  }

  @Override protected String access() {
    // The probed fields and returned columns keep joins on other left columns apart.
    final StringBuilder keys = new StringBuilder();
    for (int i = 0; i < plan.keyFields().length; i++) {
      keys.append(i == 0 ? "" : ", ").append('$').append(plan.keyFields()[i]);
    }
    final String columns = columnNames(plan.table(), plan.projection());
    if (plan.online()) {
      return "key lookup online." + plan.table().name() + " by (" + keys + "), columns "
          + columns;
    }
    final List<String> probed = new ArrayList<>();
    for (int i = 0; i < plan.keyFields().length; i++) {
      final int column = plan.index() == null ? plan.table().keyColumns()[i]
          : plan.index().columns().get(i);
      probed.add(plan.table().columns().get(column).name());
    }
    final String by = String.join(", ", probed) + " = " + keys;
    if (plan.index() != null) {
      return "index " + plan.index().name() + " lookup " + plan.table().name() + ": " + by
          + ", columns " + columns;
    }
    return (plan.unique() ? "key lookup " : "key prefix lookup ") + plan.table().name() + ": "
        + by + ", columns " + columns;
  }
}
