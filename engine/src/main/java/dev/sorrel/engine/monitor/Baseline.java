package dev.sorrel.engine.monitor;

/**
 * What a monitor keeps of one column of its reference sample: exactly what its test needs to
 * give the same result as the SQL aggregate over the reference rows themselves, so a check
 * never reads the reference again. A performance monitor keeps the metric's value.
 */
public sealed interface Baseline
    permits Baseline.SortedValues, Baseline.Histogram, Baseline.Categories,
    Baseline.MetricValue {

  /** The number of non-NULL reference values it summarizes. */
  long count();

  /** The size of its stored form in bytes. */
  long storedBytes();

  /**
   * Every reference value, ascending: for Kolmogorov-Smirnov and Wasserstein, which need the
   * whole sample. 8 bytes a value.
   *
   * @param values sorted ascending, not empty
   */
  record SortedValues(double[] values) implements Baseline {
    @Override public long count() {
      return values.length;
    }

    @Override public long storedBytes() {
      return 8L * values.length + 5;
    }
  }

  /**
   * The reference's bin edges and its count in each bin: for PSI and Jensen-Shannon on
   * numbers. The current sample is counted into the same bins (or, for the seed's binning,
   * into bins over its own range).
   *
   * @param edges {@code bins + 1} ascending edges
   * @param counts the reference's count per bin
   */
  record Histogram(double[] edges, long[] counts) implements Baseline {
    @Override public long count() {
      long n = 0;
      for (long c : counts) {
        n += c;
      }
      return n;
    }

    @Override public long storedBytes() {
      return 8L * edges.length + 8L * counts.length + 5;
    }
  }

  /**
   * The reference's count of each category, a category being a value's canonical text: for
   * chi-square and Jensen-Shannon on categories.
   *
   * @param categories distinct categories
   * @param counts the reference's count of each
   */
  record Categories(String[] categories, long[] counts) implements Baseline {
    @Override public long count() {
      long n = 0;
      for (long c : counts) {
        n += c;
      }
      return n;
    }

    @Override public long storedBytes() {
      long bytes = 5;
      for (String c : categories) {
        bytes += 12 + c.length();
      }
      return bytes;
    }
  }

  /**
   * A metric's value on the reference, which a performance monitor compares the current
   * window's value with. It summarizes one value (the number of rows behind it is the
   * reference query's business).
   *
   * @param value a finite number
   */
  record MetricValue(double value) implements Baseline {
    @Override public long count() {
      return 1;
    }

    @Override public long storedBytes() {
      return 13;
    }
  }
}
