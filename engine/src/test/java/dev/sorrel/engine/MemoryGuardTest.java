package dev.sorrel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryGuardTest {
  private static final long MIB = 1 << 20;

  @Test void aStatementFailsWith53200WhenACollectionLeavesMoreThanTheLimit() {
    try (MemoryGuard guard = new MemoryGuard(100 * MIB)) {
      guard.collected(60 * MIB);
      guard.check("sorting");
      guard.collected(120 * MIB);
      final SorrelException e = assertThrows(SorrelException.class,
          () -> guard.check("scanning T"));
      assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
      assertEquals("53200", e.sqlState());
      assertTrue(e.getMessage().startsWith("out of memory while scanning T: the query needs"
          + " more than the 100 MiB of heap the database allows"), e.getMessage());
      assertTrue(e.getMessage().contains("120 MiB in use after the last garbage collection"),
          e.getMessage());
    }
  }

  /**
   * One collection's figure fails one statement: the next is judged by the
   * collection after the failed one has released what it held.
   */
  @Test void oneCollectionOverTheLimitFailsOneStatement() {
    try (MemoryGuard guard = new MemoryGuard(100 * MIB)) {
      guard.collected(150 * MIB);
      assertThrows(SorrelException.class, () -> guard.check("sorting"));
      guard.check("reading");
      guard.check("reading");
      guard.collected(40 * MIB);
      guard.check("reading");
      guard.collected(101 * MIB);
      assertThrows(SorrelException.class, () -> guard.check("joining"));
    }
  }

  @Test void noLimitNeverFails() {
    try (MemoryGuard guard = new MemoryGuard(0)) {
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
