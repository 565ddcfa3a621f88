package dev.sorrel.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A write batch applies its writes as if in the order they were made, even
 * though it hands them to RocksDB in key-sorted runs: later writes of a key
 * win, and a range delete removes what came before it and nothing after.
 */
class WriteTransactionTest {
  private static byte[] key(int i) {
    return new byte[] {0, 0, 0, 1, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
  }

  private static byte[] value(int v) {
    return new byte[] {(byte) v};
  }

  @Test void laterWritesWinAcrossRunsAndRangeDeletes() {
    try (Store store = Store.openInMemory("write-transaction-order")) {
      try (WriteTransaction tx = store.begin()) {
        // More writes than one sorted run, in descending key order, each key
        // written twice far apart, so the second write lands in another run.
        final int n = 150_000;
        for (int i = n - 1; i >= 0; i--) {
          tx.put(Space.DATA, key(i), value(1));
        }
        for (int i = n - 1; i >= 0; i -= 1000) {
          tx.put(Space.DATA, key(i), value(2));
        }
        tx.put(Space.DATA, key(7), value(3));
        tx.delete(Space.DATA, key(7));
        tx.put(Space.DATA, key(8), value(4));
        // Removes 10..19 as written so far; 15 is written again afterwards.
        tx.deleteRange(Space.DATA, key(10), key(20));
        tx.put(Space.DATA, key(15), value(5));
        assertFalse(tx.exists(Space.DATA, key(12)));
        assertTrue(tx.exists(Space.DATA, key(15)));
        tx.commit();
      }
      assertArrayEquals(value(2), store.get(Space.DATA, key(149_999)));
      assertArrayEquals(value(1), store.get(Space.DATA, key(149_998)));
      assertNull(store.get(Space.DATA, key(7)));
      assertArrayEquals(value(4), store.get(Space.DATA, key(8)));
      assertNull(store.get(Space.DATA, key(12)));
      assertArrayEquals(value(5), store.get(Space.DATA, key(15)));
      assertArrayEquals(value(1), store.get(Space.DATA, key(20)));
    }
  }
}
