package dev.sorrel.engine;

import java.util.Arrays;

/**
 * Sorts {@link AsOfSeeker.Probe}s into key order fast: the first 16 key bytes
 * after the table prefix are copied into two primitive arrays, and a
 * three-way quicksort orders an index over them, so almost every comparison
 * reads two adjacent numbers instead of two scattered objects and their byte
 * arrays (which made a general object sort several times slower).
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
      head[i] = bigEndian(key, prefixLength);
      next[i] = bigEndian(key, prefixLength + 8);
      order[i] = i;
    }
    final Sorter sorter = new Sorter(probes, head, next, order);
    sorter.sort(0, count - 1);
    final AsOfSeeker.Probe[] sorted = new AsOfSeeker.Probe[count];
    for (int i = 0; i < count; i++) {
      sorted[i] = probes[order[i]];
    }
    System.arraycopy(sorted, 0, probes, 0, count);
  }

  private static long bigEndian(byte[] bytes, int from) {
    long value = 0;
    for (int i = from; i < from + 8; i++) {
      value = (value << 8) | (i < bytes.length ? bytes[i] & 0xFF : 0);
    }
    return value;
  }

  private record Sorter(AsOfSeeker.Probe[] probes, long[] head, long[] next, int[] order) {
    int compare(int a, int b) {
      int c = Long.compareUnsigned(head[a], head[b]);
      if (c != 0) {
        return c;
      }
      c = Long.compareUnsigned(next[a], next[b]);
      return c != 0 ? c : Arrays.compareUnsigned(probes[a].key(), probes[b].key());
    }

    void sort(int low, int high) {
      while (high - low > 16) {
        // Median of three as the pivot, then a three-way partition, so sorted
        // input and runs of equal probes cost no more than random ones.
        final int mid = (low + high) >>> 1;
        final int pivot = median(order[low], order[mid], order[high]);
        int lt = low;
        int gt = high;
        int i = low;
        while (i <= gt) {
          final int c = compare(order[i], pivot);
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
        final int value = order[i];
        int j = i - 1;
        while (j >= low && compare(order[j], value) > 0) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = value;
      }
    }

    private int median(int a, int b, int c) {
      if (compare(a, b) < 0) {
        return compare(b, c) < 0 ? b : compare(a, c) < 0 ? c : a;
      }
      return compare(a, c) < 0 ? a : compare(b, c) < 0 ? c : b;
    }

    private void swap(int i, int j) {
      final int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
