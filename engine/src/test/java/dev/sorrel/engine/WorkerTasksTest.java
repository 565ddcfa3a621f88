package dev.sorrel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class WorkerTasksTest {
  /** A pool whose threads are all busy never starts the task: the waiting thread runs it. */
  @Test void aTaskNoWorkerStartedRunsOnTheWaitingThread() {
    final AtomicReference<Thread> ranOn = new AtomicReference<>();
    final FutureTask<Integer> task = WorkerTasks.submit(work -> { /* queued, never run */ },
        () -> {
          ranOn.set(Thread.currentThread());
          return 42;
        });
    assertEquals(42, WorkerTasks.await(task, "testing"));
    assertSame(Thread.currentThread(), ranOn.get());
  }

  @Test void aRefusedTaskStillRunsWhenAwaited() {
    final FutureTask<String> task = WorkerTasks.submit(work -> {
      throw new RejectedExecutionException("closing");
    }, () -> "done");
    assertEquals("done", WorkerTasks.await(task, "testing"));
  }

  @Test void aTasksFailureIsRethrownAsItself() {
    final FutureTask<Object> task = WorkerTasks.submit(Runnable::run, () -> {
      throw new SorrelException(ErrorCode.DIVISION_BY_ZERO, "boom");
    });
    final SorrelException e = assertThrows(SorrelException.class,
        () -> WorkerTasks.await(task, "testing"));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, e.code());
  }

  /**
   * An interrupt that came before the wait cancels it even when nothing
   * blocks (the task ran on the waiting thread, or had ended): the task
   * still ran to its end, and the thread keeps its interrupt.
   */
  @Test void anEarlierInterruptCancelsAWaitThatDoesNotBlock() {
    final AtomicReference<Boolean> ran = new AtomicReference<>(false);
    final FutureTask<Integer> inline = WorkerTasks.submit(work -> { /* never run */ }, () -> {
      ran.set(true);
      return 1;
    });
    final FutureTask<Integer> ended = WorkerTasks.submit(Runnable::run, () -> 2);
    for (FutureTask<Integer> task : java.util.List.of(inline, ended)) {
      Thread.currentThread().interrupt();
      try {
        final SorrelException e = assertThrows(SorrelException.class,
            () -> WorkerTasks.await(task, "testing"));
        assertEquals(ErrorCode.QUERY_CANCELED, e.code());
        assertTrue(Thread.currentThread().isInterrupted());
      } finally {
        Thread.interrupted();
      }
    }
    assertTrue(ran.get());
  }
}
