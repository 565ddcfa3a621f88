package dev.sorrel.sql.rel;

import java.util.List;

import com.google.common.collect.ImmutableList;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Tells Calcite's metadata the order a {@link SorrelTableScan} reads in, its
 * {@link ScanCollation}, and that a {@link KeyedJoin} keeps its left side's
 * order. Calcite's own collation metadata knows its {@code TableScan}s only, and a Sorrel scan is none (see its class
 * comment); without this, a filter or projection made over a scan would not
 * know its input sorted.
 */
public final class ScanMetadata implements MetadataHandler<BuiltInMetadata.Collation> {
  /** The handler, to chain before Calcite's own metadata providers. */
  public static final RelMetadataProvider SOURCE = ReflectiveRelMetadataProvider.reflectiveSource(
      new ScanMetadata(), BuiltInMetadata.Collation.Handler.class);

  private ScanMetadata() {
  }

  @Override public MetadataDef<BuiltInMetadata.Collation> getDef() {
    return BuiltInMetadata.Collation.DEF;
  }

  /** The scan's collation, as its traits carry it. */
  public ImmutableList<RelCollation> collations(SorrelTableScan scan, RelMetadataQuery mq) {
    return ImmutableList.of(scan.getTraitSet().getCollation());
  }

  /**
   * A keyed join's collation: its left input's, since it emits the left rows in their order,
   * each followed by its right columns, so the left fields keep their ordinals. Without this,
   * Calcite knows nothing of a keyed join's order, while the join's traits (taken from its left
   * side) state one: a calculation that the final clean-up builds over an ASOF join then
   * states none, the merge join above it was planned on the ASOF join's order, and rebuilding
   * that merge join (as the batch aggregate rewrite does when it changes the other side) failed
   * Calcite's check with "wrong collation in left or right input" (XX000).
   */
  public ImmutableList<RelCollation> collations(KeyedJoin join, RelMetadataQuery mq) {
    final List<RelCollation> left = mq.collations(join.getInput());
    return left == null ? ImmutableList.of() : ImmutableList.copyOf(left);
  }
}
