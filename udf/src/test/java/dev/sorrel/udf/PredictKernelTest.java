package dev.sorrel.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.model.Models;

/**
 * The scoring kernel on a real model (scikit-learn's MLP on iris, converted
 * to ONNX), against scikit-learn's own outputs: row batches and Arrow
 * vectors, NULL rows, and the signature checks.
 */
class PredictKernelTest {
  private static final Path MODELS = Path.of("..", "src", "test", "resources", "models");

  private Database database;
  private Models.ResolvedModel mlp;
  private List<double[]> rows;

  @BeforeEach
  void setUp() throws IOException {
    database = Database.openInMemory("kernel-" + System.nanoTime());
    try (Transaction tx = database.begin()) {
      database.models().create(tx, "MLP", Files.readAllBytes(MODELS.resolve("mlp_iris.onnx")),
          null, null, Map.of());
      tx.commit();
    }
    mlp = database.models().resolve("mlp");
    rows = new ArrayList<>();
    final List<String> lines = Files.readAllLines(MODELS.resolve("mlp_iris.csv"));
    for (String line : lines.subList(1, lines.size())) {
      final String[] cells = line.split(",");
      final double[] values = new double[cells.length];
      for (int i = 0; i < cells.length; i++) {
        values[i] = Double.parseDouble(cells[i]);
      }
      rows.add(values);
    }
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  private PredictSignature plan(PredictSignature.Function function, String selector) {
    return PredictSignature.plan("mlp", mlp.version(), function, selector,
        Collections.nCopies(4, false));
  }

  @Test
  void rowBatchesMatchScikitLearnAndNullRowsStayNull() {
    final PredictKernel kernel = new PredictKernel(database.models().session(mlp),
        plan(PredictSignature.Function.PROBA, "2"));
    final Object[] results = kernel.score(new PredictKernel.Batch() {
      @Override public int size() {
        return rows.size();
      }

      @Override public Object value(int row, int argument) {
        return row % 10 == 3 && argument == 1 ? null : (Object) rows.get(row)[argument];
      }
    });
    for (int r = 0; r < rows.size(); r++) {
      if (r % 10 == 3) {
        assertNull(results[r], "row " + r);
      } else {
        assertEquals(rows.get(r)[7], (Double) results[r], 1e-5, "row " + r);
      }
    }
  }

  @Test
  void arrowVectorsInLabelsOut() {
    final PredictKernel kernel = new PredictKernel(database.models().session(mlp),
        plan(PredictSignature.Function.LABEL, null));
    try (RootAllocator allocator = new RootAllocator()) {
      final List<FieldVector> arguments = new ArrayList<>();
      for (int f = 0; f < 4; f++) {
        final Float8Vector vector = new Float8Vector("f" + f, allocator);
        vector.allocateNew(rows.size());
        for (int r = 0; r < rows.size(); r++) {
          vector.set(r, rows.get(r)[f]);
        }
        vector.setValueCount(rows.size());
        arguments.add(vector);
      }
      try (BigIntVector labels = new BigIntVector("label", allocator)) {
        kernel.score(arguments, rows.size(), labels);
        for (int r = 0; r < rows.size(); r++) {
          assertEquals((long) rows.get(r)[4], labels.get(r), "row " + r);
        }
      } finally {
        arguments.forEach(FieldVector::close);
      }
    }
  }

  @Test
  void signatureChecksNameTheModelsSignature() {
    final SorrelException arity = assertThrows(SorrelException.class,
        () -> PredictSignature.plan("mlp", mlp.version(), PredictSignature.Function.LABEL, null,
            Collections.nCopies(3, false)));
    assertTrue(arity.getMessage().contains("takes 4 model arguments, not 3"), arity.getMessage());
    assertTrue(arity.getMessage().contains("float_input FLOAT[?, 4]"), arity.getMessage());
    final SorrelException ambiguous = assertThrows(SorrelException.class,
        () -> plan(PredictSignature.Function.SCORE, null));
    assertTrue(ambiguous.getMessage().contains("ambiguous"), ambiguous.getMessage());
    final SorrelException strings = assertThrows(SorrelException.class,
        () -> PredictSignature.plan("mlp", mlp.version(), PredictSignature.Function.LABEL, null,
            List.of(false, true, false, false)));
    assertTrue(strings.getMessage().contains("argument 2 must be numeric"), strings.getMessage());
  }
}
