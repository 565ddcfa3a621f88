package dev.sorrel.engine.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Probes come out in unsigned byte order of their keys, duplicates and prefixes included. */
class ProbeSortTest {
  @Test void sortsLikeUnsignedByteOrder() {
    final Random random = new Random(5);
    for (int round = 0; round < 20; round++) {
      final int count = random.nextInt(5000) + 1;
      final byte[][] probes = new byte[count][];
      for (int i = 0; i < count; i++) {
        // Keys of 4 to 30 bytes over a small alphabet: long equal prefixes, ties
        // in the first 16 bytes after the prefix, exact duplicates, sorted runs.
        final byte[] key = new byte[4 + random.nextInt(27)];
        for (int b = 4; b < key.length; b++) {
          key[b] = (byte) (round % 2 == 0 ? random.nextInt(3) * 120 : b < 20 ? 0 : random.nextInt(256));
        }
        probes[i] = key;
      }
      if (round % 5 == 0) {
        Arrays.sort(probes, Arrays::compareUnsigned);
      }
      final ProbeBatch batch = new ProbeBatch();
      for (int i = 0; i < count; i++) {
        batch.add(probes[i], 4, 0L, i);
      }
      final byte[][] expected = Arrays.stream(probes).sorted(Arrays::compareUnsigned)
          .toArray(byte[][]::new);
      batch.sort(4);
      final byte[][] sorted = new byte[count][];
      for (int i = 0; i < count; i++) {
        sorted[i] = Arrays.copyOfRange(batch.keys(), batch.keyStart(i), batch.keyEnd(i));
        // Each probe keeps its own row number through the sort.
        assertArrayEquals(probes[batch.row(i)], sorted[i]);
      }
      assertArrayEquals(expected, sorted);
    }
  }
}
