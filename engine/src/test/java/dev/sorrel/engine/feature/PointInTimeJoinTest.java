package dev.sorrel.engine.feature;

import static dev.sorrel.engine.feature.FeatureHistories.MINUTE;
import static dev.sorrel.engine.feature.FeatureHistories.T0;
import static dev.sorrel.engine.feature.FeatureHistories.X;
import static dev.sorrel.engine.feature.FeatureHistories.Y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.EngineTestSupport;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ValueType;

/**
 * A training set built from Java with {@link PointInTimeJoin}, no SQL: every
 * joined row equals a brute-force reading of the point-in-time rule over the
 * same history (TTL, ties, strict, known-at, NULL keys, inner and left joins),
 * whether the history is sought in RocksDB, searched in its segment, or both
 * (entities changed since the segment); on any executor; canceled; closed
 * early.
 */
class PointInTimeJoinTest {
  private static final int[] FEATURES = {X, Y, FeatureHistories.EVENT};

  @TempDir Path dir;

  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  private static final Executor INLINE = Runnable::run;

  /** Reads every joined row of a run, as lists (for assertEquals). */
  private static List<List<Object>> readAll(PointInTimeJoin join, List<Object[]> left,
      Executor executor) {
    final List<List<Object>> rows = new ArrayList<>();
    try (PointInTimeCursor cursor = join.open(input(left), executor, () -> false)) {
      while (cursor.next()) {
        rows.add(Arrays.asList(cursor.row()));
      }
      assertThrows(NoSuchElementException.class, cursor::row);
    }
    return rows;
  }

  /** Left rows {@code {id, S, N, time, tag}}: the probe is S, N and the time. */
  private static PointInTimeJoin.Input input(List<Object[]> left) {
    return PointInTimeJoin.Input.of(left.iterator(), new int[] {1, 2}, 3);
  }

  /** Every combination of the rule's settings, each compared with the oracle. */
  private void compareAll(FeatureView view, Long ttl, Random random, boolean segmented) {
    final List<Object[]> history = EngineTestSupport.scanAll(view.history().database(),
        view.history());
    final List<Object[]> left = FeatureHistories.probes(random, 1500);
    int matched = 0;
    for (boolean strict : new boolean[] {false, true}) {
      for (boolean knownAt : new boolean[] {false, true}) {
        for (boolean inner : new boolean[] {false, true}) {
          final PointInTimeJoin join = PointInTimeJoin.builder(view).strict(strict)
              .knownAt(knownAt).inner(inner).project(FEATURES)
              // Small chunks: many of them, in flight in every lane at once.
              .chunkRows(1 + random.nextInt(300)).workers(1 + random.nextInt(2)).build();
          final String what = "strict=" + strict + " knownAt=" + knownAt + " inner=" + inner
              + " ttl=" + ttl + " chunk=" + join.chunkRows() + " workers=" + join.workers();
          try (PointInTimeCursor cursor = join.open(input(List.of()), pool, () -> false)) {
            assertEquals(segmented, cursor.searchesSegment(), what);
            assertFalse(cursor.next(), "no left rows, no rows");
          }
          final List<List<Object>> expected = FeatureHistories.expectedJoin(history, left,
              FEATURES, strict, knownAt, inner, ttl);
          assertEquals(expected, readAll(join, left, view.history().database().workers()), what);
          if (inner) {
            matched += expected.size();
          }
        }
      }
    }
    assertTrue(matched > 1000, "too few matches to compare: " + matched);
  }

  @Test void aTrainingSetSoughtInRocksDbFollowsThePointInTimeRule() {
    final Random random = new Random(21);
    for (Long ttl : new Long[] {null, 45 * MINUTE}) {
      try (Database db = Database.openInMemory(EngineTestSupport.uniqueMemoryName("pit"))) {
        final FeatureView view = FeatureHistories.createView(db, ttl);
        FeatureHistories.fill(db, view, random, 3000);
        compareAll(view, ttl, random, false);
      }
    }
  }

  @Test void aTrainingSetSearchedInTheSegmentFollowsThePointInTimeRule() {
    final Random random = new Random(22);
    for (Long ttl : new Long[] {null, 45 * MINUTE}) {
      try (Database db = Database.open(dir.resolve("ttl" + ttl), DatabaseOptions.DEFAULT)) {
        final FeatureView view = FeatureHistories.createView(db, ttl);
        FeatureHistories.fill(db, view, random, 3000);
        assertNotNull(db.segments().build(view));
        compareAll(view, ttl, random, true);
        // Written since the segment: those entities are sought, the others searched.
        FeatureHistories.fill(db, view, random, 40);
        compareAll(view, ttl, random, true);
      }
    }
  }

  /**
   * A chunk big enough to be sought by two threads in two key ranges; on a
   * one-thread executor the task that splits its chunk runs the other half
   * itself rather than wait behind it, and with tasks run inline too.
   */
  @Test @Timeout(120) void aLargeChunkIsSplitBetweenWorkersOnAnyExecutor() {
    final Random random = new Random(23);
    final ExecutorService single = Executors.newSingleThreadExecutor();
    try (Database db = Database.openInMemory(EngineTestSupport.uniqueMemoryName("pit"))) {
      final FeatureView view = FeatureHistories.createView(db, 45 * MINUTE);
      FeatureHistories.fill(db, view, random, 2000);
      final List<Object[]> history = EngineTestSupport.scanAll(db, view.history());
      final List<Object[]> left = FeatureHistories.probes(random, 40_000);
      final PointInTimeJoin join = PointInTimeJoin.builder(view).knownAt(true)
          .project(FEATURES).chunkRows(35_000).workers(2).build();
      final List<List<Object>> expected = FeatureHistories.expectedJoin(history, left,
          FEATURES, false, true, false, 45 * MINUTE);
      assertEquals(expected, readAll(join, left, pool));
      assertEquals(expected, readAll(join, left, single));
      assertEquals(expected, readAll(join, left, INLINE));
    } finally {
      single.shutdownNow();
    }
  }

  /** A plain table keyed by the match column and a time: no TTL, no write times. */
  @Test void aPlainTableIsJoinedOnItsKeyPrefix() {
    try (Database db = Database.openInMemory(EngineTestSupport.uniqueMemoryName("pit"))) {
      final Table prices = EngineTestSupport.createTable(db, "PRICES", List.of(
          EngineTestSupport.notNull("SYMBOL", ValueType.VARCHAR),
          EngineTestSupport.notNull("T", ValueType.TIMESTAMP),
          EngineTestSupport.nullable("PRICE", ValueType.DOUBLE)), List.of(0, 1));
      EngineTestSupport.insertAll(db, prices, List.of(
          new Object[] {"A", T0, 1.0}, new Object[] {"A", T0 + MINUTE, 2.0},
          new Object[] {"B", T0, 3.0}));
      final List<Object[]> left = List.of(new Object[] {"A", T0 - 1}, new Object[] {"A", T0},
          new Object[] {"A", T0 + 5 * MINUTE}, new Object[] {"B", T0 + MINUTE},
          new Object[] {"C", T0}, new Object[] {null, T0});
      final PointInTimeJoin join = PointInTimeJoin.builder(prices, 1).project(2).build();
      final List<List<Object>> rows = new ArrayList<>();
      try (PointInTimeCursor cursor = join.open(
          PointInTimeJoin.Input.of(left.iterator(), new int[] {0}, 1), INLINE, () -> false)) {
        assertFalse(cursor.searchesSegment());
        while (cursor.next()) {
          rows.add(Arrays.asList(cursor.row()));
        }
      }
      assertEquals(List.of(Arrays.asList("A", T0 - 1, null), List.of("A", T0, 1.0),
          List.of("A", T0 + 5 * MINUTE, 2.0), List.of("B", T0 + MINUTE, 3.0),
          Arrays.asList("C", T0, null), Arrays.asList(null, T0, null)), rows);
      final PointInTimeJoin strict = PointInTimeJoin.builder(prices, 1).project(2).strict(true)
          .inner(true).build();
      try (PointInTimeCursor cursor = strict.open(
          PointInTimeJoin.Input.of(left.iterator(), new int[] {0}, 1), INLINE, () -> false)) {
        assertTrue(cursor.next());
        assertEquals(List.of("A", T0 + 5 * MINUTE, 2.0), Arrays.asList(cursor.row()));
        assertTrue(cursor.next());
        assertEquals(List.of("B", T0 + MINUTE, 3.0), Arrays.asList(cursor.row()));
        assertFalse(cursor.next());
      }
      EngineTestSupport.assertSorrel(ErrorCode.FEATURE_NOT_SUPPORTED,
          () -> PointInTimeJoin.builder(prices, 1).knownAt(true).build());
      EngineTestSupport.assertSorrel(ErrorCode.INVALID_PARAMETER_VALUE,
          () -> PointInTimeJoin.builder(prices, 2));
    }
  }

  /** Left rows made on demand, counting how many were read. */
  private static final class CountingRows implements Iterator<Object[]> {
    private final int count;
    private final AtomicInteger read = new AtomicInteger();

    CountingRows(int count) {
      this.count = count;
    }

    @Override public boolean hasNext() {
      return read.get() < count;
    }

    @Override public Object[] next() {
      final int i = read.getAndIncrement();
      return new Object[] {(long) i, "a", i % 3, T0 + (i % 97) * 15 * MINUTE, "tag"};
    }
  }

  @Test void aCanceledJoinFailsAsCanceled() {
    try (Database db = Database.openInMemory(EngineTestSupport.uniqueMemoryName("pit"))) {
      final FeatureView view = FeatureHistories.createView(db, null);
      FeatureHistories.fill(db, view, new Random(24), 500);
      final PointInTimeJoin join = PointInTimeJoin.builder(view).project(FEATURES)
          .chunkRows(100).build();
      try (PointInTimeCursor cursor = join.open(PointInTimeJoin.Input.of(
          new CountingRows(10_000), new int[] {1, 2}, 3), pool, () -> true)) {
        EngineTestSupport.assertSorrel(ErrorCode.QUERY_CANCELED, cursor::next);
        EngineTestSupport.assertSorrel(ErrorCode.QUERY_CANCELED, cursor::next); // and stays so
      }
      // Canceled while being read: the chunks matched after that fail.
      final AtomicBoolean cancel = new AtomicBoolean();
      final CountingRows rows = new CountingRows(100_000);
      int read = 0;
      try (PointInTimeCursor cursor = join.open(PointInTimeJoin.Input.of(
          rows, new int[] {1, 2}, 3), pool, cancel::get)) {
        assertTrue(cursor.next());
        cancel.set(true);
        final var e = assertThrows(dev.sorrel.engine.SorrelException.class, () -> {
          while (cursor.next()) {
            // reading on until the cancellation shows
          }
        });
        assertEquals(ErrorCode.QUERY_CANCELED, e.code());
        read = rows.read.get();
      }
      assertTrue(read < 100_000, "stopped early: " + read);
    }
  }

  /**
   * Left rows whose probe values are slow to take (so that the workers are
   * busy with a chunk when the cursor closes), watching for probe values
   * taken while or after the cursor is closed.
   */
  private static final class WatchedInput implements PointInTimeJoin.Input {
    final CountingRows rows = new CountingRows(1_000_000);
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger late = new AtomicInteger();

    @Override public Object[] next() {
      return rows.hasNext() ? rows.next() : null;
    }

    @Override public void keys(Object[] row, Object[] keys) {
      active.incrementAndGet();
      try {
        if (closed.get()) {
          late.incrementAndGet();
        }
        LockSupport.parkNanos(100_000);
        keys[0] = row[1];
        keys[1] = row[2];
      } finally {
        active.decrementAndGet();
      }
    }

    @Override public Object time(Object[] row) {
      return row[3];
    }
  }

  @Test void closingEarlyStopsReadingAndWaitsForTheWorkers() throws Exception {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      final FeatureView view = FeatureHistories.createView(db, null);
      FeatureHistories.fill(db, view, new Random(25), 500);
      db.segments().build(view);
      closeEarly(view, true);
    }
    try (Database db = Database.openInMemory(EngineTestSupport.uniqueMemoryName("pit"))) {
      final FeatureView view = FeatureHistories.createView(db, null);
      FeatureHistories.fill(db, view, new Random(26), 500);
      closeEarly(view, false);
    }
  }

  private void closeEarly(FeatureView view, boolean segmented) throws InterruptedException {
    for (int workers = 1; workers <= 2; workers++) {
      final PointInTimeJoin join = PointInTimeJoin.builder(view).project(FEATURES)
          .chunkRows(64).workers(workers).build();
      final WatchedInput input = new WatchedInput();
      final PointInTimeCursor cursor = join.open(input, pool, () -> false);
      assertEquals(segmented, cursor.searchesSegment());
      for (int i = 0; i < 100; i++) {
        assertTrue(cursor.next());
        assertEquals((long) i, cursor.row()[0], "input order");
      }
      cursor.close();
      input.closed.set(true);
      assertEquals(0, input.active.get(), "close waits for the chunks being matched");
      final int read = input.rows.read.get();
      assertTrue(read <= 128 + 64 * workers, "read ahead a few chunks only: " + read);
      assertFalse(cursor.next(), "a closed cursor has no rows");
      cursor.close(); // twice is harmless
      Thread.sleep(50);
      assertEquals(0, input.late.get(), "no work after close");
      assertEquals(read, input.rows.read.get(), "nothing read after close");
    }
  }
}
