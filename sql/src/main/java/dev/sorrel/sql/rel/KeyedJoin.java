package dev.sorrel.sql.rel;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

import dev.sorrel.engine.table.Table;

/**
 * A join whose right side is a Sorrel table read by key for each left row
 * (point-in-time matches, online lookups): its one input is the left side,
 * and each output row is a left row followed by the right columns read for
 * it, so there are as many rows as on the left (fewer for an inner join).
 */
public abstract class KeyedJoin extends SingleRel {
  private final RelDataType outputType;

  protected KeyedJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left,
      RelDataType outputType) {
    super(cluster, traits, left);
    this.outputType = outputType;
  }

  /** Whether left rows without a match are dropped. */
  protected abstract boolean inner();

  /**
   * How the right side is read, for EXPLAIN: also the node's identity to the
   * planner, which takes two nodes over the same input with the same
   * description for one. It must name the left fields probed and the right
   * columns returned.
   */
  protected abstract String access();

  /** The names of a table's columns at these ordinals, for EXPLAIN. */
  public static String columnNames(Table table, int[] columns) {
    final List<String> names = new ArrayList<>();
    for (int column : columns) {
      names.add(table.columns().get(column).name());
    }
    return names.toString();
  }

  @Override protected RelDataType deriveRowType() {
    return outputType;
  }

  @Override public double estimateRowCount(RelMetadataQuery mq) {
    return mq.getRowCount(getInput());
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("type", inner() ? "inner" : "left")
        .item("access", access());
  }
}
