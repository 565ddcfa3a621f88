package dev.sorrel.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.model.Models;
import dev.sorrel.engine.model.PredictionCache;

/**
 * {@link PredictKernel} as a {@link ScalarKernel}: the vector types it
 * declares and accepts, NULLs, models with several outputs and with several
 * inputs (one a string), result vectors reused from batch to batch, and the
 * prediction cache. Each test's vectors come from one allocator that must be
 * empty when the test ends.
 */
class PredictKernelVectorsTest {
  private static final Path MODELS = Path.of("..", "src", "test", "resources", "models");
  private static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  private static final ArrowType BIGINT = new ArrowType.Int(64, true);

  private Database database;
  private RootAllocator allocator;
  private List<double[]> iris;
  private List<String[]> tips;

  @BeforeEach
  void setUp() throws IOException {
    database = Database.openInMemory("kernel-vectors-" + System.nanoTime());
    try (Transaction tx = database.begin()) {
      final byte[] mlp = Files.readAllBytes(MODELS.resolve("mlp_iris.onnx"));
      database.models().create(tx, "MLP", mlp, null, null, Map.of());
      database.models().create(tx, "CACHED", mlp, null, null, Map.of("cache_size", "1000"));
      database.models().create(tx, "TIPS",
          Files.readAllBytes(MODELS.resolve("multi_input_tips.onnx")), null, null, Map.of());
      tx.commit();
    }
    iris = new ArrayList<>();
    for (String[] cells : csv("mlp_iris.csv")) {
      final double[] values = new double[cells.length];
      for (int i = 0; i < cells.length; i++) {
        values[i] = Double.parseDouble(cells[i]);
      }
      iris.add(values);
    }
    tips = csv("multi_input_tips.csv");
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    try {
      allocator.close(); // fails the test if a vector leaked
    } finally {
      database.close();
    }
  }

  private static List<String[]> csv(String name) throws IOException {
    final List<String> lines = Files.readAllLines(MODELS.resolve(name));
    final List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      rows.add(line.split(","));
    }
    return rows;
  }

  private PredictKernel kernel(String model, PredictSignature.Function function, String selector,
      List<PredictSignature.Type> arguments) {
    final Models.ResolvedModel resolved = database.models().resolve(model);
    return new PredictKernel(database.models().session(resolved), PredictSignature.plan(model,
        resolved.version(), function, selector, arguments));
  }

  private PredictKernel iris(PredictSignature.Function function, String selector) {
    return kernel("mlp", function, selector, Collections.nCopies(4, PredictSignature.Type.DOUBLE));
  }

  /** Rows {@code from..to} of the iris features as DOUBLE vectors; row {@code nullRow} NULL. */
  private VectorSchemaRoot irisBatch(ScalarKernel kernel, int from, int to, int nullRow) {
    final VectorSchemaRoot root = VectorSchemaRoot.create(kernel.argumentSchema(), allocator);
    for (int f = 0; f < 4; f++) {
      final Float8Vector vector = (Float8Vector) root.getVector(f);
      for (int r = from; r < to; r++) {
        if (r == nullRow) {
          vector.setNull(r - from);
        } else {
          vector.setSafe(r - from, iris.get(r)[f]);
        }
      }
    }
    root.setRowCount(to - from);
    return root;
  }

  @Test
  void declaresItsArgumentAndResultTypes() {
    final PredictKernel proba = iris(PredictSignature.Function.PROBA, "1");
    assertEquals(4, proba.argumentSchema().getFields().size());
    for (Field field : proba.argumentSchema().getFields()) {
      assertEquals(DOUBLE, field.getType());
      assertTrue(field.isNullable());
    }
    assertEquals(DOUBLE, proba.resultField().getType());
    assertTrue(proba.resultField().isNullable());
    assertEquals(BIGINT, iris(PredictSignature.Function.LABEL, null).resultField().getType());
    final PredictKernel tipsLabel = kernel("tips", PredictSignature.Function.LABEL, null,
        List.of(PredictSignature.Type.DOUBLE, PredictSignature.Type.BIGINT,
            PredictSignature.Type.VARCHAR));
    assertEquals(List.of(DOUBLE, BIGINT, ArrowType.Utf8.INSTANCE),
        tipsLabel.argumentSchema().getFields().stream().map(Field::getType).toList());
    try (FieldVector result = tipsLabel.createResult(allocator)) {
      assertTrue(result instanceof BigIntVector, result.getClass().getName());
    }
  }

  @Test
  void everyOutputOfAMultiOutputModelHasItsOwnType() {
    final PredictKernel label = iris(PredictSignature.Function.LABEL, null);
    final List<PredictKernel> probabilities = List.of(
        iris(PredictSignature.Function.PROBA, "0"), iris(PredictSignature.Function.PROBA, "1"),
        iris(PredictSignature.Function.OUTPUT, "probabilities[2]"));
    try (VectorSchemaRoot batch = irisBatch(label, 0, iris.size(), -1);
         BigIntVector labels = (BigIntVector) label.createResult(allocator)) {
      label.apply(batch, labels);
      for (int r = 0; r < iris.size(); r++) {
        assertEquals((long) iris.get(r)[4], labels.get(r), "label of row " + r);
      }
      for (int k = 0; k < 3; k++) {
        try (Float8Vector p = (Float8Vector) probabilities.get(k).createResult(allocator)) {
          probabilities.get(k).apply(batch, p);
          assertEquals(iris.size(), p.getValueCount());
          for (int r = 0; r < iris.size(); r++) {
            assertEquals(iris.get(r)[5 + k], p.get(r), 1e-5, "p" + k + " of row " + r);
          }
        }
      }
    }
  }

  @Test
  void bigintArgumentsScoreLikeTheSameDoubles() {
    final PredictKernel fromDoubles = iris(PredictSignature.Function.PROBA, "1");
    final PredictKernel fromLongs = kernel("mlp", PredictSignature.Function.PROBA, "1",
        Collections.nCopies(4, PredictSignature.Type.BIGINT));
    try (VectorSchemaRoot doubles = VectorSchemaRoot.create(fromDoubles.argumentSchema(),
             allocator);
         VectorSchemaRoot longs = VectorSchemaRoot.create(fromLongs.argumentSchema(), allocator);
         Float8Vector expected = (Float8Vector) fromDoubles.createResult(allocator);
         Float8Vector actual = (Float8Vector) fromLongs.createResult(allocator)) {
      for (int f = 0; f < 4; f++) {
        for (int r = 0; r < iris.size(); r++) {
          final long rounded = Math.round(iris.get(r)[f]);
          ((Float8Vector) doubles.getVector(f)).setSafe(r, rounded);
          ((BigIntVector) longs.getVector(f)).setSafe(r, rounded);
        }
      }
      doubles.setRowCount(iris.size());
      longs.setRowCount(iris.size());
      fromDoubles.apply(doubles, expected);
      fromLongs.apply(longs, actual);
      for (int r = 0; r < iris.size(); r++) {
        assertEquals(expected.get(r), actual.get(r), 0.0, "row " + r);
      }
    }
  }

  @Test
  void severalInputsTakeStringAndNumberVectors() {
    final PredictKernel kernel = kernel("tips", PredictSignature.Function.PROBA, "1",
        List.of(PredictSignature.Type.DOUBLE, PredictSignature.Type.BIGINT,
            PredictSignature.Type.VARCHAR));
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(kernel.argumentSchema(), allocator);
         Float8Vector result = (Float8Vector) kernel.createResult(allocator)) {
      final Float8Vector amount = (Float8Vector) batch.getVector(0);
      final BigIntVector age = (BigIntVector) batch.getVector(1);
      final VarCharVector channel = (VarCharVector) batch.getVector(2);
      for (int r = 0; r < tips.size(); r++) {
        amount.setSafe(r, Double.parseDouble(tips.get(r)[0]));
        age.setSafe(r, Long.parseLong(tips.get(r)[1]));
        if (r == 2) {
          channel.setNull(r);
        } else {
          channel.setSafe(r, tips.get(r)[2].getBytes(StandardCharsets.UTF_8));
        }
      }
      batch.setRowCount(tips.size());
      kernel.apply(batch, result);
      for (int r = 0; r < tips.size(); r++) {
        if (r == 2) {
          assertTrue(result.isNull(r), "a NULL string gives NULL");
        } else {
          assertEquals(Double.parseDouble(tips.get(r)[5]), result.get(r), 1e-5, "row " + r);
        }
      }
    }
  }

  @Test
  void aResultVectorIsReusedWithoutStaleValues() {
    final PredictKernel kernel = iris(PredictSignature.Function.PROBA, "2");
    try (Float8Vector result = (Float8Vector) kernel.createResult(allocator)) {
      try (VectorSchemaRoot large = irisBatch(kernel, 0, 100, -1)) {
        kernel.apply(large, result);
        assertEquals(100, result.getValueCount());
        assertEquals(0, result.getNullCount());
      }
      try (VectorSchemaRoot small = irisBatch(kernel, 100, 110, 103)) {
        kernel.apply(small, result);
      }
      assertEquals(10, result.getValueCount());
      for (int r = 0; r < 10; r++) {
        if (r == 3) {
          assertTrue(result.isNull(r), "row 3 was scored in the previous batch, NULL now");
        } else {
          assertEquals(iris.get(100 + r)[7], result.get(r), 1e-5, "row " + r);
        }
      }
      try (VectorSchemaRoot empty = irisBatch(kernel, 0, 0, -1)) {
        kernel.apply(empty, result);
      }
      assertEquals(0, result.getValueCount());
    }
  }

  @Test
  void aBatchOfNullsNeedsNoModel() {
    final PredictKernel kernel = iris(PredictSignature.Function.LABEL, null);
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(kernel.argumentSchema(), allocator);
         BigIntVector result = (BigIntVector) kernel.createResult(allocator)) {
      batch.allocateNew();
      batch.setRowCount(5); // every argument NULL
      kernel.apply(batch, result);
      assertEquals(5, result.getValueCount());
      assertEquals(5, result.getNullCount());
    }
  }

  @Test
  void cachedPredictionsAreWrittenWithoutTheModel() {
    final PredictKernel kernel = kernel("cached", PredictSignature.Function.PROBA, "1",
        Collections.nCopies(4, PredictSignature.Type.DOUBLE));
    final PredictionCache cache = database.models().session(database.models().resolve("cached"))
        .cache();
    try (VectorSchemaRoot batch = irisBatch(kernel, 0, 50, 7);
         Float8Vector first = (Float8Vector) kernel.createResult(allocator);
         Float8Vector second = (Float8Vector) kernel.createResult(allocator)) {
      kernel.apply(batch, first);
      assertEquals(0, cache.hits());
      final long misses = cache.misses();
      kernel.apply(batch, second);
      assertEquals(49, cache.hits(), "every non-NULL row is a hit the second time");
      assertEquals(misses, cache.misses());
      for (int r = 0; r < 50; r++) {
        assertEquals(first.isNull(r), second.isNull(r), "row " + r);
        if (r != 7) {
          assertEquals(first.get(r), second.get(r), 0.0, "row " + r);
          assertEquals(iris.get(r)[6], second.get(r), 1e-5, "row " + r);
        }
      }
    }
  }

  @Test
  void vectorsOfOtherTypesAreRejected() {
    final PredictKernel kernel = iris(PredictSignature.Function.LABEL, null);
    final List<Field> fields = new ArrayList<>();
    for (int f = 0; f < 4; f++) {
      fields.add(Field.nullable("f" + f, f == 2 ? BIGINT : DOUBLE));
    }
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(new Schema(fields), allocator);
         BigIntVector labels = (BigIntVector) kernel.createResult(allocator);
         Float8Vector doubles = new Float8Vector("wrong", allocator);
         VectorSchemaRoot right = irisBatch(kernel, 0, 3, -1)) {
      batch.setRowCount(0);
      final IllegalArgumentException argument = assertThrows(IllegalArgumentException.class,
          () -> kernel.apply(batch, labels));
      assertTrue(argument.getMessage().contains("argument 3"), argument.getMessage());
      assertThrows(IllegalArgumentException.class, () -> kernel.apply(right, doubles));
      assertFalse(labels.getValueCount() > 0);
    }
  }
}
