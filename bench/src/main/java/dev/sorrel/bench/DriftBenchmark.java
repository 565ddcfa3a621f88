package dev.sorrel.bench;

import static dev.sorrel.bench.Format.fmt;
import static dev.sorrel.bench.Format.ratio;
import static dev.sorrel.bench.Format.verdict;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

import dev.sorrel.udf.drift.KolmogorovSmirnov;

/**
 * The drift suite: the two-sample Kolmogorov-Smirnov kernel behind
 * {@code DRIFT_KS} on two {@code double[rows]} already in memory, against
 * commons-math3's {@code KolmogorovSmirnovTest} on the same arrays and against
 * the floor of sorting both arrays with {@code Arrays.sort}. Each run works on
 * fresh copies of the arrays (copying is not timed); the kernel's time
 * includes its sort, as the aggregate's does. Figures are medians over
 * {@code reps} runs after {@code warmup} unmeasured ones; the target is
 * a kernel at most 1.2x the sort floor. Then {@link MonitorBenchmark}: a {@code CHECK
 * MONITOR} against a stored baseline.
 */
public final class DriftBenchmark {
  private static final String USAGE =
      "usage: bin/bench suite=drift [name=value ...]   (or -Dbench.name=value)";
  static final String[][] PARAMETERS = {
      {"rows", "1000000", "values in each of the two samples"},
      {"reps", "5", "measured repetitions of every path; medians are over these"},
      {"warmup", "2", "warm-up runs of every path (not measured)"},
      {"shift", "0.002", "shift of the current sample's mean (standard normal reference)"},
      {"seed", "42", "random seed of the data"},
      {"monitor_rows", "1000000", "reference and current rows of the CHECK MONITOR part"
          + " (0 skips it)"},
      {"monitor_columns", "10", "numeric columns of the CHECK MONITOR part"},
      {"dir", "", "working directory of the CHECK MONITOR part (default: a temp directory,"
          + " deleted after)"},
  };
  /** The target: the kernel over the floor of sorting both arrays. */
  static final double TARGET = 1.2;

  private DriftBenchmark() {
  }

  public static void main(String[] args) {
    final Map<String, String> v;
    try {
      v = Parameters.read(PARAMETERS, args, USAGE);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (v == null) {
      return;
    }
    final int rows = Parameters.positive(v, "rows");
    final int reps = Parameters.positive(v, "reps");
    final int warmup = Parameters.nonNegative(v, "warmup");
    final double shift = Double.parseDouble(v.get("shift").trim());
    final long seed = Long.parseLong(v.get("seed").trim());
    run(System.out, rows, reps, warmup, shift, seed);
    final int monitorRows = Parameters.nonNegative(v, "monitor_rows");
    if (monitorRows > 0) {
      final List<String> failures = new ArrayList<>();
      final long start = System.nanoTime();
      MonitorBenchmark.run(System.out, monitorRows, Parameters.positive(v, "monitor_columns"),
          Math.max(reps, 1), seed, v.get("dir").isEmpty() ? null
              : java.nio.file.Path.of(v.get("dir")), failures);
      Suite.printEnd(System.out, failures, start);
    }
  }

  /** A timed path: the time of one run in seconds and the p-value it found (NaN for the floor). */
  private interface Path {
    double[] run(double[] a, double[] b);
  }

  static void run(PrintStream out, int rows, int reps, int warmup, double shift, long seed) {
    final long start = System.nanoTime();
    Machine.printHeader(out, "Sorrel drift benchmark: two-sample Kolmogorov-Smirnov");
    out.printf(Locale.ROOT, "data    : %,d vs %,d standard normal doubles, current shifted by %s,"
        + " seed %d; %d runs after %d warm-up%n%n", rows, rows, shift, seed, reps, warmup);
    final Random random = new Random(seed);
    final double[] reference = new double[rows];
    final double[] current = new double[rows];
    for (int i = 0; i < rows; i++) {
      reference[i] = random.nextGaussian();
      current[i] = random.nextGaussian() + shift;
    }
    final Path floor = (a, b) -> {
      Arrays.sort(a);
      Arrays.sort(b);
      return new double[] {Double.NaN, Double.NaN};
    };
    final Path kernel = (a, b) -> {
      Arrays.sort(a);
      Arrays.sort(b);
      final KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(a, a.length, b, b.length);
      return new double[] {r.statistic(), r.pValue()};
    };
    final Path commons = (a, b) -> {
      final KolmogorovSmirnovTest test = new KolmogorovSmirnovTest();
      return new double[] {test.kolmogorovSmirnovStatistic(a, b),
          test.kolmogorovSmirnovTest(a, b)};
    };
    final double[] floorResult = new double[2];
    final double floorTime = median(floor, reference, current, reps, warmup, floorResult);
    final double[] kernelResult = new double[2];
    final double kernelTime = median(kernel, reference, current, reps, warmup, kernelResult);
    final double[] commonsResult = new double[2];
    final double commonsTime = median(commons, reference, current, reps, warmup, commonsResult);
    final TextTable table = new TextTable("path", "median s", "vs sort floor", "D", "p-value");
    table.row("Arrays.sort of both arrays (floor)", fmt(floorTime, 3), "1.00x", "-", "-");
    table.row("Sorrel KS kernel (sort + D + p)", fmt(kernelTime, 3),
        ratio(kernelTime, floorTime), String.format(Locale.ROOT, "%.6g", kernelResult[0]),
        String.format(Locale.ROOT, "%.6g", kernelResult[1]));
    table.row("commons-math3 KolmogorovSmirnovTest", fmt(commonsTime, 3),
        ratio(commonsTime, floorTime), String.format(Locale.ROOT, "%.6g", commonsResult[0]),
        String.format(Locale.ROOT, "%.6g", commonsResult[1]));
    table.print(out);
    out.println();
    out.printf(Locale.ROOT, "target  : kernel at most %.1fx the sort floor: %s (%s)%n", TARGET,
        verdict(kernelTime <= TARGET * floorTime), ratio(kernelTime, floorTime));
    final List<String> failures = new ArrayList<>();
    // The same supremum; commons-math3 divides integer counts differently, so the last
    // bit may differ.
    if (!(Math.abs(kernelResult[0] - commonsResult[0]) <= 1e-12)) {
      failures.add("D differs: kernel " + kernelResult[0] + ", commons-math3 "
          + commonsResult[0]);
    }
    Suite.printEnd(out, failures, start);
  }

  private static double median(Path path, double[] reference, double[] current, int reps,
      int warmup, double[] result) {
    final double[] times = new double[reps];
    for (int i = 0; i < warmup + reps; i++) {
      final double[] a = reference.clone();
      final double[] b = current.clone();
      final long t0 = System.nanoTime();
      final double[] r = path.run(a, b);
      final double seconds = (System.nanoTime() - t0) / 1e9;
      if (i >= warmup) {
        times[i - warmup] = seconds;
      }
      System.arraycopy(r, 0, result, 0, 2);
    }
    Arrays.sort(times);
    return reps % 2 == 1 ? times[reps / 2] : (times[reps / 2 - 1] + times[reps / 2]) / 2;
  }
}
