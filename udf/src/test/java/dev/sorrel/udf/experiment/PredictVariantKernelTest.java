package dev.sorrel.udf.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.model.ModelSession;
import dev.sorrel.engine.model.Models;
import dev.sorrel.udf.PredictKernel;
import dev.sorrel.udf.PredictSignature;

/**
 * PREDICT_VARIANT's kernel on the iris MLP, whose class probabilities stand
 * in for three variants' models: each row gets the value of its unit's
 * variant, NULL units and features give NULL, the vectors do not leak, and
 * each distinct model is called once per batch.
 */
class PredictVariantKernelTest {
  private static final Path MODELS = Path.of("..", "src", "test", "resources", "models");
  private static final List<BigDecimal> WEIGHTS = List.of(BigDecimal.valueOf(50),
      BigDecimal.valueOf(30), BigDecimal.valueOf(20));

  private Database database;
  private ModelSession session;
  private Models.ResolvedModel mlp;
  private final List<double[]> rows = new ArrayList<>();

  @BeforeEach void setUp() throws IOException {
    database = Database.openInMemory("pv-kernel-" + System.nanoTime());
    try (Transaction tx = database.begin()) {
      database.models().create(tx, "MLP", Files.readAllBytes(MODELS.resolve("mlp_iris.onnx")),
          null, null, Map.of());
      tx.commit();
    }
    mlp = database.models().resolve("mlp");
    session = database.models().session(mlp);
    final List<String> lines = Files.readAllLines(MODELS.resolve("mlp_iris.csv"));
    for (String line : lines.subList(1, lines.size())) {
      rows.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble)
          .toArray());
    }
  }

  @AfterEach void tearDown() {
    database.close();
  }

  /** A kernel that scores one class's probability: a stand-in for a variant's model. */
  private PredictKernel probability(int classIndex) {
    return new PredictKernel(session, PredictSignature.plan("mlp", mlp.version(),
        PredictSignature.Function.PROBA, String.valueOf(classIndex),
        Collections.nCopies(4, PredictSignature.Type.DOUBLE)));
  }

  @Test void scoresEachRowWithItsVariantsModelOneCallPerModel() {
    final VariantAssigner assigner = VariantAssigner.of(AssignmentHash.SHA256, "iris", WEIGHTS);
    final AssignVariantKernel assignment = new AssignVariantKernel(assigner.copy(),
        AssignVariantKernel.UnitType.INTEGER, List.of("a", "b", "c"), -1);
    final PredictVariantKernel kernel = new PredictVariantKernel(assignment,
        List.of(probability(0), probability(1), probability(2)), new int[] {0, 1, 2}, "pv");
    try (RootAllocator allocator = new RootAllocator();
         VectorSchemaRoot arguments = VectorSchemaRoot.create(kernel.argumentSchema(),
             allocator);
         Float8Vector result = (Float8Vector) kernel.createResult(allocator)) {
      for (int batch = 0; batch < 2; batch++) {
        final int size = rows.size() - batch * 40; // a smaller second batch reuses the vectors
        fill(arguments, size);
        final long callsBefore = session.runs();
        kernel.apply(arguments, result);
        assertEquals(3, session.runs() - callsBefore, "one call per model and batch");
        assertEquals(size, result.getValueCount());
        final int[] seen = new int[3];
        for (int r = 0; r < size; r++) {
          if (r % 11 == 4 || r % 13 == 6) {
            assertTrue(result.isNull(r), "NULL unit or feature, row " + r);
            continue;
          }
          final int variant = assigner.assign((long) r);
          seen[variant]++;
          assertEquals(rows.get(r)[5 + variant], result.get(r), 1e-5, "row " + r);
        }
        for (int v = 0; v < 3; v++) {
          assertTrue(seen[v] > 10, "variant " + v + " rows: " + seen[v]);
        }
      }
    }
  }

  @Test void variantsSharingAModelShareItsCallAndAStoppedExperimentUsesOneVariant() {
    final VariantAssigner assigner = VariantAssigner.of(AssignmentHash.FNV1A, "iris", WEIGHTS);
    final PredictVariantKernel shared = new PredictVariantKernel(new AssignVariantKernel(
        assigner.copy(), AssignVariantKernel.UnitType.INTEGER, List.of("a", "b", "c"), -1),
        List.of(probability(1), probability(2)), new int[] {0, 0, 1}, "pv");
    final PredictVariantKernel stopped = new PredictVariantKernel(new AssignVariantKernel(
        assigner.copy(), AssignVariantKernel.UnitType.INTEGER, List.of("a", "b", "c"), 2),
        List.of(probability(0), probability(1), probability(2)), new int[] {0, 1, 2}, "pv");
    try (RootAllocator allocator = new RootAllocator();
         VectorSchemaRoot arguments = VectorSchemaRoot.create(shared.argumentSchema(),
             allocator);
         Float8Vector result = (Float8Vector) shared.createResult(allocator)) {
      fill(arguments, rows.size());
      long before = session.runs();
      shared.apply(arguments, result);
      assertEquals(2, session.runs() - before);
      for (int r = 0; r < rows.size(); r++) {
        if (!result.isNull(r)) {
          final int column = assigner.assign((long) r) == 2 ? 7 : 6;
          assertEquals(rows.get(r)[column], result.get(r), 1e-5, "row " + r);
        }
      }
      before = session.runs();
      stopped.apply(arguments, result);
      assertEquals(1, session.runs() - before, "only the winner's model is called");
      for (int r = 0; r < rows.size(); r++) {
        if (!result.isNull(r)) {
          assertEquals(rows.get(r)[7], result.get(r), 1e-5, "row " + r);
        }
      }
    }
  }

  /**
   * Fills the first {@code size} rows: unit {@code r}, the reference row's
   * features; units of rows {@code r % 11 == 4} and a feature of rows
   * {@code r % 13 == 6} are NULL.
   */
  private void fill(VectorSchemaRoot arguments, int size) {
    final BigIntVector units = (BigIntVector) arguments.getVector(0);
    units.allocateNew(size);
    for (int r = 0; r < size; r++) {
      if (r % 11 == 4) {
        units.setNull(r);
      } else {
        units.set(r, r);
      }
    }
    for (int f = 0; f < 4; f++) {
      final Float8Vector vector = (Float8Vector) arguments.getVector(1 + f);
      vector.allocateNew(size);
      for (int r = 0; r < size; r++) {
        if (r % 13 == 6 && f == 2) {
          vector.setNull(r);
        } else {
          vector.set(r, rows.get(r)[f]);
        }
      }
    }
    arguments.setRowCount(size);
  }
}
