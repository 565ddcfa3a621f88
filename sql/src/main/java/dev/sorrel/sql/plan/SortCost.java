package dev.sorrel.sql.plan;

import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.util.Util;

/**
 * The cost of a sort as Sorrel's planner weighs it: its {@code n log n}
 * comparisons count in the row component of the cost.
 *
 * <p>Calcite's cost-based planner compares costs by their row component
 * only, and Calcite's sort reports just the rows it reads there (its
 * {@code n log n} goes to the CPU component, which the comparison ignores).
 * A sort therefore looked as cheap as a scan, and a merge join that sorts
 * both of its inputs cheaper than a hash join that holds only the smaller
 * one: {@code big LEFT JOIN small} sorted the whole of {@code big} in memory.
 * Counted here, a sort costs what it does, and a merge join wins only where
 * its inputs come sorted already (scans in key order), which is where it
 * streams.
 */
public final class SortCost implements MetadataHandler<BuiltInMetadata.NonCumulativeCost> {
  /** The handler, to chain before Calcite's own metadata providers. */
  public static final RelMetadataProvider SOURCE = ReflectiveRelMetadataProvider.reflectiveSource(
      new SortCost(), BuiltInMetadata.NonCumulativeCost.Handler.class);

  private SortCost() {
  }

  @Override public MetadataDef<BuiltInMetadata.NonCumulativeCost> getDef() {
    return BuiltInMetadata.NonCumulativeCost.DEF;
  }

  /** Calcite's cost of the sort, with its comparisons added to the rows it reads. */
  public RelOptCost getNonCumulativeCost(Sort sort, RelMetadataQuery mq) {
    final RelOptCost own = sort.computeSelfCost(sort.getCluster().getPlanner(), mq);
    if (own == null || sort.getCollation().getFieldCollations().isEmpty()) {
      return own;
    }
    final double input = mq.getRowCount(sort.getInput());
    final double kept = Math.max(1d, Math.min(input, own.getRows()));
    final double comparisons = Util.nLogM(input, kept);
    return sort.getCluster().getPlanner().getCostFactory()
        .makeCost(own.getRows() + comparisons, own.getCpu(), own.getIo());
  }
}
