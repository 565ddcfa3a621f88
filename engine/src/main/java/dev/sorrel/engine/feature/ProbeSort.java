package dev.sorrel.engine.feature;

import java.util.Arrays;

import dev.sorrel.storage.ByteKey;

/**
 * Sorts a {@link ProbeBatch} into key order fast: the first 16 key bytes
 * after the table prefix are copied into two primitive arrays, which a
 * least-significant-digit radix sort orders byte by byte (skipping the bytes
 * all probes share, such as the high bytes of small integer keys), carrying
 * the probe numbers along. Probes whose keys are longer than 16 bytes and
 * equal in those 16 are then put in order by a three-way quicksort that
 * compares the whole keys.
 */
final class ProbeSort {
  private static final int DIGITS = 16;

  private ProbeSort() {
  }

  /** Sorts a batch's probes (its order) by key. */
  static void sort(ProbeBatch batch, int prefixLength) {
    final int count = batch.count();
    long[] head = new long[count];
    long[] next = new long[count];
    int[] order = new int[count];
    final byte[] keys = batch.keys();
    boolean longKeys = false;
    for (int i = 0; i < count; i++) {
      final int from = batch.startOf(i) + prefixLength;
      final int end = batch.endOf(i);
      head[i] = ByteKey.bigEndian(keys, from, end);
      next[i] = ByteKey.bigEndian(keys, from + 8, end);
      order[i] = i;
      longKeys |= end - from > DIGITS;
    }
    // One pass counts every digit's values; digits with a single value are skipped.
    final int[][] counts = new int[DIGITS][256];
    for (int i = 0; i < count; i++) {
      for (int d = 0; d < 8; d++) {
        counts[d][(int) (next[i] >>> (8 * d)) & 0xFF]++;
        counts[d + 8][(int) (head[i] >>> (8 * d)) & 0xFF]++;
      }
    }
    long[] head2 = new long[count];
    long[] next2 = new long[count];
    int[] order2 = new int[count];
    for (int d = 0; d < DIGITS; d++) {
      final int[] offsets = counts[d];
      if (count == 0 || offsets[digit(head, next, 0, d)] == count) {
        continue;
      }
      int sum = 0;
      for (int b = 0; b < 256; b++) {
        final int c = offsets[b];
        offsets[b] = sum;
        sum += c;
      }
      for (int i = 0; i < count; i++) {
        final int to = offsets[digit(head, next, i, d)]++;
        head2[to] = head[i];
        next2[to] = next[i];
        order2[to] = order[i];
      }
      long[] t = head;
      head = head2;
      head2 = t;
      t = next;
      next = next2;
      next2 = t;
      final int[] o = order;
      order = order2;
      order2 = o;
    }
    System.arraycopy(order, 0, batch.order(), 0, count);
    if (longKeys) {
      // Runs equal in the first 16 bytes: ordered by their whole keys.
      final Sorter sorter = new Sorter(batch, head, next, batch.order());
      for (int start = 0; start < count; ) {
        int end = start + 1;
        while (end < count && head[end] == head[start] && next[end] == next[start]) {
          end++;
        }
        if (end - start > 1) {
          sorter.sort(start, end - 1);
        }
        start = end;
      }
    }
  }

  /** Byte {@code d} of probe {@code i}'s 16-byte prefix, counted from the least significant. */
  private static int digit(long[] head, long[] next, int i, int d) {
    return d < 8 ? (int) (next[i] >>> (8 * d)) & 0xFF : (int) (head[i] >>> (8 * (d - 8))) & 0xFF;
  }

  /**
   * A three-way quicksort of the parallel arrays themselves (not of an index
   * into them), so partitioning reads memory in order.
   */
  private record Sorter(ProbeBatch batch, long[] head, long[] next, int[] order) {
    /** Compares position {@code i} with the pivot values. */
    int compare(int i, long pivotHead, long pivotNext, int pivotOrder) {
      int c = Long.compareUnsigned(head[i], pivotHead);
      if (c != 0) {
        return c;
      }
      c = Long.compareUnsigned(next[i], pivotNext);
      if (c != 0) {
        return c;
      }
      final byte[] keys = batch.keys();
      return Arrays.compareUnsigned(keys, batch.startOf(order[i]), batch.endOf(order[i]),
          keys, batch.startOf(pivotOrder), batch.endOf(pivotOrder));
    }

    void sort(int low, int high) {
      while (high - low > 16) {
        // Median of three as the pivot, then a three-way partition, so sorted
        // input and runs of equal probes cost no more than random ones.
        final int mid = (low + high) >>> 1;
        final int p = median(low, mid, high);
        final long pivotHead = head[p];
        final long pivotNext = next[p];
        final int pivotOrder = order[p];
        int lt = low;
        int gt = high;
        int i = low;
        while (i <= gt) {
          final int c = compare(i, pivotHead, pivotNext, pivotOrder);
          if (c < 0) {
            swap(lt++, i++);
          } else if (c > 0) {
            swap(i, gt--);
          } else {
            i++;
          }
        }
        // Recurse into the smaller side, loop on the larger: stack depth stays logarithmic.
        if (lt - low < high - gt) {
          sort(low, lt - 1);
          low = gt + 1;
        } else {
          sort(gt + 1, high);
          high = lt - 1;
        }
      }
      for (int i = low + 1; i <= high; i++) {
        for (int j = i; j > low && compare(j - 1, head[j], next[j], order[j]) > 0; j--) {
          swap(j - 1, j);
        }
      }
    }

    private int median(int a, int b, int c) {
      if (compare(a, head[b], next[b], order[b]) < 0) {
        return compare(b, head[c], next[c], order[c]) < 0 ? b
            : compare(a, head[c], next[c], order[c]) < 0 ? c : a;
      }
      return compare(a, head[c], next[c], order[c]) < 0 ? a
          : compare(b, head[c], next[c], order[c]) < 0 ? c : b;
    }

    private void swap(int i, int j) {
      final long h = head[i];
      head[i] = head[j];
      head[j] = h;
      final long n = next[i];
      next[i] = next[j];
      next[j] = n;
      final int o = order[i];
      order[i] = order[j];
      order[j] = o;
    }
  }
}
