package dev.sorrel.sql.predict;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

import dev.sorrel.engine.Models;
import dev.sorrel.udf.PredictKernel;

/**
 * Runs a {@link PredictPlan}: buffers a batch of input rows, scores the batch
 * with one call per model, and emits the input rows extended by the
 * predictions.
 */
public final class PredictRuntime {
  public static final Method PREDICT;

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

  /** The arguments of one call, read in place from the buffered rows. */
  private static final class RowBatch implements PredictKernel.Batch {
    private final Object[][] rows;
    private final int[] fields;
    private int size;

    RowBatch(Object[][] rows, int[] fields) {
      this.rows = rows;
      this.fields = fields;
    }

    @Override public int size() {
      return size;
    }

    @Override public Object value(int row, int argument) {
      return rows[row][fields[argument]];
    }
  }

  private static final class BatchEnumerator implements Enumerator<Object[]> {
    private final PredictPlan plan;
    private final Enumerator<?> input;
    private final List<PredictKernel> kernels = new ArrayList<>();
    private final List<RowBatch> batches = new ArrayList<>();
    private final Object[][] batch;
    private int size;
    private int position = -1;
    private boolean exhausted;

    BatchEnumerator(PredictPlan plan, Enumerator<?> input) {
      this.plan = plan;
      this.input = input;
      this.batch = new Object[plan.batchSize()][];
      final Models models = plan.database().models();
      for (PredictCall call : plan.calls()) {
        // Resolve again: an alias may have moved since the plan was made.
        final Models.ResolvedModel current = models.resolve(call.reference());
        kernels.add(new PredictKernel(models.session(current),
            call.signature().rebind(current.version())));
        batches.add(new RowBatch(batch, call.arguments()));
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
        final RowBatch arguments = batches.get(c);
        arguments.size = size;
        final Object[] results = kernels.get(c).score(arguments);
        for (int r = 0; r < size; r++) {
          batch[r][width + c] = results[r];
        }
      }
    }

    @Override public void reset() {
      input.reset();
      exhausted = false;
      size = 0;
      position = -1;
    }

    @Override public void close() {
      input.close();
    }
  }
}
