package dev.sorrel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
