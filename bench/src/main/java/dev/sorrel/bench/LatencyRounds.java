package dev.sorrel.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Interleaved latency measurement of several lookup paths: one warm-up run
 * of each, then per repetition every path once, in an order rotated by one
 * each repetition (so no path always runs first, right after a collection),
 * with a collection before each run. A path that fails is reported and left
 * out of the later rounds.
 *
 * @param <P> the type of a path
 */
final class LatencyRounds<P> {
  /** Times {@code nanos.length} lookups of a path from key index {@code from}. */
  interface Run<P> {
    void run(String name, P path, int from, long[] nanos) throws Exception;
  }

  /** Told of a path's failure, with the error (for the suite's own bookkeeping). */
  interface Failure {
    void failed(String name, Exception error);
  }

  private final Map<String, P> paths;
  private final Consumer<String> progress;

  LatencyRounds(Map<String, P> paths, Consumer<String> progress) {
    this.paths = paths;
    this.progress = progress;
  }

  /**
   * Runs the rounds and returns each path's latencies, one entry per
   * measured repetition; {@code failed} gets the description of each path's
   * failure.
   */
  Map<String, List<Latency>> measure(int warmup, int lookups, int reps, Run<P> run,
      Map<String, String> failed, Failure onFailure) {
    final Map<String, List<Latency>> results = new LinkedHashMap<>();
    for (Map.Entry<String, P> p : paths.entrySet()) {
      results.put(p.getKey(), new ArrayList<>());
      progress.accept("lookup warm-up " + p.getKey() + " (" + warmup + ")");
      try {
        run.run(p.getKey(), p.getValue(), 0, new long[warmup]);
      } catch (Exception ex) {
        failed.put(p.getKey(), CoreBenchmark.describe(ex));
        onFailure.failed(p.getKey(), ex);
      }
    }
    final List<String> names = new ArrayList<>(paths.keySet());
    for (int rep = 0; rep < reps; rep++) {
      final int from = warmup + rep * lookups;
      for (int k = 0; k < names.size(); k++) {
        final String name = names.get((k + rep) % names.size());
        if (failed.containsKey(name)) {
          continue;
        }
        progress.accept("lookup rep " + (rep + 1) + "/" + reps + " " + name);
        try {
          System.gc();
          final long[] nanos = new long[lookups];
          run.run(name, paths.get(name), from, nanos);
          results.get(name).add(Latency.of(nanos));
        } catch (Exception ex) {
          failed.put(name, CoreBenchmark.describe(ex));
          onFailure.failed(name, ex);
        }
      }
    }
    return results;
  }
}
