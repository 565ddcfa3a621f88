package dev.sorrel.engine;

import java.util.Arrays;

import dev.sorrel.storage.ByteKey;

/**
 * Sorts a {@link ProbeBatch} into key order fast: the first 16 key bytes
 * after the table prefix are copied into two primitive arrays, and a
 * three-way quicksort orders those arrays in place, so almost every comparison
 * reads numbers in memory order instead of two scattered objects and their
 * byte arrays (which made a general object sort several times slower).
 */
final class ProbeSort {
  private ProbeSort() {
  }

  /** Sorts a batch's probes (its order) by key. */
  static void sort(ProbeBatch batch, int prefixLength) {
    final int count = batch.count();
    final long[] head = new long[count];
    final long[] next = new long[count];
    final int[] order = batch.order();
    final byte[] keys = batch.keys();
    for (int i = 0; i < count; i++) {
      final int from = batch.startOf(i) + prefixLength;
      final int end = batch.endOf(i);
      head[i] = ByteKey.bigEndian(keys, from, end);
      next[i] = ByteKey.bigEndian(keys, from + 8, end);
      order[i] = i;
    }
    new Sorter(batch, head, next, order).sort(0, count - 1);
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
