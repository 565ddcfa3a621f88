package dev.sorrel.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * A view bound to an indexed transaction answers gets, forward scans and
 * backward seeks exactly as the store would after the transaction's finished
 * statements committed: checked against a sorted map over random puts,
 * deletes, range deletes, failed statements and savepoints.
 */
class TransactionViewTest {
  private static byte[] key(int k) {
    return new byte[] {0, 0, 0, 1, (byte) (k >> 8), (byte) k};
  }

  @Test void mergedReadsMatchAModel() {
    final Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      try (Store store = Store.openInMemory("tx-view-" + round)) {
        final TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        try (WriteTransaction base = store.begin()) {
          for (int i = 0; i < 200; i++) {
            final int k = random.nextInt(300);
            base.put(Space.DATA, key(k), new byte[] {(byte) i});
            model.put(key(k), new byte[] {(byte) i});
          }
          base.commit();
        }
        try (ReadView snapshot = store.snapshot();
            WriteTransaction tx = random.nextBoolean() ? store.beginIndexed() : store.begin()) {
          TreeMap<byte[], byte[]> saved = null;
          int mark = -1;
          for (int statement = 0; statement < 30; statement++) {
            final TreeMap<byte[], byte[]> before = new TreeMap<>(model);
            for (int op = 0; op < 10; op++) {
              final int k = random.nextInt(300);
              final int choice = random.nextInt(10);
              if (choice < 6) {
                final byte[] value = {(byte) random.nextInt(100), 1};
                tx.put(Space.DATA, key(k), value);
                model.put(key(k), value);
              } else if (choice < 9) {
                tx.delete(Space.DATA, key(k));
                model.remove(key(k));
              } else {
                final int to = k + random.nextInt(40);
                tx.deleteRange(Space.DATA, key(k), key(to));
                model.subMap(key(k), key(to)).clear();
              }
            }
            if (tx.isIndexed() && random.nextInt(5) == 0) {
              tx.statementFailed();
              model.clear();
              model.putAll(before);
            } else {
              tx.statementDone();
            }
            if (mark < 0 && random.nextInt(8) == 0) {
              mark = tx.savepoint();
              saved = new TreeMap<>(model);
            } else if (mark >= 0 && random.nextInt(8) == 0) {
              tx.rollbackTo(mark);
              model.clear();
              model.putAll(saved);
            }
            check(snapshot.withWrites(tx), model, random);
          }
        }
      }
    }
  }

  private static void check(ReadView view, TreeMap<byte[], byte[]> model, Random random) {
    try (view) {
      for (int i = 0; i < 20; i++) {
        final int k = random.nextInt(310);
        final byte[] expected = model.get(key(k));
        if (expected == null) {
          assertNull(view.get(Space.DATA, key(k)));
        } else {
          assertArrayEquals(expected, view.get(Space.DATA, key(k)));
        }
      }
      final int from = random.nextInt(300);
      final int to = from + random.nextInt(100);
      final List<String> scanned = new ArrayList<>();
      try (KvCursor cursor = view.scan(Space.DATA, key(from), key(to))) {
        while (cursor.next()) {
          scanned.add(Arrays.toString(cursor.key()) + Arrays.toString(cursor.value()));
        }
      }
      final List<String> expected = new ArrayList<>();
      for (Map.Entry<byte[], byte[]> e : model.subMap(key(from), key(to)).entrySet()) {
        expected.add(Arrays.toString(e.getKey()) + Arrays.toString(e.getValue()));
      }
      assertEquals(expected, scanned);
      try (SeekCursor seeker = view.seeker(Space.DATA, key(from), key(to))) {
        final List<String> backwards = new ArrayList<>();
        for (boolean ok = seeker.seekBefore(key(to)); ok; ok = seeker.previous()) {
          backwards.add(Arrays.toString(seeker.key()) + Arrays.toString(seeker.value()));
        }
        final List<String> reversed = new ArrayList<>(expected);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, backwards);
      }
    }
  }

  @Test void aViewSharingASnapshotOutlivesItsOwner() {
    try (Store store = Store.openInMemory("tx-view-shared")) {
      final WriteTransaction tx = store.beginIndexed();
      tx.put(Space.DATA, key(1), new byte[] {1});
      tx.statementDone();
      final ReadView owner = store.snapshot();
      final ReadView shared = owner.withWrites(tx);
      owner.close();
      tx.close();
      // a result set opened in a transaction is still read after it ended
      assertArrayEquals(new byte[] {1}, shared.get(Space.DATA, key(1)));
      shared.close();
      org.junit.jupiter.api.Assertions.assertThrows(StorageException.class,
          () -> shared.get(Space.DATA, key(1)));
      org.junit.jupiter.api.Assertions.assertThrows(StorageException.class,
          () -> owner.withWrites(tx));
    }
  }
}
