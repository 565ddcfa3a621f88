package dev.sorrel.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * Whole-workload timing of several paths that compute the same result:
 * {@code warmup} untimed runs of each path, then {@code reps} rounds in which
 * every path runs once, in an order rotated by one each round (so no path
 * always runs first, right after a collection), with {@code System.gc()}
 * before each timed run. A path that fails, or whose result changes between
 * runs, is reported and left out of the later rounds.
 *
 * @param <R> what a run computes, kept for the suite's checks
 */
final class TimedRounds<R> {
  /** One run of a path. */
  interface Run<R> {
    R run() throws Exception;
  }

  /** A path's measured seconds (one per round), its result and its failure, if any. */
  static final class Outcome<R> {
    final double[] seconds;
    R result;
    String failure;

    Outcome(int reps) {
      seconds = new double[reps];
    }

    boolean ok() {
      return failure == null;
    }

    double medianSeconds() {
      return ok() ? Stats.median(seconds) : Double.NaN;
    }
  }

  private final Map<String, Run<R>> paths = new LinkedHashMap<>();
  private final Map<String, String> setupFailures = new LinkedHashMap<>();
  private final BiPredicate<R, R> same;

  /** @param same whether two runs' results agree (results may differ in rounding) */
  TimedRounds(BiPredicate<R, R> same) {
    this.same = same;
  }

  TimedRounds<R> add(String name, Run<R> run) {
    paths.put(name, run);
    return this;
  }

  /** A path that could not be set up: reported as failed, never run. */
  TimedRounds<R> failed(String name, String why) {
    setupFailures.put(name, why);
    return this;
  }

  /**
   * Runs the rounds.
   *
   * @param label what the progress lines call the workload
   * @return each path's outcome, in the order the paths were added
   */
  Map<String, Outcome<R>> measure(int warmup, int reps, String label, Consumer<String> progress) {
    final Map<String, Outcome<R>> outcomes = new LinkedHashMap<>();
    setupFailures.forEach((name, why) -> {
      final Outcome<R> o = new Outcome<>(reps);
      o.failure = why;
      outcomes.put(name, o);
    });
    paths.keySet().forEach(name -> outcomes.put(name, new Outcome<>(reps)));
    for (Map.Entry<String, Run<R>> p : paths.entrySet()) {
      for (int w = 0; w < warmup && outcomes.get(p.getKey()).ok(); w++) {
        progress.accept(label + " warm-up " + (w + 1) + "/" + warmup + " " + p.getKey());
        timed(p.getKey(), p.getValue(), outcomes.get(p.getKey()), progress);
      }
    }
    final List<String> names = new ArrayList<>(paths.keySet());
    for (int rep = 0; rep < reps; rep++) {
      for (int k = 0; k < names.size(); k++) {
        final String name = names.get((k + rep) % names.size());
        final Outcome<R> o = outcomes.get(name);
        if (!o.ok()) {
          continue;
        }
        progress.accept(label + " rep " + (rep + 1) + "/" + reps + " " + name);
        o.seconds[rep] = timed(name, paths.get(name), o, progress);
      }
    }
    return outcomes;
  }

  private double timed(String name, Run<R> run, Outcome<R> outcome, Consumer<String> progress) {
    try {
      System.gc();
      final long t0 = System.nanoTime();
      final R result = run.run();
      final double seconds = (System.nanoTime() - t0) / 1e9;
      if (outcome.result != null && !same.test(outcome.result, result)) {
        outcome.failure = "result changed between runs: " + outcome.result + ", then " + result;
      } else if (outcome.result == null) {
        outcome.result = result;
      }
      progress.accept(String.format(Locale.ROOT, "  %.3f s", seconds));
      return seconds;
    } catch (Exception | LinkageError ex) {
      outcome.failure = CoreBenchmark.describe(ex);
      progress.accept("  FAILED " + name + ": " + outcome.failure);
      return Double.NaN;
    }
  }
}
