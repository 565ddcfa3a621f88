package dev.sorrel.engine.feature.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.EngineTestSupport;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.FeatureViewDef;
import dev.sorrel.engine.feature.AsOfSeeker;
import dev.sorrel.engine.feature.FeatureHistories;
import dev.sorrel.engine.feature.FeatureView;
import dev.sorrel.engine.feature.ProbeBatch;
import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.ValueType;

/**
 * A history segment answers every point-in-time search exactly as the
 * RocksDB seek does (the two are compared probe by probe over random
 * histories), is used only while it is an image of the data a snapshot sees,
 * and is a cache: damaged or stale files are dropped, never trusted.
 */
class HistorySegmentTest {
  private static final long MINUTE = 60_000L;
  private static final long T0 = 1_700_000_000_000L;
  /** Entity names: short ones, and long ones sharing their first 16 bytes and more. */
  private static final String[] NAMES = {"", "a", "a b", "ab", "b", "\u00e9", "zz",
      "a long shared prefix 1", "a long shared prefix 2", "a long shared prefix",
      "a long shared pre"};

  @TempDir Path dir;

  private static FeatureView createView(Database db, Long ttlMillis) {
    return FeatureHistories.createView(db, ttlMillis);
  }

  /** Writes random rows: few entities, times on a coarse grid (ties), rewritten triples. */
  private static void fill(Database db, FeatureView view, Random random, int rows) {
    try (Transaction tx = db.begin()) {
      for (int i = 0; i < rows; i++) {
        final long event = T0 + random.nextInt(60) * 15 * MINUTE;
        final Long created = random.nextInt(10) == 0 ? null
            : event + (random.nextInt(7) - 2) * 30 * MINUTE;
        view.history().insert(tx, new Object[] {NAMES[random.nextInt(NAMES.length)],
            random.nextInt(4) - 1, event, created,
            random.nextInt(8) == 0 ? null : random.nextDouble(),
            random.nextInt(3) == 0 ? null : "y" + random.nextInt(1000)});
      }
      tx.commit();
    }
  }

  @Test void segmentSearchesAnswerLikeSeeks() throws IOException {
    final Random random = new Random(11);
    for (Long ttl : new Long[] {null, 45 * MINUTE}) {
      final Path home = dir.resolve(ttl == null ? "no-ttl" : "ttl");
      try (Database db = Database.open(home, DatabaseOptions.DEFAULT)) {
        final FeatureView view = createView(db, ttl);
        fill(db, view, random, 3000);
        final HistorySegment segment = db.segments().build(view);
        assertNotNull(segment);
        try (ReadView snapshot = db.snapshot()) {
          final SegmentSnapshot image = db.segments().usable(view, snapshot);
          assertSame(segment, image.segment());
          assertTrue(image.changes().isEmpty());
          assertEquals(view.stats().rowCount(), segment.rows());
          compareAll(snapshot, view, image, random);
        }
        // Writes after the segment: changed entities are sought, the rest searched.
        for (int round = 0; round < 3; round++) {
          change(db, view, random);
          try (ReadView snapshot = db.snapshot()) {
            final SegmentSnapshot image = db.segments().usable(view, snapshot);
            assertSame(segment, image.segment(), "the old segment, with changes");
            assertFalse(image.changes().isEmpty());
            compareAll(snapshot, view, image, random);
          }
        }
      }
    }
  }

  /**
   * Inserts rows for old and new entities, rewrites some, and deletes and
   * updates a few existing ones, in one transaction.
   */
  private static void change(Database db, FeatureView view, Random random) {
    final List<Object[]> existing = new java.util.ArrayList<>();
    try (ReadView snapshot = db.snapshot();
        Table.RowCursor rows = view.history().scan(snapshot, KeyRange.ALL,
            new int[] {0, 1, 2, 3, 4, 5})) {
      while (rows.next()) {
        if (random.nextInt(40) == 0) {
          existing.add(rows.row().clone());
        }
      }
    }
    try (Transaction tx = db.begin()) {
      final int half = existing.size() / 2;
      view.history().deleteRows(tx, existing.subList(0, half));
      final List<Object[]> updated = new java.util.ArrayList<>();
      for (Object[] row : existing.subList(half, existing.size())) {
        final Object[] copy = row.clone();
        copy[4] = random.nextDouble();
        updated.add(copy);
      }
      view.history().updateRows(tx, existing.subList(half, existing.size()), updated);
      for (int i = 0; i < 30; i++) {
        final long event = T0 + random.nextInt(60) * 15 * MINUTE;
        view.history().insert(tx, new Object[] {
            random.nextBoolean() ? NAMES[random.nextInt(NAMES.length)] : "new " + i,
            random.nextInt(4) - 1, event, event + random.nextInt(3) * 30 * MINUTE,
            random.nextDouble(), "z"});
      }
      tx.commit();
    }
  }

  private static void compareAll(ReadView snapshot, FeatureView view, SegmentSnapshot image,
      Random random) {
    for (boolean strict : new boolean[] {false, true}) {
      for (boolean knownAt : new boolean[] {false, true}) {
        compare(snapshot, view, image, random, strict, knownAt);
      }
    }
  }

  /** Random probes, sorted in batches as the join sorts them, answered both ways. */
  private static void compare(ReadView snapshot, FeatureView view, SegmentSnapshot segment,
      Random random, boolean strict, boolean knownAt) {
    final int[] projection = {0, 1, 2, 3, 4, 5};
    try (AsOfSeeker seeking = new AsOfSeeker(snapshot, view.history(), 2, strict, knownAt,
        projection, null);
        AsOfSeeker searching = new AsOfSeeker(snapshot, view.history(), 2, strict, knownAt,
            projection, segment)) {
      int matched = 0;
      for (int round = 0; round < 20; round++) {
        final ProbeBatch a = new ProbeBatch();
        final ProbeBatch b = new ProbeBatch();
        final int count = 1 + random.nextInt(400);
        for (int i = 0; i < count; i++) {
          // Names written before the segment, and ones that only later writes add.
          final Object[] key = {random.nextInt(4) == 0 ? "new " + random.nextInt(30)
              : NAMES[random.nextInt(NAMES.length)], random.nextInt(6) - 2};
          // On the grid, just off it, and outside the written range.
          final long time = T0 + (random.nextInt(70) - 5) * 15 * MINUTE
              + (random.nextBoolean() ? 0 : random.nextInt(3) - 1);
          seeking.add(a, key, time, i);
          searching.add(b, key, time, i);
        }
        if (round % 2 == 0) {
          seeking.sort(a);
          searching.sort(b); // odd rounds: unsorted probes must work too
        }
        final Object[][] expected = new Object[count][];
        for (int p = 0; p < a.size(); p++) {
          expected[a.row(p)] = seeking.find(a, p);
        }
        // The block search (as the join runs it) and the one-probe search.
        // Decoded into wider rows after two other values, as the join does.
        final Object[][] block = new Object[b.size()][];
        for (int p = 0; p < b.size(); p++) {
          block[p] = new Object[] {"left", p, null, null, null, null, null, null};
        }
        final boolean[] found = new boolean[b.size()];
        searching.find(b, 0, b.size(), block, 2, found);
        for (int p = 0; p < b.size(); p++) {
          final String what = "probe " + b.row(p) + " strict=" + strict + " knownAt=" + knownAt;
          assertEquals(expected[b.row(p)] != null, found[p], what);
          assertEquals("left", block[p][0]);
          assertArrayEquals(expected[b.row(p)] == null ? new Object[6]
              : expected[b.row(p)], Arrays.copyOfRange(block[p], 2, 8), what);
          assertArrayEquals(expected[b.row(p)], searching.find(b, p), what);
          matched += found[p] ? 1 : 0;
        }
      }
      assertTrue(matched > 100, "too few matches to compare: " + matched);
    }
  }

  @Test void aWriteMakesTheSegmentStaleUntilRebuilt() {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      final FeatureView view = createView(db, null);
      fill(db, view, new Random(3), 200);
      final HistorySegment first = db.segments().build(view);
      try (ReadView before = db.snapshot()) {
        fill(db, view, new Random(4), 1);
        try (ReadView after = db.snapshot()) {
          // The old snapshot sees exactly the segment's data; the new one the
          // segment and the one entity written since.
          assertTrue(db.segments().usable(view, before).changes().isEmpty());
          final SegmentSnapshot stale = db.segments().usable(view, after);
          assertSame(first, stale.segment());
          assertEquals(1, stale.changes().size());
          final HistorySegment second = db.segments().build(view);
          assertTrue(second.version() > first.version());
          assertSame(second, db.segments().usable(view, after).segment());
          assertTrue(db.segments().usable(view, after).changes().isEmpty());
          assertFalse(Files.exists(first.path()), "the replaced file is deleted");
        }
      }
    }
  }

  /** Log entries of changed entities: kept while needed, dropped with a new segment. */
  @Test void theChangeLogFollowsTheSegment() {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      final FeatureView view = createView(db, null);
      fill(db, view, new Random(12), 200);
      assertEquals(0, logEntries(db), "no segment, no log");
      db.segments().build(view);
      fill(db, view, new Random(13), 3);
      fill(db, view, new Random(14), 3);
      assertEquals(2, logEntries(db));
      db.segments().build(view);
      assertEquals(0, logEntries(db), "the new segment includes them");
      // A truncation may change anything: the segment is not used until rebuilt.
      try (Transaction tx = db.begin()) {
        view.truncate(tx);
        view.history().insert(tx, new Object[] {"a", 1, T0, T0, 0.5, "x"});
        tx.commit();
      }
      try (ReadView snapshot = db.snapshot()) {
        assertNull(db.segments().usable(view, snapshot));
      }
      try (Transaction tx = db.begin()) {
        db.catalog().dropFeatureView(tx, "V");
        tx.commit();
      }
      assertEquals(0, logEntries(db), "dropped with the view");
    }
  }

  /** A segment rebuilt from the old one and the changed entities is the full scan's, byte for byte. */
  @Test void aRebuildFromTheOldSegmentEqualsAFullOne() throws IOException, InterruptedException {
    final Random random = new Random(16);
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      final FeatureView view = createView(db, 30 * MINUTE);
      fill(db, view, random, 2000);
      db.segments().build(view);
      for (int round = 0; round < 3; round++) {
        change(db, view, random);
        assertTrue(logEntries(db) > 0, "the change log the rebuild reads");
        final HistorySegment rebuilt = db.segments().build(view);
        final Path full = dir.resolve("full.seg");
        try (ReadView snapshot = db.snapshot()) {
          HistorySegmentWriter.write(view, snapshot, rebuilt.version(), full, null, null);
        }
        assertArrayEquals(Files.readAllBytes(full), Files.readAllBytes(rebuilt.path()),
            "round " + round);
        Files.delete(full);
      }
    }
  }

  /**
   * Under a writer and rebuilds, every search of a snapshot through its
   * segment answers like seeks of the same snapshot. (Background builds are
   * off here, so that snapshots between rebuilds see changes.)
   */
  @Test void searchesStayExactWhileWritesAndRebuildsRun() throws Exception {
    final long minRows = Long.MAX_VALUE;
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT.withSegmentMinRows(minRows))) {
      final FeatureView view = createView(db, null);
      fill(db, view, new Random(17), 1000);
      db.segments().build(view);
      final java.util.concurrent.atomic.AtomicBoolean done =
          new java.util.concurrent.atomic.AtomicBoolean();
      final Thread writer = new Thread(() -> {
        final Random random = new Random(18);
        for (int i = 0; i < 60; i++) {
          change(db, view, random);
          if (i % 15 == 14) {
            db.segments().build(view);
          }
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        done.set(true);
      });
      final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
          new java.util.concurrent.atomic.AtomicReference<>();
      writer.setUncaughtExceptionHandler((t, e) -> {
        failure.set(e);
        done.set(true);
      });
      writer.start();
      final Random random = new Random(19);
      int withChanges = 0;
      int reads = 0;
      while (!done.get() || reads < 5) {
        try (ReadView snapshot = db.snapshot()) {
          final SegmentSnapshot image = db.segments().usable(view, snapshot);
          if (image == null) {
            continue; // nothing the log can vouch for at this snapshot: joins seek
          }
          withChanges += image.changes().isEmpty() ? 0 : 1;
          compare(snapshot, view, image, random, false, random.nextBoolean());
          reads++;
        }
      }
      writer.join();
      if (failure.get() != null) {
        throw new AssertionError("writer failed", failure.get());
      }
      assertTrue(withChanges > 0, "some searches used a segment with changes since");
    }
  }

  private static int logEntries(Database db) {
    int count = 0;
    final byte[] prefix = "fvlog/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (ReadView snapshot = db.snapshot();
        dev.sorrel.storage.KvCursor cursor = snapshot.scan(dev.sorrel.storage.Space.META, prefix,
            dev.sorrel.storage.KeyEncoder.successor(prefix))) {
      while (cursor.next()) {
        count++;
      }
    }
    return count;
  }

  @Test void segmentsSurviveReopeningAndDamagedOnesAreDropped() throws IOException {
    final Path file;
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      final FeatureView view = createView(db, null);
      fill(db, view, new Random(5), 500);
      file = db.segments().build(view).path();
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT);
        ReadView snapshot = db.snapshot()) {
      final HistorySegment reopened = db.segments().usable(
          db.catalog().featureView("V"), snapshot).segment();
      assertNotNull(reopened, "the segment written before is read back");
      assertEquals(file, reopened.path());
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(raf.length() - 8); // torn write
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT);
        ReadView snapshot = db.snapshot()) {
      final FeatureView view = db.catalog().featureView("V");
      assertNull(db.segments().current(view), "a truncated segment is not used");
      assertFalse(Files.exists(file), "and is deleted");
      assertNotNull(db.segments().build(view));
    }
  }

  /** A flipped bit in a segment's rows (not its header) is found by the body's checksum. */
  @Test void aSegmentWithDamagedRowsIsDropped() throws IOException {
    final Path file;
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      final FeatureView view = createView(db, null);
      fill(db, view, new Random(6), 500);
      file = db.segments().build(view).path();
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(raf.length() - 16); // in the stored values, the last section
      final int b = raf.read();
      raf.seek(raf.length() - 16);
      raf.write(b ^ 1);
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      final FeatureView view = db.catalog().featureView("V");
      assertNull(db.segments().current(view), "a segment with damaged rows is not used");
      assertFalse(Files.exists(file), "and is deleted");
      assertNotNull(db.segments().build(view));
    }
  }

  @Test void aJoinOverALargeViewBuildsTheSegmentInTheBackground() throws Exception {
    final long minRows = 50L;
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT.withSegmentMinRows(minRows))) {
      final FeatureView view = createView(db, null);
      fill(db, view, new Random(9), 100);
      try (ReadView snapshot = db.snapshot()) {
        assertNull(db.segments().usable(view, snapshot), "none yet: the join seeks");
        SegmentSnapshot built = null;
        for (int wait = 0; wait < 400 && built == null; wait++) {
          Thread.sleep(25);
          built = db.segments().usable(view, snapshot);
        }
        assertNotNull(built, "built in the background");
        assertEquals(view.stats().rowCount(), built.segment().rows());
      }
    }
  }

  @Test void closingStopsABackgroundBuildAndLeftoversAreRemoved() throws Exception {
    final long minRows = 1L;
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT.withSegmentMinRows(minRows))) {
      final FeatureView view = createView(db, null);
      fill(db, view, new Random(10), 20_000);
      try (ReadView snapshot = db.snapshot()) {
        db.segments().usable(view, snapshot); // starts a build; close at once
      }
    }
    // A crash mid-build leaves temporary files; the next open removes them.
    final Path segments = dir.resolve("segments");
    Files.createDirectories(segments);
    final Path leftover = Files.write(segments.resolve("h999-v3.seg.tmp.values"),
        new byte[] {1, 2, 3});
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      final FeatureView view = db.catalog().featureView("V");
      final HistorySegment current = db.segments().current(view);
      if (current != null) {
        assertEquals(view.stats().version(), current.version(), "a whole segment or none");
      }
      assertFalse(Files.exists(leftover), "files of tables that do not exist are removed");
      assertNotNull(db.segments().build(view));
      try (Stream<Path> files = Files.list(segments)) {
        assertEquals(1, files.count(), "only the current segment is left");
      }
    }
  }

  /** A segment that cannot be written: compaction (after a load) goes on; a build says why. */
  @Test void anUnwritableSegmentFolderFailsOnlyTheBuild() throws IOException {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      final FeatureView view = createView(db, null);
      fill(db, view, new Random(15), 50);
      Files.write(dir.resolve("segments"), new byte[] {1}); // a file where the folder goes
      view.history().compact();
      final SorrelException e = assertThrows(SorrelException.class,
          () -> db.segments().build(view));
      assertEquals(ErrorCode.IO_ERROR, e.code());
      assertTrue(e.getMessage().contains("cannot write the history segment of V"),
          e.getMessage());
      try (ReadView snapshot = db.snapshot()) {
        assertNull(db.segments().usable(view, snapshot), "joins seek");
      }
    }
  }

  /**
   * A segment newer than the committed data (its commits were lost in a
   * crash, or the data was restored from an older copy) is deleted, never
   * used: its version would be reused by different data.
   */
  @Test void aSegmentNewerThanTheDataIsDropped() throws IOException {
    final Path older = dir.resolve("older");
    final Path newer = dir.resolve("newer");
    try (Database db = Database.open(newer, DatabaseOptions.DEFAULT)) {
      fill(db, createView(db, null), new Random(20), 100);
    }
    copyTree(newer, older);
    final Path file;
    try (Database db = Database.open(newer, DatabaseOptions.DEFAULT)) {
      final FeatureView view = db.catalog().featureView("V");
      fill(db, view, new Random(21), 100);
      file = db.segments().build(view).path();
    }
    Files.createDirectories(older.resolve("segments"));
    final Path stray = Files.copy(file, older.resolve("segments").resolve(file.getFileName()));
    try (Database db = Database.open(older, DatabaseOptions.DEFAULT);
        ReadView snapshot = db.snapshot()) {
      final FeatureView view = db.catalog().featureView("V");
      assertNull(db.segments().usable(view, snapshot));
      assertFalse(Files.exists(stray));
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        final Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else if (!path.getFileName().toString().equals("LOCK")
            && !path.getFileName().toString().equals("sorrel.lock")) {
          Files.copy(path, target);
        }
      }
    }
  }

  @Test void droppingTheViewDeletesItsSegment() throws IOException {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      final FeatureView view = createView(db, null);
      fill(db, view, new Random(6), 100);
      final Path file = db.segments().build(view).path();
      try (Transaction tx = db.begin()) {
        db.catalog().dropFeatureView(tx, "V");
        tx.commit();
      }
      assertFalse(Files.exists(file));
      try (Stream<Path> left = Files.list(file.getParent())) {
        assertEquals(List.of(), left.toList());
      }
    }
  }

  @Test void inMemoryDatabasesHaveNoSegments() {
    try (Database db = Database.openInMemory(EngineTestSupport.uniqueMemoryName("segments"))) {
      final FeatureView view = createView(db, null);
      fill(db, view, new Random(7), 10);
      assertNull(db.segments().build(view));
    }
  }

  @Test void probesOfOtherTablesAreRefused() {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      final FeatureView view = createView(db, null);
      fill(db, view, new Random(8), 10);
      db.segments().build(view);
      try (ReadView snapshot = db.snapshot()) {
        final SegmentSnapshot segment = db.segments().usable(view, snapshot);
        final SorrelException e = assertThrows(
            SorrelException.class, () -> new AsOfSeeker(snapshot, view.history(), 1, false,
                false, new int[] {0}, segment));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
      }
    }
  }
}
