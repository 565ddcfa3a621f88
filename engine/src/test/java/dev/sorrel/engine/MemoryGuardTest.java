package dev.sorrel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

class MemoryGuardTest {
  private static final long MIB = 1 << 20;

  /** What a full collection would leave, as the test sets it; counts the collections asked. */
  private static final class FakeHeap implements LongSupplier {
    long live;
    int fullCollections;

    @Override public long getAsLong() {
      fullCollections++;
      return live;
    }
  }

  /** A clock the test moves. */
  private static final class FakeClock implements LongSupplier {
    long nanos = 1_000_000L;

    @Override public long getAsLong() {
      return nanos;
    }

    void settle() {
      nanos += MemoryGuard.SETTLE_NANOS;
    }
  }

  @Test void aStatementFailsWith53200WhenAFullCollectionLeavesMoreThanTheLimit() {
    final FakeHeap heap = new FakeHeap();
    try (MemoryGuard guard = new MemoryGuard(100 * MIB, heap)) {
      guard.collected(60 * MIB);
      guard.check("sorting");
      assertEquals(0, heap.fullCollections, "a figure under the limit needs no confirmation");
      guard.collected(120 * MIB);
      heap.live = 110 * MIB;
      final SorrelException e = assertThrows(SorrelException.class,
          () -> guard.check("scanning T"));
      assertEquals(1, heap.fullCollections);
      assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
      assertEquals("53200", e.sqlState());
      assertTrue(e.getMessage().startsWith("out of memory while scanning T: the query needs"
          + " more than the 100 MiB of heap the database allows"), e.getMessage());
      assertTrue(e.getMessage().contains("110 MiB in use after a full garbage collection"),
          e.getMessage());
    }
  }

  /**
   * A young collection's figure counts the old generation's garbage, such as
   * the rows of a statement that has just failed: the statements after it run
   * once a full collection shows the heap under the limit.
   */
  @Test void garbageLeftByAYoungCollectionFailsNoStatement() {
    final FakeHeap heap = new FakeHeap();
    try (MemoryGuard guard = new MemoryGuard(100 * MIB, heap)) {
      guard.collected(150 * MIB);
      heap.live = 30 * MIB;
      guard.check("reading");
      guard.check("reading");
      assertEquals(1, heap.fullCollections, "one full collection per figure");
    }
  }

  /** One collection's figure fails at most one statement; the next figure is judged anew. */
  @Test void oneCollectionOverTheLimitFailsOneStatement() {
    final FakeHeap heap = new FakeHeap();
    final FakeClock clock = new FakeClock();
    try (MemoryGuard guard = new MemoryGuard(100 * MIB, heap, clock)) {
      heap.live = 150 * MIB;
      guard.collected(150 * MIB);
      assertThrows(SorrelException.class, () -> guard.check("sorting"));
      guard.check("reading");
      guard.collected(40 * MIB);
      guard.check("reading");
      clock.settle();
      guard.collected(101 * MIB);
      assertThrows(SorrelException.class, () -> guard.check("joining"));
      assertEquals(2, heap.fullCollections);
    }
  }

  /**
   * The notification of the guard's own full collection reports the heap with the failed
   * statement's rows still reachable; it fails no second statement while the heap settles,
   * and a heap held over the limit costs at most one full collection a second.
   */
  @Test void theGuardsOwnCollectionFailsNoSecondStatementUntilTheHeapSettles() {
    final FakeClock clock = new FakeClock();
    final MemoryGuard[] self = new MemoryGuard[1];
    final int[] fullCollections = new int[1];
    final long[] live = {150 * MIB};
    final LongSupplier reporting = () -> {
      fullCollections[0]++;
      self[0].collected(live[0]); // as the JVM reports the collection it was asked for
      return live[0];
    };
    try (MemoryGuard guard = new MemoryGuard(100 * MIB, reporting, clock)) {
      self[0] = guard;
      guard.collected(150 * MIB);
      assertThrows(SorrelException.class, () -> guard.check("sorting"));
      for (int i = 0; i < 100; i++) {
        guard.check("reading"); // another statement, while the first unwinds
        guard.collected(140 * MIB); // young collections over the limit meanwhile
      }
      assertEquals(1, fullCollections[0], "no full collection before the heap settled");
      clock.settle();
      live[0] = 20 * MIB; // the failed statement's rows are gone
      guard.check("reading");
      assertEquals(2, fullCollections[0]);
      guard.check("reading");
      assertEquals(2, fullCollections[0], "the low figure needs no confirmation");
    }
  }

  /** Threads that read a figure over the limit at once cause one full collection, not one each. */
  @Test void concurrentChecksAskForOneFullCollection() throws Exception {
    final FakeHeap heap = new FakeHeap();
    try (MemoryGuard guard = new MemoryGuard(100 * MIB, heap)) {
      guard.collected(150 * MIB);
      heap.live = 30 * MIB;
      final Thread[] threads = new Thread[8];
      final CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < threads.length; i++) {
        threads[i] = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          guard.check("reading");
        });
        threads[i].start();
      }
      start.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
      assertEquals(1, heap.fullCollections);
    }
  }

  @Test void noLimitNeverFails() {
    try (MemoryGuard guard = new MemoryGuard(0, () -> {
      throw new AssertionError("no limit, no collection");
    })) {
      guard.collected(Long.MAX_VALUE);
      guard.check("sorting");
    }
  }

  @Test void theGuardHearsTheJvmsCollections() throws InterruptedException {
    try (MemoryGuard guard = new MemoryGuard(Runtime.getRuntime().maxMemory())) {
      // The notification arrives on the JVM's service thread, shortly after the collection.
      final long deadline = System.nanoTime() + 10_000_000_000L;
      while (guard.usedAfterCollection() == 0 && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(50);
      }
      assertTrue(guard.usedAfterCollection() > 0, "no collection reported");
      assertTrue(guard.usedAfterCollection() <= Runtime.getRuntime().maxMemory());
    }
  }

  @Test void aNegativeLimitIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new MemoryGuard(-1));
  }
}
