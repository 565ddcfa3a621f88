package dev.sorrel.sql.batch;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

import dev.sorrel.engine.WorkerTasks;

/**
 * Reads an input a batch at a time on the calling thread and processes each
 * batch on one of the database's workers while the next one is read, so that
 * scanning and the work per batch (a model call, hashing) overlap on two
 * cores. The batch operator scores its rows this way, and
 * {@code EXPERIMENT_RESULTS} hashes and accumulates its units.
 *
 * <p>Batches are processed one at a time, in input order: a batch is handed
 * on only once the one before it is done, and each hand-off goes through a
 * {@link FutureTask}, which orders memory. Processing may therefore keep
 * state across batches (running sums, a set of units seen) without locks.
 * An input that fits in one batch (a point lookup) is processed on the
 * calling thread, with no hand-off; a batch no worker has started by the time
 * it is needed is run by the calling thread as well.
 *
 * <p>A subclass keeps two batches and fills them in turn: while one is being
 * processed, {@link #read()} fills the other.
 *
 * @param <B> a batch
 */
public abstract class OverlappedBatches<B> {
  private final Executor workers;
  private final String activity;
  private FutureTask<B> pending;
  private boolean exhausted;

  /**
   * @param workers the database's workers
   * @param activity what processing does, for the message of a cancel
   *     ("scoring")
   */
  protected OverlappedBatches(Executor workers, String activity) {
    this.workers = workers;
    this.activity = activity;
  }

  /**
   * Fills the batch not being processed with up to a batch of input, on the
   * calling thread, and returns it; calls {@link #endOfInput()} once the
   * input has no more rows.
   */
  protected abstract B read();

  /** Processes a batch, on a worker or on the calling thread; returns it. */
  protected abstract B process(B batch);

  /** Whether a batch read holds no rows. */
  protected abstract boolean isEmpty(B batch);

  /** Records that the input has ended; {@link #read()} calls it. */
  protected final void endOfInput() {
    exhausted = true;
  }

  /**
   * The next processed batch, in input order, or null once the input is
   * done. While the returned batch's rows are used, the one after it may be
   * processing. A failure in processing is thrown here.
   */
  public final B next() {
    if (pending == null) {
      if (exhausted) {
        return null;
      }
      final B first = read();
      if (exhausted) {
        return process(first); // all input in one batch: no worker needed
      }
      pending = submit(first);
    }
    final B following = exhausted ? null : read();
    final B processed = WorkerTasks.await(pending, activity);
    pending = following == null || isEmpty(following) ? null : submit(following);
    return processed;
  }

  private FutureTask<B> submit(B batch) {
    return WorkerTasks.submit(workers, () -> process(batch));
  }

  /**
   * Lets a batch still being processed finish, ignoring its result, so that
   * nothing runs after the caller closes what processing uses; then the
   * input may be read again from its start.
   */
  public final void finish() {
    final FutureTask<B> future = pending;
    pending = null;
    exhausted = false;
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
      } catch (ExecutionException | CancellationException e) {
        break; // the query is being abandoned; its error no longer matters
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
