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
   * The join this one replaces, as the planner holds it, or null: its row
   * estimate, current as the planner learns better ones for its inputs, is
   * part of this join's cost as of the other join's, so the two are weighed
   * on what they read, not on different guesses of what they return. This
   * join's row count is the smaller of it and what the probes can find (no
   * more than one row each through a whole key).
   */
  final RelNode replaced;

  LogicalLookupJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left, LookupJoinPlan plan,
      RelDataType outputType, RelNode replaced) {
    super(cluster, traits, left, outputType);
    this.plan = plan;
    this.replaced = replaced;
  }

  static LogicalLookupJoin create(RelNode left, LookupJoinPlan plan, RelDataType rowType,
      RelNode replaced) {
    return new LogicalLookupJoin(left.getCluster(), left.getTraitSet().replace(Convention.NONE),
        left, plan, rowType, replaced);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new LogicalLookupJoin(getCluster(), traitSet, sole(inputs), plan, getRowType(),
        replaced);
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
    return replaced == null ? rowsRead(mq) : Math.min(joinRows(mq), rowsRead(mq));
  }

  /** The rows the planner estimates for the replaced join, or 0 if none. */
  double joinRows(RelMetadataQuery mq) {
    return replaced == null ? 0 : mq.getRowCount(replaced);
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
