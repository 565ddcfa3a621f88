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
   * What the planner estimates the join this one replaces returns, as it
   * estimates a hash join's: the left rows times {@code rightRows} (its
   * right side's, after that side's filter) times {@code joinSelectivity}
   * (its guess for the join condition); NaN for a join that replaces none.
   * They are part of this join's cost as of the other join's, so the two are
   * weighed on what they read, not on different guesses of what they return.
   * Fixed when the rule runs, as the planner does not revise a node's cost
   * for inputs it does not have.
   */
  final double rightRows;
  final double joinSelectivity;

  LogicalLookupJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left, LookupJoinPlan plan,
      RelDataType outputType, double rightRows, double joinSelectivity) {
    super(cluster, traits, left, outputType);
    this.plan = plan;
    this.rightRows = rightRows;
    this.joinSelectivity = joinSelectivity;
  }

  static LogicalLookupJoin create(RelNode left, LookupJoinPlan plan, RelDataType rowType,
      double rightRows, double joinSelectivity) {
    return new LogicalLookupJoin(left.getCluster(), left.getTraitSet().replace(Convention.NONE),
        left, plan, rowType, rightRows, joinSelectivity);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new LogicalLookupJoin(getCluster(), traitSet, sole(inputs), plan, getRowType(),
        rightRows, joinSelectivity);
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
    return Double.isNaN(rightRows) ? rowsRead(mq) : Math.min(joinRows(mq), rowsRead(mq));
  }

  /**
   * Equal only with the same estimates: the same lookup reached from two
   * forms of a join (its right side's filter pushed down or not) is
   * estimated twice, and the planner, which takes equal nodes for one, must
   * keep both to find the cheaper.
   */
  @Override public boolean deepEquals(Object other) {
    return super.deepEquals(other)
        && Double.compare(((LogicalLookupJoin) other).rightRows, rightRows) == 0
        && Double.compare(((LogicalLookupJoin) other).joinSelectivity, joinSelectivity) == 0;
  }

  @Override public int deepHashCode() {
    return 31 * (31 * super.deepHashCode() + Double.hashCode(rightRows))
        + Double.hashCode(joinSelectivity);
  }

  /** The rows the planner estimates for the replaced join, or 0 if none. */
  double joinRows(RelMetadataQuery mq) {
    return Double.isNaN(rightRows) ? 0
        : mq.getRowCount(getInput()) * rightRows * joinSelectivity;
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
