package dev.sorrel.engine.feature;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.WorkerTasks;
import dev.sorrel.engine.feature.segment.HistorySegment;
import dev.sorrel.engine.feature.segment.SegmentSnapshot;
import dev.sorrel.storage.ReadView;

/**
 * The rows of one run of a {@link PointInTimeJoin}, in input order: each
 * left row's values, then the projected right values decoded straight into
 * the same array.
 *
 * <p>Left rows are read a chunk at a time; the chunk's probes are sorted
 * into key order (so consecutive searches touch the same or neighbouring
 * memory and blocks) and matched against one snapshot of the right table by
 * worker threads; rows are handed out in input order, each left row exactly
 * once. A feature view's history is searched in its {@link HistorySegment}
 * when one matches the snapshot: chunks of at most 16K rows, one per worker
 * (a lane each, with its own seeker), while the reading thread reads ahead
 * and hands out rows. Otherwise it is sought in RocksDB one chunk at a time,
 * split between the workers by key range (so each sweeps its own part of the
 * table), the reading thread waiting for them.
 *
 * <p>Read by one thread. Not reusable: to read the rows again, open the join
 * again.
 */
public final class PointInTimeCursor implements AutoCloseable {
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

  private final PointInTimeJoin.Input input;
  private final Executor executor;
  private final BooleanSupplier canceled;
  private final int[] projection;
  private final boolean inner;
  private final int matchColumns;
  private final ReadView view;
  /** One seeker per worker: per lane over a segment, per key range of a chunk over RocksDB. */
  private final AsOfSeeker[] seekers;
  /** Per seeker, the probes it matches, reused from chunk to chunk. */
  private final ProbeBatch[] batches;
  /** Whether the seekers search a history segment rather than RocksDB. */
  private final boolean segmented;
  private final int chunkRows;
  /**
   * Chunks matched at once: one per worker over a segment (each with the
   * seeker of its lane); one over RocksDB, split between the workers.
   */
  private final int lanes;
  /** Chunks being matched, oldest first, with their tasks. */
  private final ArrayDeque<Flight> flights = new ArrayDeque<>();
  /** Set on close: tasks still running stop at their next block. */
  private volatile boolean stopped;
  private int nextLane;
  /** The chunk being handed out. */
  private Chunk ready;
  private int position = -1;
  private boolean exhausted;
  private boolean closed;
  /** What made an earlier call fail: the rows of a chunk are lost, so later calls fail too. */
  private RuntimeException failure;
  private Object[] current;

  /** Takes the snapshot, picks what to search (a segment or RocksDB) and sizes the chunks. */
  PointInTimeCursor(PointInTimeJoin join, PointInTimeJoin.Input input, Executor executor,
      BooleanSupplier canceled) {
    this.input = Objects.requireNonNull(input, "input");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.canceled = Objects.requireNonNull(canceled, "canceled");
    this.projection = join.projectionArray();
    this.inner = join.inner();
    this.matchColumns = join.matchColumns();
    final int threads = join.workers();
    final ReadView snapshot = join.table().database().snapshot();
    final AsOfSeeker[] opened = new AsOfSeeker[threads];
    final SegmentSnapshot segment;
    try {
      // A feature view's columnar history image, if one matches this snapshot.
      segment = AsOfSeeker.segmentFor(snapshot, join.table(), matchColumns);
      for (int t = 0; t < threads; t++) {
        opened[t] = new AsOfSeeker(snapshot, join.table(), matchColumns, join.strict(),
            join.knownAt(), projection, segment);
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
    this.view = snapshot;
    this.seekers = opened;
    this.batches = new ProbeBatch[threads];
    for (int t = 0; t < threads; t++) {
      batches[t] = new ProbeBatch();
    }
    this.segmented = segment != null;
    this.chunkRows = segmented ? Math.min(join.chunkRows(), SEGMENT_CHUNK) : join.chunkRows();
    this.lanes = segmented ? threads : 1;
  }

  /** Whether the history is searched in a segment rather than sought in RocksDB. */
  public boolean searchesSegment() {
    return segmented;
  }

  /**
   * Steps to the next joined row; returns false after the last (or once
   * closed).
   *
   * @throws SorrelException with {@link ErrorCode#QUERY_CANCELED} once
   *     canceled; after any failure, every later call fails too
   */
  public boolean next() {
    if (closed) {
      return false;
    }
    if (failure != null) {
      throw new SorrelException(failure instanceof SorrelException e ? e.code()
          : ErrorCode.INTERNAL_ERROR, "the point-in-time join failed earlier: "
          + failure.getMessage(), failure);
    }
    try {
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
    } catch (RuntimeException e) {
      failure = e;
      current = null;
      throw e;
    }
  }

  /**
   * The current joined row: the left row's values, then the projected right
   * values (storage values; NULLs without a match). The caller may keep and
   * change it.
   */
  public Object[] row() {
    if (current == null) {
      throw new NoSuchElementException();
    }
    return current;
  }

  /**
   * Left rows read together: matched in place (each row replaced by its
   * joined row, or null if an inner join drops it), then handed out in order.
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
  private record Flight(Chunk chunk, FutureTask<Void> task) {
  }

  /**
   * Makes the next matched chunk ready, or returns false at the end. While
   * the workers match chunks, this thread reads the next ones from the left
   * input and hands out the rows of the chunks already matched: reading,
   * matching and the consumer overlap.
   */
  private boolean advance() {
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
    WorkerTasks.await(oldest.task(), "matching");
    ready = oldest.chunk();
    position = -1;
    return true;
  }

  /** Reads the next chunk of left rows, or returns null at the end of the input. */
  private Chunk read() {
    if (exhausted) {
      return null;
    }
    // The chunk handed out last is free again: its rows were all handed out.
    final Chunk chunk = ready != null && ready.rows.length == chunkRows ? ready
        : new Chunk(chunkRows);
    if (chunk == ready) {
      ready = null;
      Arrays.fill(chunk.matched, false);
    }
    int size = 0;
    while (size < chunkRows) {
      final Object[] row = input.next();
      if (row == null) {
        exhausted = true;
        break;
      }
      chunk.rows[size++] = row;
    }
    chunk.size = size;
    return size == 0 ? null : chunk;
  }

  /**
   * Hands a chunk to the workers: over a segment to the next lane (whose
   * previous chunk has been awaited, so its seeker is free), over RocksDB to
   * all of them.
   */
  private void start(Chunk chunk) {
    final FutureTask<Void> task;
    if (segmented) {
      final int lane = nextLane;
      nextLane = (nextLane + 1) % lanes;
      task = submit(() -> matchPart(chunk, lane));
    } else {
      task = submit(() -> matchBySeeking(chunk));
    }
    flights.add(new Flight(chunk, task));
  }

  private FutureTask<Void> submit(Runnable work) {
    return WorkerTasks.submit(executor, () -> {
      work.run();
      return null;
    });
  }

  /**
   * Over a segment: a worker makes, sorts and matches the probes of a whole
   * chunk with the seeker of its lane.
   */
  private void matchPart(Chunk chunk, int lane) {
    if (stopped) {
      return;
    }
    final ProbeBatch batch = batches[lane];
    addProbes(chunk, seekers[lane], batch);
    seekers[lane].sort(batch);
    match(chunk, seekers[lane], batch, 0, batch.size());
    finish(chunk);
  }

  /**
   * Over RocksDB: the whole chunk's probes in one key order, split into
   * contiguous key ranges, one per worker, so each thread sweeps its own
   * part of the table and none evicts the others' blocks.
   */
  private void matchBySeeking(Chunk chunk) {
    if (stopped) {
      return;
    }
    final ProbeBatch batch = batches[0];
    addProbes(chunk, seekers[0], batch);
    // Key order: consecutive seeks land in the same or the next blocks.
    seekers[0].sort(batch);
    final int count = batch.size();
    final int parts = count < PARALLEL_THRESHOLD ? 1 : seekers.length;
    final FutureTask<?>[] others = new FutureTask<?>[parts - 1];
    Throwable error = null;
    try {
      for (int t = 1; t < parts; t++) {
        final AsOfSeeker seeker = seekers[t];
        final int from = (int) ((long) count * t / parts);
        final int to = (int) ((long) count * (t + 1) / parts);
        others[t - 1] = submit(() -> match(chunk, seeker, batch, from, to));
      }
      match(chunk, seekers[0], batch, 0, count / parts);
    } catch (RuntimeException | Error e) {
      error = e;
    }
    // Every part ends before the chunk is finished or the error reported:
    // the parts write its rows and use the seekers.
    for (FutureTask<?> other : others) {
      if (other == null) {
        continue;
      }
      try {
        WorkerTasks.await(other, "seeking");
      } catch (RuntimeException | Error e) {
        if (error == null) {
          error = e;
        }
      }
    }
    if (error instanceof RuntimeException e) {
      throw e;
    }
    if (error instanceof Error e) {
      throw e;
    }
    finish(chunk);
  }

  /** Makes the probes of a chunk's rows; rows with a NULL key or time get none. */
  private void addProbes(Chunk chunk, AsOfSeeker seeker, ProbeBatch batch) {
    batch.clear();
    final Object[] keys = new Object[matchColumns];
    for (int i = 0; i < chunk.size; i++) {
      final Object[] row = chunk.rows[i];
      input.keys(row, keys);
      seeker.add(batch, keys, input.time(row), i);
    }
  }

  /**
   * Matches probes {@code [from, to)} (in key order) of a batch, replacing
   * each probed chunk row by its joined row: the left values, then the
   * match's decoded straight into it (NULLs without one).
   */
  private void match(Chunk chunk, AsOfSeeker seeker, ProbeBatch batch, int from, int to) {
    final int rightWidth = projection.length;
    final Object[][] joined = new Object[MATCH_BLOCK][];
    final boolean[] found = new boolean[MATCH_BLOCK];
    for (int block = from; block < to; block += MATCH_BLOCK) {
      if (stopped || canceled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
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
        if (!found[i] && inner) {
          continue; // dropped by finish()
        }
        chunk.rows[batch.row(p)] = out;
        chunk.matched[batch.row(p)] = true;
      }
    }
  }

  /**
   * Completes the chunk's rows not yet joined (no match in an inner join, or
   * no probe for a NULL key or time): dropped (inner), or with NULL values.
   */
  private void finish(Chunk chunk) {
    final int rightWidth = projection.length;
    for (int i = 0; i < chunk.size; i++) {
      if (!chunk.matched[i]) {
        chunk.rows[i] = inner ? null
            : Arrays.copyOf(chunk.rows[i], chunk.rows[i].length + rightWidth);
      }
    }
  }

  /**
   * Stops the join: waits for the chunks being matched (they use the seekers
   * and the snapshot; tasks not yet started do nothing), then closes the
   * seekers and the snapshot. Does not close the input.
   */
  @Override public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopped = true;
    try {
      for (Flight flight = flights.poll(); flight != null; flight = flights.poll()) {
        try {
          WorkerTasks.await(flight.task(), "matching");
        } catch (RuntimeException | Error e) {
          // Its rows are discarded; only its end matters (every task has
          // ended before the seekers and snapshot it uses are closed).
        }
      }
    } finally {
      ready = null;
      current = null;
      try {
        for (AsOfSeeker seeker : seekers) {
          seeker.close();
        }
      } finally {
        view.close();
      }
    }
  }
}
