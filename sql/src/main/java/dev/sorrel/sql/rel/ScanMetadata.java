package dev.sorrel.sql.rel;

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
 * {@link ScanCollation}. Calcite's own collation metadata knows its
 * {@code TableScan}s only, and a Sorrel scan is none (see its class
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
}
