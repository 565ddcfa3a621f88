package dev.sorrel.sql.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.model.Models;
import dev.sorrel.sql.predict.PredictCall;
import dev.sorrel.udf.PredictSignature;

/**
 * The PREDICT operator's runtime on rows as Calcite hands them over: batches
 * scored through the kernels' vectors come back in input order with NULLs
 * where an argument was NULL, and every Arrow buffer is released when the
 * enumerator closes, also after a model fails mid-query (the test's root
 * allocator fails on close if one leaked).
 */
class BatchCallRuntimeTest {
  private static final Path MODELS = Path.of("..", "src", "test", "resources", "models");

  private Database database;
  private RootAllocator root;
  private List<double[]> iris;

  @BeforeEach
  void setUp() throws IOException {
    database = Database.openInMemory("predict-runtime-" + System.nanoTime());
    try (Transaction tx = database.begin()) {
      database.models().create(tx, "MLP", Files.readAllBytes(MODELS.resolve("mlp_iris.onnx")),
          null, null, Map.of());
      tx.commit();
    }
    iris = new ArrayList<>();
    final List<String> lines = Files.readAllLines(MODELS.resolve("mlp_iris.csv"));
    for (String line : lines.subList(1, lines.size())) {
      final String[] cells = line.split(",");
      final double[] values = new double[cells.length];
      for (int i = 0; i < cells.length; i++) {
        values[i] = Double.parseDouble(cells[i]);
      }
      iris.add(values);
    }
    root = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    try {
      assertEquals(0, root.getAllocatedMemory(), "Arrow memory left after the query closed");
      root.close();
    } finally {
      database.close();
    }
  }

  private PredictCall call(PredictSignature.Function function, String selector) {
    final Models.ResolvedModel model = database.models().resolve("mlp");
    return new PredictCall(database, "mlp", model, PredictSignature.plan("MLP", model.version(),
        function, selector, Collections.nCopies(4, PredictSignature.Type.DOUBLE)),
        new int[] {1, 2, 3, 4});
  }

  /** Input rows {@code (id, f0, f1, f2, f3)}, with f1 NULL in every seventh row. */
  private List<Object[]> rows() {
    final List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < iris.size(); r++) {
      final double[] v = iris.get(r);
      rows.add(new Object[] {r, v[0], r % 7 == 3 ? null : (Object) v[1], v[2], v[3]});
    }
    return rows;
  }

  /** An input that records whether it was closed. */
  private static final class Input implements Enumerator<Object[]> {
    private final Enumerator<Object[]> rows;
    boolean closed;

    Input(List<Object[]> rows) {
      this.rows = Linq4j.enumerator(rows);
    }

    @Override public Object[] current() {
      return rows.current();
    }

    @Override public boolean moveNext() {
      return rows.moveNext();
    }

    @Override public void reset() {
      rows.reset();
    }

    @Override public void close() {
      closed = true;
    }
  }

  private BufferAllocator execution() {
    return root.newChildAllocator("execution", 0, Long.MAX_VALUE);
  }

  @Test
  void batchesComeBackInInputOrderWithTheirCarriedFieldsAndPredictions() {
    // Only the id is carried on: the features are read as arguments and dropped.
    final BatchCallPlan plan = new BatchCallPlan(database, 1, List.of(
        call(PredictSignature.Function.LABEL, null), call(PredictSignature.Function.PROBA, "2")),
        16);
    final Input input = new Input(rows());
    int count = 0;
    try (Enumerator<Object[]> scored = BatchCallRuntime.scored(plan, input, execution())) {
      while (scored.moveNext()) {
        final Object[] row = scored.current();
        final int r = (Integer) row[0];
        assertEquals(count, r, "rows keep their order");
        assertEquals(3, row.length);
        if (r % 7 == 3) {
          assertNull(row[1], "row " + r);
          assertNull(row[2], "row " + r);
        } else {
          assertEquals((long) iris.get(r)[4], row[1], "label of row " + r);
          assertEquals(iris.get(r)[7], (Double) row[2], 1e-5, "probability of row " + r);
        }
        count++;
      }
    }
    assertEquals(iris.size(), count);
    assertTrue(input.closed);
  }

  @Test
  void aSingleBatchAndAnEmptyInputAreScored() {
    final BatchCallPlan plan = new BatchCallPlan(database, 5,
        List.of(call(PredictSignature.Function.LABEL, null)), 1024);
    try (Enumerator<Object[]> scored = BatchCallRuntime.scored(plan, new Input(rows()),
        execution())) {
      int count = 0;
      while (scored.moveNext()) {
        count++;
      }
      assertEquals(iris.size(), count);
    }
    try (Enumerator<Object[]> scored = BatchCallRuntime.scored(plan, new Input(List.of()),
        execution())) {
      assertFalse(scored.moveNext());
    }
  }

  @Test
  void aModelFailingMidQueryReleasesEveryVector() {
    final BatchCallPlan plan = new BatchCallPlan(database, 5,
        List.of(call(PredictSignature.Function.LABEL, null)), 8);
    final Input input = new Input(rows());
    final Enumerator<Object[]> scored = BatchCallRuntime.scored(plan, input, execution());
    assertTrue(scored.moveNext());
    // Dropping the model closes its session under the running query.
    database.models().session(database.models().resolve("mlp")).close();
    final SorrelException failure = assertThrows(SorrelException.class, () -> {
      while (scored.moveNext()) {
        scored.current();
      }
    });
    assertTrue(failure.getMessage().contains("has been dropped"), failure.getMessage());
    scored.close();
    assertTrue(input.closed);
  }
}
