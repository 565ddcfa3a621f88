package dev.sorrel.udf.drift;

import java.util.Arrays;

/**
 * A growable sample of primitive doubles, for the tests that need a sample
 * whole (Kolmogorov-Smirnov, Wasserstein, binning on the reference's range).
 * Values are kept unboxed: 8 bytes each, up to 12 while the array grows by
 * half its length.
 */
public final class DoubleSample {
  private double[] values;
  private int size;
  private boolean sorted = true;

  public DoubleSample() {
    this(16);
  }

  public DoubleSample(int capacity) {
    values = new double[Math.max(capacity, 1)];
  }

  /** A sample holding {@code values[0, length)} (copied). */
  public static DoubleSample of(double[] values, int length) {
    final DoubleSample sample = new DoubleSample(length);
    System.arraycopy(values, 0, sample.values, 0, length);
    sample.size = length;
    sample.sorted = length < 2;
    return sample;
  }

  /** A sample holding every value of {@code values} (copied). */
  public static DoubleSample of(double... values) {
    return of(values, values.length);
  }

  /** Adds one value. */
  public void add(double value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, grow(size));
    }
    values[size++] = value;
    sorted = false;
  }

  /** Appends every value of {@code other}. */
  public void addAll(DoubleSample other) {
    if (size + other.size > values.length) {
      values = Arrays.copyOf(values, Math.max(size + other.size, grow(size)));
    }
    System.arraycopy(other.values, 0, values, size, other.size);
    size += other.size;
    sorted = false;
  }

  private static int grow(int size) {
    final long next = size + (size >> 1) + 1L;
    if (next > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("a sample holds at most " + (Integer.MAX_VALUE - 8)
          + " values");
    }
    return (int) next;
  }

  public int size() {
    return size;
  }

  /** The values in ascending order (sorted in place once); valid in {@code [0, size())}. */
  public double[] sorted() {
    if (!sorted) {
      Arrays.sort(values, 0, size);
      sorted = true;
    }
    return values;
  }

  /** The smallest value; the sample must not be empty. */
  public double min() {
    if (sorted) {
      return values[0];
    }
    double min = values[0];
    for (int i = 1; i < size; i++) {
      min = Math.min(min, values[i]);
    }
    return min;
  }

  /** The largest value; the sample must not be empty. */
  public double max() {
    if (sorted) {
      return values[size - 1];
    }
    double max = values[0];
    for (int i = 1; i < size; i++) {
      max = Math.max(max, values[i]);
    }
    return max;
  }

  /** The values in insertion order, or sorted once {@link #sorted()} ran; valid up to size(). */
  double[] raw() {
    return values;
  }
}
