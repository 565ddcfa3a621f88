package dev.sorrel.sql.asof;

import java.lang.reflect.Method;
import java.util.Arrays;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

import dev.sorrel.engine.AsOfSeeker;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Table;
import dev.sorrel.sql.runtime.CalciteValues;
import dev.sorrel.sql.runtime.Workers;
import dev.sorrel.sql.runtime.WriteScope;
import dev.sorrel.storage.ReadView;

/**
 * Runs an {@link AsofJoinPlan}. Left rows are read a chunk at a time; the
 * chunk's probes are sorted into key order (so consecutive seeks land in the
 * same or neighbouring blocks) and matched against one snapshot of the right
 * table; the chunk is then emitted in input order, each left row exactly
 * once.
 */
public final class AsofRuntime {
  public static final Method JOIN;

  static {
    try {
      JOIN = AsofRuntime.class.getMethod("join", AsofJoinPlan.class, DataContext.class,
          Enumerable.class);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Threads that seek part of a chunk's probes while the query thread seeks the rest. */
  private static final java.util.concurrent.ExecutorService WORKER =
      Workers.daemonPool("sorrel-asof");

  /** Probes below which a chunk is sought on the query thread alone. */
  private static final int PARALLEL_THRESHOLD = 16_384;

  private AsofRuntime() {
  }

  /** The joined rows of one execution. */
  public static Enumerable<Object[]> join(AsofJoinPlan plan, DataContext context,
      Enumerable<?> left) {
    return new AbstractEnumerable<Object[]>() {
      @Override public Enumerator<Object[]> enumerator() {
        return new JoinEnumerator(plan, left.enumerator());
      }
    };
  }

  private static final class JoinEnumerator implements Enumerator<Object[]> {
    private final AsofJoinPlan plan;
    private final Enumerator<?> input;
    private final Table table;
    private ReadView view;
    /** One seeker per thread seeking a part of each chunk; each sweeps its part in key order. */
    private AsOfSeeker[] seekers;
    private Object[][] chunk = new Object[0][];
    private int size;
    private int position = -1;
    private boolean exhausted;
    private Object[] current;

    JoinEnumerator(AsofJoinPlan plan, Enumerator<?> input) {
      this.plan = plan;
      this.input = input;
      try {
        this.table = plan.table().database().catalog().current(plan.table());
      } catch (RuntimeException e) {
        input.close();
        throw e;
      }
    }

    @Override public Object[] current() {
      return current;
    }

    @Override public boolean moveNext() {
      while (true) {
        while (++position < size) {
          final Object[] row = chunk[position];
          chunk[position] = null;
          if (row != null) {
            current = row;
            return true;
          }
        }
        if (exhausted) {
          current = null;
          return false;
        }
        fill();
      }
    }

    /** Reads and joins the next chunk of left rows. */
    private void fill() {
      if (chunk.length == 0) {
        chunk = new Object[Math.max(1, plan.chunkSize())][];
      }
      size = 0;
      position = -1;
      while (size < chunk.length) {
        if (!input.moveNext()) {
          exhausted = true;
          break;
        }
        final Object element = input.current();
        chunk[size++] = element instanceof Object[] row ? row : new Object[] {element};
      }
      if (size == 0) {
        return;
      }
      if (seekers == null) {
        WriteScope.checkReadable(table);
        view = table.database().snapshot();
        final int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        seekers = new AsOfSeeker[threads];
        for (int t = 0; t < threads; t++) {
          seekers[t] = new AsOfSeeker(view, table, plan.matchColumns(), plan.strict(),
              plan.knownAt(), plan.projection());
        }
      }
      final AsOfSeeker.Probe[] probes = new AsOfSeeker.Probe[size];
      final Object[] keys = new Object[plan.keyFields().length];
      int probed = 0;
      for (int i = 0; i < size; i++) {
        final Object[] row = chunk[i];
        for (int k = 0; k < keys.length; k++) {
          keys[k] = CalciteValues.toStorage(row[plan.keyFields()[k]]);
        }
        final AsOfSeeker.Probe probe = seekers[0].probe(keys, row[plan.timeField()], i);
        if (probe != null) {
          probes[probed++] = probe;
        }
      }
      // Key order: consecutive seeks land in the same or the next blocks.
      AsOfSeeker.sort(probes, probed);
      final Object[][] matches = new Object[size][];
      final int count = probed;
      if (seekers.length == 1 || count < PARALLEL_THRESHOLD) {
        seek(seekers[0], probes, 0, count, matches);
      } else {
        // Two contiguous halves of the key order: each thread sweeps its own
        // part of the table, so neither evicts the other's blocks.
        final int half = count / 2;
        final java.util.concurrent.Future<?> other = WORKER.submit(
            () -> seek(seekers[1], probes, half, count, matches));
        try {
          seek(seekers[0], probes, 0, half, matches);
        } finally {
          Workers.await(other, "seeking");
        }
      }
      final int leftWidth = chunk[0].length;
      final int rightWidth = plan.projection().length;
      for (int i = 0; i < size; i++) {
        final Object[] match = matches[i];
        if (match == null && plan.inner()) {
          chunk[i] = null;
          continue;
        }
        final Object[] out = Arrays.copyOf(chunk[i], leftWidth + rightWidth);
        if (match != null) {
          for (int r = 0; r < rightWidth; r++) {
            out[leftWidth + r] = CalciteValues.toCalcite(match[r]);
          }
        }
        chunk[i] = out;
      }
    }

    private static void seek(AsOfSeeker seeker, AsOfSeeker.Probe[] probes, int from, int to,
        Object[][] matches) {
      for (int p = from; p < to; p++) {
        if ((p & 4095) == 0 && Thread.currentThread().isInterrupted()) {
          throw new SorrelException(ErrorCode.QUERY_CANCELED, "query canceled while seeking");
        }
        matches[probes[p].index()] = seeker.find(probes[p]);
      }
    }

    /** Starts over: the left input from its start, and a fresh snapshot of the right table. */
    @Override public void reset() {
      releaseSeekers();
      input.reset();
      chunk = new Object[0][];
      size = 0;
      position = -1;
      exhausted = false;
      current = null;
    }

    private void releaseSeekers() {
      if (seekers != null) {
        for (AsOfSeeker seeker : seekers) {
          seeker.close();
        }
        seekers = null;
      }
      if (view != null) {
        view.close();
        view = null;
      }
    }

    @Override public void close() {
      try {
        releaseSeekers();
      } finally {
        input.close();
      }
    }
  }
}
