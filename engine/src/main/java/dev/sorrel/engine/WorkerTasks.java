package dev.sorrel.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Tasks that query operators hand to the {@linkplain Database#workers()
 * database's workers}, and the one way to wait for them. A waiting thread
 * runs a task no worker has started yet itself, so a bounded pool never
 * leaves a query waiting on work queued behind busy threads.
 */
public final class WorkerTasks {
  private WorkerTasks() {
  }

  /**
   * Hands {@code work} to {@code executor}; if the executor refuses it (the
   * database is closing), {@link #await} runs it on the waiting thread.
   */
  public static <T> FutureTask<T> submit(Executor executor, Callable<T> work) {
    final FutureTask<T> task = new FutureTask<>(work);
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // Not run by the executor: awaiting the task runs it on the waiting thread.
    }
    return task;
  }

  /**
   * Waits for a task and returns its result, rethrowing its failure. A task
   * no thread has started yet is run by the waiting thread instead. If the
   * waiting thread is interrupted, the task is still let finish (it uses the
   * query's resources: a snapshot, a model session) before the wait fails as
   * canceled (57014), so nothing runs after the query is closed. An interrupt
   * that came before the call counts too, whether or not the wait blocks: a
   * task that ended early, or that ran on the waiting thread, does not hide it.
   *
   * @param what what the task does, for the message of an unexpected failure
   */
  public static <T> T await(FutureTask<T> task, String what) {
    task.run(); // returns at once if it has started or ended
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          final T result = task.get();
          if (interrupted) {
            throw new SorrelException(ErrorCode.QUERY_CANCELED, "query canceled while " + what);
          }
          return result;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw new SorrelException(ErrorCode.INTERNAL_ERROR, what + " failed", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
