package dev.sorrel.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of one repetition of timed calls, in microseconds. */
record Latency(double p50, double p99, double p999, double mean, double max) {
  /** The percentiles of one repetition's call times (sorts the array). */
  static Latency of(long[] nanos) {
    Arrays.sort(nanos);
    return new Latency(Stats.percentile(nanos, 0.50) / 1e3, Stats.percentile(nanos, 0.99) / 1e3,
        Stats.percentile(nanos, 0.999) / 1e3, Stats.mean(nanos) / 1e3,
        nanos[nanos.length - 1] / 1e3);
  }

  /** Median of each field over repetitions. */
  static Latency median(List<Latency> reps) {
    return new Latency(
        Stats.median(reps.stream().mapToDouble(Latency::p50).toArray()),
        Stats.median(reps.stream().mapToDouble(Latency::p99).toArray()),
        Stats.median(reps.stream().mapToDouble(Latency::p999).toArray()),
        Stats.median(reps.stream().mapToDouble(Latency::mean).toArray()),
        Stats.median(reps.stream().mapToDouble(Latency::max).toArray()));
  }
}
