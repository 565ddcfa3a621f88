package dev.sorrel.sql.predict;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

import dev.sorrel.engine.Models;
import dev.sorrel.udf.PredictKernel;

/**
 * Runs a {@link PredictPlan}: reads input rows into Arrow vectors a batch at
 * a time, scores each batch with one call per model, and emits the input rows
 * extended by the predictions.
 */
public final class PredictRuntime {
  public static final Method PREDICT;
  /** Parent of every operator's allocator; each operator closes its own child. */
  private static final BufferAllocator ROOT = new RootAllocator();

  static {
    try {
      PREDICT = PredictRuntime.class.getMethod("predict", PredictPlan.class, DataContext.class,
          Enumerable.class);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private PredictRuntime() {
  }

  /** The scored rows of one execution. */
  public static Enumerable<Object[]> predict(PredictPlan plan, DataContext context,
      Enumerable<?> input) {
    return new AbstractEnumerable<Object[]>() {
      @Override public Enumerator<Object[]> enumerator() {
        return new BatchEnumerator(plan, input.enumerator());
      }
    };
  }

  private static final class BatchEnumerator implements Enumerator<Object[]> {
    private final PredictPlan plan;
    private final Enumerator<?> input;
    private final BufferAllocator allocator;
    private final List<PredictKernel> kernels = new ArrayList<>();
    private final List<List<FieldVector>> arguments = new ArrayList<>();
    private final List<FieldVector> results = new ArrayList<>();
    private final Object[][] batch;
    private int size;
    private int position = -1;
    private boolean exhausted;

    BatchEnumerator(PredictPlan plan, Enumerator<?> input) {
      this.plan = plan;
      this.input = input;
      this.batch = new Object[plan.batchSize()][];
      this.allocator = ROOT.newChildAllocator("predict", 0, Long.MAX_VALUE);
      try {
        for (PredictCall call : plan.calls()) {
          // Resolve again: an alias may have moved since the plan was made.
          final Models.ResolvedModel current = plan.database().models().resolve(call.reference());
          kernels.add(new PredictKernel(plan.database().models().session(current),
              call.signature().rebind(current.version())));
          final List<FieldVector> vectors = new ArrayList<>();
          for (int a = 0; a < call.arguments().length; a++) {
            vectors.add(call.signature().stringArgument(a)
                ? new VarCharVector("arg" + a, allocator)
                : new Float8Vector("arg" + a, allocator));
          }
          arguments.add(vectors);
          results.add(switch (call.signature().resultType()) {
            case DOUBLE -> new Float8Vector("result", allocator);
            case BIGINT -> new BigIntVector("result", allocator);
            case VARCHAR -> new VarCharVector("result", allocator);
          });
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    @Override public Object[] current() {
      return batch[position];
    }

    @Override public boolean moveNext() {
      if (++position < size) {
        return true;
      }
      if (exhausted) {
        return false;
      }
      fill();
      position = 0;
      return size > 0;
    }

    private void fill() {
      final int width = plan.inputWidth();
      final int extended = width + plan.calls().size();
      size = 0;
      while (size < batch.length) {
        if (!input.moveNext()) {
          exhausted = true;
          break;
        }
        final Object current = input.current();
        final Object[] row = new Object[extended];
        if (current instanceof Object[] values) {
          System.arraycopy(values, 0, row, 0, width);
        } else {
          row[0] = current;
        }
        batch[size++] = row;
      }
      if (size == 0) {
        return;
      }
      for (int c = 0; c < kernels.size(); c++) {
        final PredictCall call = plan.calls().get(c);
        final List<FieldVector> vectors = arguments.get(c);
        for (int a = 0; a < vectors.size(); a++) {
          load(vectors.get(a), call.arguments()[a]);
        }
        final FieldVector result = results.get(c);
        kernels.get(c).score(vectors, size, result);
        for (int r = 0; r < size; r++) {
          batch[r][width + c] = result.isNull(r) ? null : value(result, r);
        }
      }
    }

    private void load(FieldVector vector, int field) {
      vector.clear();
      vector.setInitialCapacity(size);
      vector.allocateNew();
      if (vector instanceof VarCharVector strings) {
        for (int r = 0; r < size; r++) {
          final Object value = batch[r][field];
          if (value != null) {
            strings.setSafe(r, value.toString().getBytes(StandardCharsets.UTF_8));
          }
        }
      } else {
        final Float8Vector numbers = (Float8Vector) vector;
        for (int r = 0; r < size; r++) {
          final Object value = batch[r][field];
          if (value instanceof Number n) {
            numbers.set(r, n instanceof BigDecimal d ? d.doubleValue() : n.doubleValue());
          } else if (value instanceof Boolean b) {
            numbers.set(r, b ? 1 : 0);
          }
        }
      }
      vector.setValueCount(size);
    }

    private static Object value(FieldVector result, int row) {
      if (result instanceof Float8Vector d) {
        return d.get(row);
      }
      if (result instanceof BigIntVector l) {
        return l.get(row);
      }
      return new String(((VarCharVector) result).get(row), StandardCharsets.UTF_8);
    }

    @Override public void reset() {
      input.reset();
      exhausted = false;
      size = 0;
      position = -1;
    }

    @Override public void close() {
      input.close();
      for (List<FieldVector> vectors : arguments) {
        vectors.forEach(FieldVector::close);
      }
      results.forEach(FieldVector::close);
      allocator.close();
    }
  }
}
