package dev.sorrel.sql.asof;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.Future;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.feature.AsOfSeeker;
import dev.sorrel.engine.feature.ProbeBatch;
import dev.sorrel.engine.feature.segment.HistorySegment;
import dev.sorrel.engine.feature.segment.SegmentSnapshot;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.runtime.CalciteValues;
import dev.sorrel.sql.runtime.Workers;
import dev.sorrel.sql.runtime.WriteScope;
import dev.sorrel.storage.ReadView;

/**
 * Runs an {@link AsofJoinPlan}. Left rows are read a chunk at a time; the
 * chunk's probes are sorted into key order (so consecutive searches touch
 * the same or neighbouring memory and blocks) and matched against one
 * snapshot of the right table by worker threads; rows are handed out in
 * input order, each left row exactly once. A feature view's history is
 * searched in its {@link HistorySegment} when one matches the snapshot: two
 * chunks at a time, one per worker, while the query thread reads ahead and
 * hands out rows. Otherwise it is sought in RocksDB one chunk at a time,
 * split between two threads by key range, the query thread waiting for them.
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

  /** Threads that match chunks while the query thread reads and emits rows. */
  private static final java.util.concurrent.ExecutorService WORKER =
      Workers.daemonPool("sorrel-asof");

  /** Probes below which a chunk is sought in RocksDB by one thread alone. */
  private static final int PARALLEL_THRESHOLD = 16_384;

  /** Probes matched per call of the seeker (and between checks for cancellation). */
  private static final int MATCH_BLOCK = 1024;

  /**
   * Left rows per chunk when a history segment is searched (at most). The
   * segment is memory, so a chunk needs no size to keep blocks warm; small
   * chunks stay in the processor caches between the thread that reads them
   * and the worker that matches them, and keep the collector's live set small
   * (on the feature benchmark 16K-32K rows ran 10-15% faster than 64K, and
   * 128K-256K slower again).
   */
  private static final int SEGMENT_CHUNK = 16_384;

  private AsofRuntime() {
  }

  /** The joined rows of one execution. */
  public static Enumerable<Object[]> join(AsofJoinPlan plan, DataContext context,
      Enumerable<?> left) {
    return new AbstractEnumerable<Object[]>() {
      @Override public Enumerator<Object[]> enumerator() {
        final Object flag = context == null ? null
            : context.get(DataContext.Variable.CANCEL_FLAG.camelName);
        return new JoinEnumerator(plan, left.enumerator(),
            flag instanceof java.util.concurrent.atomic.AtomicBoolean cancel ? cancel : null);
      }
    };
  }

  /**
   * Left rows read together: matched in place (each row replaced by its
   * joined row, or null if an inner join drops it), then emitted in order.
   */
  private static final class Chunk {
    final Object[][] rows;
    int size;
    final boolean[] matched;

    Chunk(int capacity) {
      rows = new Object[capacity][];
      matched = new boolean[capacity];
    }
  }

  /** A chunk being matched by a worker, and its task. */
  private record Flight(Chunk chunk, Future<?> task) {
  }

  private static final class JoinEnumerator implements Enumerator<Object[]> {
    private final AsofJoinPlan plan;
    private final Enumerator<?> input;
    private final Table table;
    /** Set when the statement is canceled (JDBC cancel): the workers stop at their next block. */
    private final java.util.concurrent.atomic.AtomicBoolean cancel;
    private ReadView view;
    /** One seeker per worker: per lane over a segment, per half of a chunk over RocksDB. */
    private AsOfSeeker[] seekers;
    /** Per seeker, the probes it matches, reused from chunk to chunk. */
    private ProbeBatch[] batches;
    /** Whether the seekers search a history segment rather than RocksDB. */
    private boolean segmented;
    private int chunkRows;
    /** The chunk being emitted. */
    private Chunk ready;
    private int position = -1;
    /**
     * Chunks being matched, oldest first, with their tasks: one per lane
     * (over a segment each worker matches a chunk of its own, with the
     * seeker of its lane; over RocksDB one chunk, split between the workers).
     */
    private final java.util.ArrayDeque<Flight> flights = new java.util.ArrayDeque<>();
    private int lanes;
    private int nextLane;
    private boolean exhausted;
    private Object[] current;

    JoinEnumerator(AsofJoinPlan plan, Enumerator<?> input,
        java.util.concurrent.atomic.AtomicBoolean cancel) {
      this.plan = plan;
      this.input = input;
      this.cancel = cancel;
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
        if (ready != null) {
          while (++position < ready.size) {
            final Object[] row = ready.rows[position];
            ready.rows[position] = null;
            if (row != null) {
              current = row;
              return true;
            }
          }
        }
        if (!advance()) {
          current = null;
          return false;
        }
      }
    }

    /**
     * Makes the next matched chunk ready, or returns false at the end. While
     * the workers match chunks, this thread reads the next ones from the left
     * input and hands out the rows of the chunks already matched: reading,
     * matching and the consumer overlap.
     */
    private boolean advance() {
      if (seekers == null) {
        open();
      }
      // Every lane busy: a chunk read now is matched while this thread waits
      // for the oldest one and hands out its rows.
      while (flights.size() < lanes) {
        final Chunk chunk = read();
        if (chunk == null) {
          break;
        }
        start(chunk);
      }
      final Flight oldest = flights.poll();
      if (oldest == null) {
        return false;
      }
      Workers.await(oldest.task(), "matching");
      ready = oldest.chunk();
      position = -1;
      return true;
    }

    /** Reads the next chunk of left rows, or returns null at the end of the input. */
    private Chunk read() {
      if (exhausted) {
        return null;
      }
      // The chunk emitted last is free again: its rows were all handed out.
      final Chunk chunk = ready != null && ready.rows.length == chunkRows ? ready
          : new Chunk(chunkRows);
      if (chunk == ready) {
        ready = null;
        java.util.Arrays.fill(chunk.matched, false);
      }
      int size = 0;
      while (size < chunkRows) {
        if (!input.moveNext()) {
          exhausted = true;
          break;
        }
        final Object element = input.current();
        chunk.rows[size++] = element instanceof Object[] row ? row : new Object[] {element};
      }
      chunk.size = size;
      return size == 0 ? null : chunk;
    }

    /**
     * Hands a chunk to the workers: over a segment to the next lane (whose
     * previous chunk has been awaited, so its seeker is free), over RocksDB to
     * both.
     */
    private void start(Chunk chunk) {
      final Future<?> task;
      if (segmented) {
        final int lane = nextLane;
        nextLane = (nextLane + 1) % lanes;
        task = WORKER.submit(() -> matchPart(chunk, lane, 0, chunk.size));
      } else {
        task = WORKER.submit(() -> matchBySeeking(chunk));
      }
      flights.add(new Flight(chunk, task));
    }

    /** Takes the snapshot, picks what to search (a segment or RocksDB) and sizes the chunks. */
    private void open() {
      WriteScope.checkReadable(table);
      final int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
      final ReadView snapshot = table.database().snapshot();
      final AsOfSeeker[] opened = new AsOfSeeker[threads];
      final SegmentSnapshot segment;
      try {
        // A feature view's columnar history image, if one matches this snapshot.
        segment = AsOfSeeker.segmentFor(snapshot, table, plan.matchColumns());
        for (int t = 0; t < threads; t++) {
          opened[t] = new AsOfSeeker(snapshot, table, plan.matchColumns(), plan.strict(),
              plan.knownAt(), plan.projection(), segment);
        }
      } catch (RuntimeException | Error e) {
        for (AsOfSeeker seeker : opened) {
          if (seeker != null) {
            seeker.close();
          }
        }
        snapshot.close();
        throw e;
      }
      view = snapshot;
      seekers = opened;
      batches = new ProbeBatch[threads];
      for (int t = 0; t < threads; t++) {
        batches[t] = new ProbeBatch();
      }
      segmented = segment != null;
      chunkRows = Math.max(1, segmented ? Math.min(plan.chunkSize(), SEGMENT_CHUNK)
          : plan.chunkSize());
      lanes = segmented ? threads : 1;
      nextLane = 0;
    }

    /**
     * Over a segment: a worker makes, sorts and matches the probes of a
     * chunk's rows {@code [from, to)} with the seeker of its lane.
     */
    private void matchPart(Chunk chunk, int thread, int from, int to) {
      final ProbeBatch batch = batches[thread];
      addProbes(chunk, seekers[thread], batch, from, to);
      seekers[thread].sort(batch);
      match(chunk, seekers[thread], batch, 0, batch.size());
      finish(chunk, from, to);
    }

    /**
     * Over RocksDB: the whole chunk's probes in one key order, split into two
     * contiguous key ranges, so each thread sweeps its own part of the table
     * and neither evicts the other's blocks.
     */
    private void matchBySeeking(Chunk chunk) {
      final ProbeBatch batch = batches[0];
      addProbes(chunk, seekers[0], batch, 0, chunk.size);
      // Key order: consecutive seeks land in the same or the next blocks.
      seekers[0].sort(batch);
      final int count = batch.size();
      if (seekers.length == 1 || count < PARALLEL_THRESHOLD) {
        match(chunk, seekers[0], batch, 0, count);
      } else {
        final int half = count / 2;
        final Future<?> other = WORKER.submit(
            () -> match(chunk, seekers[1], batch, half, count));
        try {
          match(chunk, seekers[0], batch, 0, half);
        } finally {
          Workers.await(other, "seeking");
        }
      }
      finish(chunk, 0, chunk.size);
    }

    /** Makes the probes of chunk rows {@code [from, to)}; rows with a NULL key or time get none. */
    private void addProbes(Chunk chunk, AsOfSeeker seeker, ProbeBatch batch, int from, int to) {
      batch.clear();
      final Object[] keys = new Object[plan.keyFields().length];
      for (int i = from; i < to; i++) {
        final Object[] row = chunk.rows[i];
        for (int k = 0; k < keys.length; k++) {
          keys[k] = CalciteValues.toStorage(row[plan.keyFields()[k]]);
        }
        seeker.add(batch, keys, row[plan.timeField()], i);
      }
    }

    /**
     * Matches probes {@code [from, to)} (in key order) of a batch, replacing
     * each probed chunk row by its joined row: the left values, then the
     * match's decoded straight into it (NULLs without one).
     */
    private void match(Chunk chunk, AsOfSeeker seeker, ProbeBatch batch, int from, int to) {
      final int rightWidth = plan.projection().length;
      final Object[][] joined = new Object[MATCH_BLOCK][];
      final boolean[] found = new boolean[MATCH_BLOCK];
      for (int block = from; block < to; block += MATCH_BLOCK) {
        if (Thread.currentThread().isInterrupted() || cancel != null && cancel.get()) {
          throw new SorrelException(ErrorCode.QUERY_CANCELED, "query canceled while matching");
        }
        final int end = Math.min(to, block + MATCH_BLOCK);
        final int leftWidth = chunk.rows[batch.row(block)].length;
        for (int p = block; p < end; p++) {
          joined[p - block] = Arrays.copyOf(chunk.rows[batch.row(p)], leftWidth + rightWidth);
        }
        seeker.find(batch, block, end, joined, leftWidth, found);
        for (int p = block; p < end; p++) {
          final int i = p - block;
          final Object[] out = joined[i];
          joined[i] = null;
          if (found[i]) {
            for (int r = leftWidth; r < out.length; r++) {
              out[r] = CalciteValues.toCalcite(out[r]);
            }
          } else if (plan.inner()) {
            continue; // dropped by finish()
          }
          chunk.rows[batch.row(p)] = out;
          chunk.matched[batch.row(p)] = true;
        }
      }
    }

    /**
     * Completes chunk rows {@code [from, to)} not yet joined (no match in an
     * inner join, or no probe for a NULL key or time): dropped (inner), or
     * with NULL features.
     */
    private void finish(Chunk chunk, int from, int to) {
      final int rightWidth = plan.projection().length;
      for (int i = from; i < to; i++) {
        if (!chunk.matched[i]) {
          chunk.rows[i] = plan.inner() ? null
              : Arrays.copyOf(chunk.rows[i], chunk.rows[i].length + rightWidth);
        }
      }
    }

    /** Starts over: the left input from its start, and a fresh snapshot of the right table. */
    @Override public void reset() {
      release();
      input.reset();
      ready = null;
      position = -1;
      exhausted = false;
      current = null;
    }

    /** Waits for the chunks in flight (they use the seekers), then closes the seekers and snapshot. */
    private void release() {
      try {
        for (Flight flight = flights.poll(); flight != null; flight = flights.poll()) {
          try {
            Workers.await(flight.task(), "matching");
          } catch (Throwable e) {
            // Its rows are discarded; only its end matters (every task has
            // ended before the seekers and snapshot it uses are closed).
          }
        }
      } finally {
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
    }

    @Override public void close() {
      try {
        release();
      } finally {
        input.close();
      }
    }
  }
}
