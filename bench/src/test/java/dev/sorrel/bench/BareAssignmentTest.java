package dev.sorrel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sorrel.bench.BareAssignment.VariantCounts;
import dev.sorrel.udf.experiment.AssignmentHash;
import dev.sorrel.udf.experiment.VariantAssigner;

/**
 * The benchmark's baseline loops count what Sorrel's assigner assigns, so a
 * count mismatch in a run points at Sorrel's query, not at the baseline.
 */
class BareAssignmentTest {
  private static final List<BigDecimal> HALVES = List.of(BigDecimal.valueOf(50),
      BigDecimal.valueOf(50));

  @Test void keysAreSaltColonAndFixedWidthUnits() {
    final ExperimentData data = new ExperimentData(1200, "E", 0, 1);
    assertEquals("user_00000000", data.unit(0));
    assertEquals("user_00001199", data.unit(1199));
    assertEquals("E:user_00000007", new String(data.keys, 7 * data.stride, data.stride,
        java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test void sha256CountsAreTheSeedRoutersCounts() {
    final ExperimentData data = new ExperimentData(3000, "E", 0, 1);
    final VariantAssigner assigner = VariantAssigner.of(AssignmentHash.SHA256, "E", HALVES);
    assertEquals(expected(assigner, data), BareAssignment.sha256(data.keys, data.stride,
        data.rows));
  }

  @Test void fnv1aCountsAreGrowthBooksCounts() {
    final ExperimentData data = new ExperimentData(3000, "E", 0, 1);
    final VariantAssigner assigner = VariantAssigner.of(AssignmentHash.FNV1A, "E_FNV", HALVES);
    assertEquals(expected(assigner, data), BareAssignment.fnv1a("E_FNV", data.keys,
        data.stride, data.unitOffset, data.rows));
  }

  private static VariantCounts expected(VariantAssigner assigner, ExperimentData data) {
    long control = 0;
    for (int i = 0; i < data.rows; i++) {
      if (assigner.assign(data.unit(i)) == 0) {
        control++;
      }
    }
    return new VariantCounts(control, data.rows - control);
  }
}
