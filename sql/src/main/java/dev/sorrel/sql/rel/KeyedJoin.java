package dev.sorrel.sql.rel;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

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

  /** How the right side is read, for EXPLAIN. */
  protected abstract String access();

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
