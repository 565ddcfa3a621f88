package dev.sorrel.udf.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** The kernel gives each row of a batch the assigner's variant, NULL for NULL, batch after batch. */
class AssignVariantKernelTest {
  private static final List<BigDecimal> WEIGHTS = List.of(BigDecimal.valueOf(50),
      BigDecimal.valueOf(25), BigDecimal.valueOf(25));
  private static final List<String> NAMES = List.of("control", "treatment", "größer");

  @Test void textUnits() {
    for (AssignmentHash hash : AssignmentHash.values()) {
      final VariantAssigner reference = VariantAssigner.of(hash, "exp ü", WEIGHTS);
      final AssignVariantKernel kernel = new AssignVariantKernel(reference.copy(),
          AssignVariantKernel.UnitType.TEXT, NAMES, -1);
      try (RootAllocator allocator = new RootAllocator();
           VectorSchemaRoot arguments = VectorSchemaRoot.create(kernel.argumentSchema(),
               allocator);
           FieldVector result = kernel.createResult(allocator)) {
        final VarCharVector units = (VarCharVector) arguments.getVector(0);
        for (int batch = 0; batch < 3; batch++) {
          final int rows = 1000 - batch * 300;
          units.allocateNew(rows);
          for (int i = 0; i < rows; i++) {
            if (i % 7 == 3) {
              units.setNull(i);
            } else {
              units.setSafe(i, ("user-" + batch + "-" + i + "-😀").getBytes(
                  StandardCharsets.UTF_8));
            }
          }
          arguments.setRowCount(rows);
          kernel.apply(arguments, result);
          final VarCharVector variants = (VarCharVector) result;
          assertEquals(rows, variants.getValueCount());
          for (int i = 0; i < rows; i++) {
            if (i % 7 == 3) {
              assertTrue(variants.isNull(i));
            } else {
              assertEquals(NAMES.get(reference.assign("user-" + batch + "-" + i + "-😀")),
                  variants.getObject(i).toString(), hash + " row " + i);
            }
          }
        }
      }
    }
  }

  @Test void bytesOfAsciiAndOtherUnitsHashAsTheirText() {
    final List<List<BigDecimal>> splits = List.of(WEIGHTS,
        List.of(BigDecimal.valueOf(1), BigDecimal.valueOf(2)),
        List.of(new BigDecimal("33.3"), new BigDecimal("66.7")));
    final String[] units = {"", "a", "user_00012345", "1234567890123", "café", "東京", "😀x",
        "\u007f", "mixed ascii then ß"};
    for (AssignmentHash hash : AssignmentHash.values()) {
      for (List<BigDecimal> weights : splits) {
        final VariantAssigner reference = VariantAssigner.of(hash, "exp", weights);
        final VariantAssigner fromBytes = reference.copy();
        try (RootAllocator allocator = new RootAllocator();
             VarCharVector vector = new VarCharVector("u", allocator)) {
          vector.allocateNew();
          for (int i = 0; i < 2000; i++) {
            final String unit = units[i % units.length] + (i < units.length ? "" : i);
            vector.setSafe(0, unit.getBytes(StandardCharsets.UTF_8));
            vector.setValueCount(1);
            final long start = vector.getStartOffset(0);
            assertEquals(reference.assign(unit), fromBytes.assignUtf8(vector.getDataBuffer(),
                start, (int) (vector.getEndOffset(0) - start)), hash + " " + weights + " " + unit);
          }
        }
      }
    }
  }

  @Test void integerUnits() {
    final VariantAssigner reference = VariantAssigner.of(AssignmentHash.SHA256, "e", WEIGHTS);
    final AssignVariantKernel kernel = new AssignVariantKernel(reference.copy(),
        AssignVariantKernel.UnitType.INTEGER, NAMES, -1);
    try (RootAllocator allocator = new RootAllocator();
         VectorSchemaRoot arguments = VectorSchemaRoot.create(kernel.argumentSchema(),
             allocator);
         FieldVector result = kernel.createResult(allocator)) {
      final BigIntVector units = (BigIntVector) arguments.getVector(0);
      units.allocateNew(500);
      for (int i = 0; i < 500; i++) {
        if (i == 17) {
          units.setNull(i);
        } else {
          units.set(i, (long) i * 1_000_003L - 250_000_000L);
        }
      }
      arguments.setRowCount(500);
      kernel.apply(arguments, result);
      final VarCharVector variants = (VarCharVector) result;
      for (int i = 0; i < 500; i++) {
        if (i == 17) {
          assertTrue(variants.isNull(i));
        } else {
          assertEquals(NAMES.get(reference.assign((long) i * 1_000_003L - 250_000_000L)),
              variants.getObject(i).toString());
        }
      }
    }
  }

  @Test void aStoppedExperimentGivesEveryoneOneVariant() {
    final VariantAssigner reference = VariantAssigner.of(AssignmentHash.SHA256, "e", WEIGHTS);
    final AssignVariantKernel kernel = new AssignVariantKernel(reference.copy(),
        AssignVariantKernel.UnitType.INTEGER, NAMES, 2);
    try (RootAllocator allocator = new RootAllocator();
         VectorSchemaRoot arguments = VectorSchemaRoot.create(kernel.argumentSchema(),
             allocator);
         FieldVector result = kernel.createResult(allocator)) {
      final BigIntVector units = (BigIntVector) arguments.getVector(0);
      units.allocateNew(3);
      units.set(0, 1);
      units.setNull(1);
      units.set(2, 3);
      arguments.setRowCount(3);
      kernel.apply(arguments, result);
      final VarCharVector variants = (VarCharVector) result;
      assertEquals("größer", variants.getObject(0).toString());
      assertTrue(variants.isNull(1));
      assertEquals("größer", variants.getObject(2).toString());
    }
  }
}
