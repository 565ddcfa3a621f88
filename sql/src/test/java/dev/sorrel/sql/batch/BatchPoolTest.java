package dev.sorrel.sql.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BatchPoolTest {
  /** Stands for a batch of vectors: records whether it was closed. */
  private static final class FakeBatch implements AutoCloseable {
    boolean closed;

    @Override public void close() {
      closed = true;
    }
  }

  @Test void aBatchGivenBackIsTakenByTheNextExecutionOfItsShape() {
    try (BatchPool pool = new BatchPool()) {
      final FakeBatch batch = new FakeBatch();
      assertNull(pool.take(List.of("a"), FakeBatch.class));
      pool.give(List.of("a"), batch);
      assertNull(pool.take(List.of("b"), FakeBatch.class), "another shape gets none");
      assertSame(batch, pool.take(List.of("a"), FakeBatch.class));
      assertNull(pool.take(List.of("a"), FakeBatch.class), "taken once");
      assertFalse(batch.closed);
    }
  }

  @Test void batchesBeyondTheBoundAreClosedAndCloseClosesTheRest() {
    final List<FakeBatch> batches = new ArrayList<>();
    final BatchPool pool = new BatchPool();
    for (int i = 0; i < BatchPool.PER_SHAPE + 3; i++) {
      final FakeBatch batch = new FakeBatch();
      batches.add(batch);
      pool.give(List.of("a"), batch);
    }
    assertEquals(3, batches.stream().filter(b -> b.closed).count());
    for (int s = 0; s <= BatchPool.SHAPES; s++) {
      pool.give(List.of("shape", s), new FakeBatch());
    }
    assertTrue(batches.stream().allMatch(b -> b.closed),
        "the least recently used shape is dropped past the limit of shapes");
    final FakeBatch kept = new FakeBatch();
    pool.give(List.of("b"), kept);
    pool.close();
    assertTrue(kept.closed);
    final FakeBatch late = new FakeBatch();
    pool.give(List.of("b"), late);
    assertTrue(late.closed, "a closed pool keeps nothing");
  }
}
