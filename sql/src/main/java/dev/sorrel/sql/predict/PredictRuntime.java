package dev.sorrel.sql.predict;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.model.Models;
import dev.sorrel.sql.runtime.Workers;
import dev.sorrel.udf.PredictKernel;

/**
 * Runs a {@link PredictPlan}: buffers a batch of input rows, scores the batch
 * with one call per model, and emits the input rows extended by the
 * predictions, in input order.
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

  /** Threads that score batches while query threads read the next ones. */
  private static final ExecutorService WORKER = Workers.daemonPool("sorrel-predict");

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

  /**
   * Buffers input rows into batches and scores them. While one batch is being
   * scored on a worker thread, the calling thread reads the next batch from
   * the input, builds its model inputs, and hands on the rows of the previous
   * one, so scanning and model inference overlap on two cores. A query whose input fits in one
   * batch (a point lookup) is scored on the calling thread, with no handoff.
   */
  private static final class BatchEnumerator implements Enumerator<Object[]> {
    private final PredictPlan plan;
    private final Enumerator<?> input;
    private final List<PredictKernel> kernels = new ArrayList<>();
    private final List<int[]> arguments = new ArrayList<>();
    private Object[][] ready = new Object[0][];
    private Future<Object[][]> pending;
    private int position = -1;
    private boolean exhausted;

    BatchEnumerator(PredictPlan plan, Enumerator<?> input) {
      this.plan = plan;
      this.input = input;
      final Models models = plan.database().models();
      for (PredictCall call : plan.calls()) {
        // Resolve again: an alias may have moved since the plan was made.
        final Models.ResolvedModel current = models.resolve(call.reference());
        kernels.add(new PredictKernel(models.session(current),
            call.signature().rebind(current.version())));
        arguments.add(call.arguments());
      }
    }

    @Override public Object[] current() {
      return ready[position];
    }

    @Override public boolean moveNext() {
      if (++position < ready.length) {
        return true;
      }
      position = 0;
      if (pending == null) {
        if (exhausted) {
          return false;
        }
        final Object[][] first = read();
        if (exhausted) {
          ready = run(first, prepare(first)); // all input in one batch: no worker needed
          return ready.length > 0;
        }
        pending = submit(first);
      }
      final Object[][] next = exhausted ? null : read();
      final List<PredictKernel.Prepared> nextPrepared =
          next == null || next.length == 0 ? null : prepare(next);
      try {
        ready = await(pending);
      } catch (RuntimeException | Error e) {
        if (nextPrepared != null) {
          discard(nextPrepared);
        }
        throw e;
      }
      pending = nextPrepared == null ? null : WORKER.submit(() -> run(next, nextPrepared));
      return ready.length > 0 || moveNext();
    }

    private void discard(List<PredictKernel.Prepared> prepared) {
      for (int c = 0; c < prepared.size(); c++) {
        kernels.get(c).discard(prepared.get(c));
      }
    }

    private Future<Object[][]> submit(Object[][] batch) {
      final List<PredictKernel.Prepared> prepared = prepare(batch);
      return WORKER.submit(() -> run(batch, prepared));
    }

    /** Reads up to a batch of input rows, each with room for the predictions. */
    private Object[][] read() {
      final int width = plan.inputWidth();
      final int extended = width + plan.calls().size();
      final Object[][] batch = new Object[plan.batchSize()][];
      int size = 0;
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
      return size == batch.length ? batch : Arrays.copyOf(batch, size);
    }

    /** Builds the model inputs of a batch, on the query's thread. */
    private List<PredictKernel.Prepared> prepare(Object[][] batch) {
      final List<PredictKernel.Prepared> prepared = new ArrayList<>(kernels.size());
      for (int c = 0; c < kernels.size(); c++) {
        final int[] fields = arguments.get(c);
        prepared.add(kernels.get(c).prepare(new PredictKernel.Batch() {
          @Override public int size() {
            return batch.length;
          }

          @Override public Object value(int row, int argument) {
            return batch[row][fields[argument]];
          }
        }));
      }
      return prepared;
    }

    /** Runs the models on a prepared batch and stores the predictions in its rows. */
    private Object[][] run(Object[][] batch, List<PredictKernel.Prepared> prepared) {
      final int width = plan.inputWidth();
      for (int c = 0; c < kernels.size(); c++) {
        final Object[] results = kernels.get(c).run(prepared.get(c));
        for (int r = 0; r < batch.length; r++) {
          batch[r][width + c] = results[r];
        }
      }
      return batch;
    }

    /** Waits for a batch; see {@link Workers#await}. */
    private Object[][] await(Future<Object[][]> future) {
      return Workers.await(future, "scoring");
    }

    @Override public void reset() {
      finishPending();
      input.reset();
      exhausted = false;
      ready = new Object[0][];
      position = -1;
    }

    /** Lets a batch still being scored finish, so nothing runs after close. */
    private void finishPending() {
      final Future<Object[][]> future = pending;
      pending = null;
      if (future == null) {
        return;
      }
      boolean interrupted = false;
      while (true) {
        try {
          future.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // keep waiting: the worker must be done first
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
          break; // the query is being abandoned; its error no longer matters
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override public void close() {
      try {
        finishPending();
      } finally {
        input.close();
      }
    }
  }
}
