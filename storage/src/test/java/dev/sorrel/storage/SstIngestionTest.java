package dev.sorrel.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sorting into SST files in bounded memory, and committing them atomically with a batch. */
class SstIngestionTest {
  @TempDir Path dir;

  private static byte[] key(int i) {
    return String.format("k%08d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int i, int version) {
    return ("v" + i + "/" + version).getBytes(StandardCharsets.UTF_8);
  }

  @Test void sortsShuffledInputAcrossManyRunsAndKeepsTheLastOfEqualKeys() throws Exception {
    try (Store store = Store.open(dir.resolve("db"), false)) {
      final List<Integer> order = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        order.add(i);
      }
      Collections.shuffle(order, new Random(1));
      final Path work = store.newBulkDirectory();
      try (SstSorter sorter = new SstSorter(store, work, "t", 64 << 10, SstSorter.LAST)) {
        for (int i : order) {
          sorter.add(key(i), value(i, 1));
        }
        for (int i = 0; i < 20_000; i += 1000) {
          sorter.add(key(i), value(i, 2)); // later: wins
        }
        final SstSorter.Sorted sorted = sorter.finish();
        assertTrue(sorted.runs().size() > 5, "spilled several runs");
        assertTrue(!sorted.disjoint());
        int n = 0;
        try (KvCursor cursor = sorted.cursor()) {
          while (cursor.next()) {
            assertArrayEquals(key(n), cursor.key());
            assertArrayEquals(value(n, n % 1000 == 0 ? 2 : 1), cursor.value());
            n++;
          }
        }
        assertEquals(20_000, n);
      }
      try (var left = Files.list(work)) {
        assertEquals(0, left.count(), "closing deletes the runs");
      }
    }
  }

  /**
   * Keys that share a long prefix, are prefixes of one another, differ only past their first
   * eight bytes after the shared prefix or only in a high bit: the sort orders them as unsigned
   * bytes, whatever a run's shared prefix, and keeps the later of equal keys.
   */
  @Test void sortsKeysOfEveryLengthAndSharedPrefixAsUnsignedBytes() throws Exception {
    try (Store store = Store.open(dir.resolve("db"), false)) {
      final Random random = new Random(7);
      final java.util.TreeMap<byte[], byte[]> expected =
          new java.util.TreeMap<>(java.util.Arrays::compareUnsigned);
      try (SstSorter sorter = new SstSorter(store, store.newBulkDirectory(), "t", 32 << 10,
          SstSorter.LAST)) {
        for (int i = 0; i < 20_000; i++) {
          final byte[] key = new byte[3 + random.nextInt(random.nextBoolean() ? 4 : 20)];
          key[0] = 1;
          key[1] = 2; // every key shares these two bytes
          for (int b = 2; b < key.length; b++) {
            // Few distinct bytes, high bits included: long common prefixes and equal keys.
            key[b] = (byte) (random.nextInt(3) * 0x7F);
          }
          final byte[] value = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
          sorter.add(key, value);
          expected.put(key, value);
        }
        final SstSorter.Sorted sorted = sorter.finish();
        assertTrue(sorted.runs().size() > 1, "spilled several runs");
        final var want = expected.entrySet().iterator();
        try (KvCursor cursor = sorted.cursor()) {
          while (cursor.next()) {
            final var entry = want.next();
            assertArrayEquals(entry.getKey(), cursor.key());
            assertArrayEquals(entry.getValue(), cursor.value());
          }
        }
        assertTrue(!want.hasNext(), "every key comes out");
      }
    }
  }

  /**
   * Runs in key order are SST files ready to ingest; once a run is not, the later ones are
   * plain files, and the merge of both kinds keeps the later of equal keys and deletes them all.
   */
  @Test void mergesIngestableRunsWithPlainOnesOnceTheInputLeavesKeyOrder() throws Exception {
    try (Store store = Store.open(dir.resolve("db"), false)) {
      final Path work = store.newBulkDirectory();
      try (SstSorter sorter = new SstSorter(store, work, "t", 16 << 10, SstSorter.LAST)) {
        for (int i = 0; i < 3000; i++) {
          sorter.add(key(i), value(i, 1));
        }
        final List<Integer> again = new ArrayList<>();
        for (int i = 0; i < 5000; i += 2) {
          again.add(i);
        }
        Collections.shuffle(again, new Random(3));
        for (int i : again) {
          sorter.add(key(i), value(i, 2));
        }
        final SstSorter.Sorted sorted = sorter.finish();
        assertTrue(!sorted.disjoint());
        try (var files = Files.list(work)) {
          assertTrue(files.anyMatch(f -> f.toString().endsWith(".run")), "plain runs");
        }
        int n = 0;
        try (KvCursor cursor = sorted.cursor()) {
          for (int i = 0; i < 5000; i++) {
            if (i >= 3000 && i % 2 == 1) {
              continue;
            }
            assertTrue(cursor.next());
            assertArrayEquals(key(i), cursor.key());
            assertArrayEquals(value(i, i % 2 == 0 ? 2 : 1), cursor.value());
            n++;
          }
          assertTrue(!cursor.next());
        }
        assertEquals(4000, n);
      }
      try (var left = Files.list(work)) {
        assertEquals(0, left.count(), "closing deletes the runs");
      }
    }
  }

  @Test void refusesEqualKeysWhenAskedTo() {
    try (Store store = Store.open(dir.resolve("db"), false);
         SstSorter sorter = new SstSorter(store, store.newBulkDirectory(), "t", 1 << 20,
             SstSorter.FAIL)) {
      sorter.add(key(2), value(2, 1));
      sorter.add(key(1), value(1, 1));
      sorter.add(key(2), value(2, 2));
      final DuplicateKeyException e = assertThrows(DuplicateKeyException.class, sorter::finish);
      assertArrayEquals(key(2), e.key());
    }
  }

  /** Writes keys [from, to) in order to an SST file in a new bulk directory. */
  private static List<SstFile> file(Store store, String name, int from, int to) {
    try (SstOutput out = new SstOutput(store, store.newBulkDirectory(), name)) {
      for (int i = from; i < to; i++) {
        out.put(key(i), value(i, 1));
      }
      return out.finish();
    }
  }

  @Test void ingestsFilesOfSeveralSpacesWithTheBatchOrDeletesThemOnRollback() {
    final Path db = dir.resolve("db");
    try (Store store = Store.open(db, false)) {
      try (WriteTransaction tx = store.begin()) {
        tx.put(Space.META, key(-1), value(-1, 1));
        tx.ingestAtCommit(Space.DATA, file(store, "d", 0, 1000));
        tx.ingestAtCommit(Space.INDEX, file(store, "i", 0, 10));
        tx.commit();
      }
      final List<SstFile> abandoned = file(store, "x", 5000, 5010);
      try (WriteTransaction tx = store.begin()) {
        tx.ingestAtCommit(Space.DATA, abandoned);
      }
      assertTrue(Files.notExists(abandoned.get(0).path()));
      assertNull(store.get(Space.DATA, key(5000)));
      assertArrayEquals(value(999, 1), store.get(Space.DATA, key(999)));
      assertArrayEquals(value(9, 1), store.get(Space.INDEX, key(9)));
      assertArrayEquals(value(-1, 1), store.get(Space.META, key(-1)));
    }
  }

  @Test void aCommitInterruptedAfterItsCommitPointCompletesAtTheNextOpen() throws Exception {
    final Path db = dir.resolve("db");
    try (Store store = Store.open(db, false)) {
      store.stopAfterIntent();
      try (WriteTransaction tx = store.begin()) {
        tx.put(Space.META, key(-1), value(-1, 1));
        tx.ingestAtCommit(Space.DATA, file(store, "d", 0, 1000));
        tx.ingestAtCommit(Space.INDEX, file(store, "i", 0, 10));
        tx.commit();
      }
      assertNull(store.get(Space.DATA, key(5)), "not ingested: the process 'died'");
    }
    try (Store store = Store.open(db, false)) {
      assertArrayEquals(value(999, 1), store.get(Space.DATA, key(999)));
      assertArrayEquals(value(9, 1), store.get(Space.INDEX, key(9)));
      assertArrayEquals(value(-1, 1), store.get(Space.META, key(-1)));
      assertTrue(Files.notExists(db.resolve("bulk")), "the bulk area is cleared");
    }
  }
}
