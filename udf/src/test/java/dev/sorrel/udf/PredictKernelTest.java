package dev.sorrel.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.model.Models;

/**
 * The scoring kernel on a real model (scikit-learn's MLP on iris, converted
 * to ONNX), against scikit-learn's own outputs: Arrow vectors in and out,
 * NULL rows, and the signature checks.
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
        Collections.nCopies(4, PredictSignature.Type.DOUBLE));
  }

  @Test
  void batchesMatchScikitLearnAndNullRowsStayNull() {
    final PredictKernel kernel = new PredictKernel(database.models().session(mlp),
        plan(PredictSignature.Function.PROBA, "2"));
    try (RootAllocator allocator = new RootAllocator();
         VectorSchemaRoot arguments = features(allocator, r -> r % 10 == 3 ? 1 : -1);
         Float8Vector results = (Float8Vector) kernel.createResult(allocator)) {
      kernel.apply(arguments, results);
      assertEquals(rows.size(), results.getValueCount());
      for (int r = 0; r < rows.size(); r++) {
        if (r % 10 == 3) {
          assertTrue(results.isNull(r), "row " + r);
        } else {
          assertEquals(rows.get(r)[7], results.get(r), 1e-5, "row " + r);
        }
      }
    }
  }

  @Test
  void arrowVectorsInLabelsOut() {
    final PredictKernel kernel = new PredictKernel(database.models().session(mlp),
        plan(PredictSignature.Function.LABEL, null));
    try (RootAllocator allocator = new RootAllocator();
         VectorSchemaRoot arguments = features(allocator, r -> -1);
         BigIntVector labels = new BigIntVector("label", allocator)) {
      kernel.apply(arguments, labels);
      for (int r = 0; r < rows.size(); r++) {
        assertEquals((long) rows.get(r)[4], labels.get(r), "row " + r);
      }
    }
  }

  /**
   * The reference rows as DOUBLE argument vectors, with argument
   * {@code nullArgument.applyAsInt(row)} of a row NULL (none if negative).
   */
  private VectorSchemaRoot features(RootAllocator allocator, IntUnaryOperator nullArgument) {
    final List<Field> fields = new ArrayList<>();
    for (int f = 0; f < 4; f++) {
      fields.add(Field.nullable("f" + f, PredictSignature.Type.DOUBLE.arrowType()));
    }
    final VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
    root.allocateNew();
    for (int f = 0; f < 4; f++) {
      final Float8Vector vector = (Float8Vector) root.getVector(f);
      for (int r = 0; r < rows.size(); r++) {
        if (nullArgument.applyAsInt(r) == f) {
          vector.setNull(r);
        } else {
          vector.setSafe(r, rows.get(r)[f]);
        }
      }
    }
    root.setRowCount(rows.size());
    return root;
  }

  @Test
  void signatureChecksNameTheModelsSignature() {
    final SorrelException arity = assertThrows(SorrelException.class,
        () -> PredictSignature.plan("mlp", mlp.version(), PredictSignature.Function.LABEL, null,
            Collections.nCopies(3, PredictSignature.Type.DOUBLE)));
    assertTrue(arity.getMessage().contains("takes 4 model arguments, not 3"), arity.getMessage());
    assertTrue(arity.getMessage().contains("float_input FLOAT[?, 4]"), arity.getMessage());
    final SorrelException ambiguous = assertThrows(SorrelException.class,
        () -> plan(PredictSignature.Function.SCORE, null));
    assertTrue(ambiguous.getMessage().contains("ambiguous"), ambiguous.getMessage());
    final SorrelException strings = assertThrows(SorrelException.class,
        () -> PredictSignature.plan("mlp", mlp.version(), PredictSignature.Function.LABEL, null,
            List.of(PredictSignature.Type.DOUBLE, PredictSignature.Type.VARCHAR,
                PredictSignature.Type.DOUBLE, PredictSignature.Type.DOUBLE)));
    assertTrue(strings.getMessage().contains("argument 2 must be numeric"), strings.getMessage());
  }
}
