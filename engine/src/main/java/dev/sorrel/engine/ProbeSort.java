package dev.sorrel.engine;

import java.util.Arrays;

import dev.sorrel.storage.ByteKey;

/**
 * Sorts {@link AsOfSeeker.Probe}s into key order fast: the first 16 key bytes
 * after the table prefix are copied into two primitive arrays, and a
 * three-way quicksort orders those arrays in place, so almost every comparison
 * reads numbers in memory order instead of two scattered objects and their
 * byte arrays (which made a general object sort several times slower).
 */
final class ProbeSort {
  private ProbeSort() {
  }

  /** Sorts {@code probes[0, count)} in place by key. */
  static void sort(AsOfSeeker.Probe[] probes, int count, int prefixLength) {
    final long[] head = new long[count];
    final long[] next = new long[count];
    final int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      final byte[] key = probes[i].key();
      head[i] = ByteKey.bigEndian(key, prefixLength);
      next[i] = ByteKey.bigEndian(key, prefixLength + 8);
      order[i] = i;
    }
    new Sorter(probes, head, next, order).sort(0, count - 1);
    final AsOfSeeker.Probe[] sorted = new AsOfSeeker.Probe[count];
    for (int i = 0; i < count; i++) {
      sorted[i] = probes[order[i]];
    }
    System.arraycopy(sorted, 0, probes, 0, count);
  }

  /**
   * A three-way quicksort of the parallel arrays themselves (not of an index
   * into them), so partitioning reads memory in order.
   */
  private record Sorter(AsOfSeeker.Probe[] probes, long[] head, long[] next, int[] order) {
    /** Compares position {@code i} with the pivot values. */
    int compare(int i, long pivotHead, long pivotNext, int pivotOrder) {
      int c = Long.compareUnsigned(head[i], pivotHead);
      if (c != 0) {
        return c;
      }
      c = Long.compareUnsigned(next[i], pivotNext);
      return c != 0 ? c
          : Arrays.compareUnsigned(probes[order[i]].key(), probes[pivotOrder].key());
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
