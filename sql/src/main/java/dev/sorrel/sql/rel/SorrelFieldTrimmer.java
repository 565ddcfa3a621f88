package dev.sorrel.sql.rel;

import java.util.Set;

import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.Program;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mapping;
import org.apache.calcite.util.mapping.MappingType;
import org.apache.calcite.util.mapping.Mappings;

/**
 * Calcite's field trimmer, taught Sorrel's scans: a scan returns only the
 * columns the operators above it use, wherever they are (under a filter, a
 * join, an aggregate), as Calcite's trimmer does for its own table scans
 * and as Calcite documents extending it (a {@code trimFields} method per
 * node class, found by reflection on this subclass). Without it, a scan
 * under a filter returns every column, which keeps an index scan from
 * reading its entries alone and makes a lookup join carry whole rows.
 */
public final class SorrelFieldTrimmer extends RelFieldTrimmer {
  /** The trimming phase of the optimization program. */
  public static final Program PROGRAM = SorrelFieldTrimmer::trimProgram;

  private SorrelFieldTrimmer(RelNode rel) {
    super(null, RelFactories.LOGICAL_BUILDER.create(rel.getCluster(), null));
  }

  private static RelNode trimProgram(RelOptPlanner planner, RelNode rel,
      RelTraitSet requiredOutputTraits, java.util.List<RelOptMaterialization> materializations,
      java.util.List<RelOptLattice> lattices) {
    return new SorrelFieldTrimmer(rel).trim(rel);
  }

  /** Narrows a scan to the used columns (at least one: COUNT(*) reads the first). */
  public TrimResult trimFields(SorrelTableScan scan, ImmutableBitSet fieldsUsed,
      Set<RelDataTypeField> extraFields) {
    final int width = scan.getRowType().getFieldCount();
    if (fieldsUsed.cardinality() == width || !extraFields.isEmpty()) {
      return result(scan, Mappings.createIdentity(width));
    }
    final ImmutableBitSet kept = fieldsUsed.isEmpty() ? ImmutableBitSet.of(0) : fieldsUsed;
    final int[] old = scan.plan().projection();
    final int[] projection = new int[kept.cardinality()];
    final Mapping mapping = Mappings.create(MappingType.INVERSE_SURJECTION, width,
        projection.length);
    int i = 0;
    for (int field : kept) {
      projection[i] = old[field];
      mapping.set(field, i);
      i++;
    }
    return result(scan.withProjection(projection), mapping);
  }
}
