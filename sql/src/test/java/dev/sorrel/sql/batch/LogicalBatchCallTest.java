package dev.sorrel.sql.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.util.ImmutableIntList;
import org.junit.jupiter.api.Test;

/** The PREDICT operator keeps only the sort orders its output still has. */
class LogicalBatchCallTest {
  private static List<RelCollation> collations(RelTraitSet traits) {
    return traits.getTraits(RelCollationTraitDef.INSTANCE);
  }

  @Test
  void sortOrdersAreCutAtTheFirstFieldNotCarried() {
    final RelTraitSet input = RelTraitSet.createEmpty().plus(RelCollations.of(ImmutableIntList.of(0, 2)));
    assertEquals(List.of(RelCollations.of(ImmutableIntList.of(0, 2))), collations(LogicalBatchCall.traits(input, 3)));
    assertEquals(List.of(RelCollations.of(ImmutableIntList.of(0))), collations(LogicalBatchCall.traits(input, 2)));
    assertEquals(List.of(RelCollations.EMPTY), collations(LogicalBatchCall.traits(input, 0)),
        "an order on an argument that is not carried on is gone");
  }
}
