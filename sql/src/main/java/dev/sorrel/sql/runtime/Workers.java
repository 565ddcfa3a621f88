package dev.sorrel.sql.runtime;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * Helper threads of query operators (model scoring, point-in-time matching)
 * that work beside the query thread, and the one way to wait for them.
 */
public final class Workers {
  private Workers() {
  }

  /** A pool of daemon threads named {@code name}, created as needed. */
  public static ExecutorService daemonPool(String name) {
    return Executors.newCachedThreadPool(task -> {
      final Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Waits for a task and returns its result, rethrowing its failure. If the
   * query thread is interrupted, the task is still let finish (it uses the
   * query's resources: a snapshot, a model session) before the query fails
   * as canceled (57014), so nothing runs after the query is closed.
   *
   * @param what what the task does, for the message of an unexpected failure
   */
  public static <T> T await(Future<T> future, String what) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          final T result = future.get();
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
