package dev.sorrel.e2e.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a soak did, counted by all clients at once: statements per kind, commits and
 * rollbacks, the allowed errors per SQLState, checks made, and every failure.
 */
final class SoakFigures {
  private final Map<String, LongAdder> statements = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> conflicts = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> checks = new ConcurrentHashMap<>();
  private final LongAdder commits = new LongAdder();
  private final LongAdder rollbacks = new LongAdder();
  private final List<String> failures = new ArrayList<>();

  void statement(String kind) {
    statements.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  void conflict(String sqlState) {
    conflicts.computeIfAbsent(sqlState, k -> new LongAdder()).increment();
  }

  void check(String kind) {
    checks.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  void commit() {
    commits.increment();
  }

  void rollback() {
    rollbacks.increment();
  }

  synchronized void fail(String failure) {
    failures.add(failure);
  }

  synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  long commits() {
    return commits.sum();
  }

  long statements() {
    return statements.values().stream().mapToLong(LongAdder::sum).sum();
  }

  long statements(String kind) {
    final LongAdder n = statements.get(kind);
    return n == null ? 0 : n.sum();
  }

  long checks() {
    return checks.values().stream().mapToLong(LongAdder::sum).sum();
  }

  long conflicts(String sqlState) {
    final LongAdder n = conflicts.get(sqlState);
    return n == null ? 0 : n.sum();
  }

  String summary(long millis) {
    final List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "duration %.1f s, statements %d, commits %d,"
        + " rollbacks %d, conflicts %s, checks %d, failures %d", millis / 1000.0, statements(),
        commits.sum(), rollbacks.sum(), sorted(conflicts), checks(), failures().size()));
    lines.add("statements per kind: " + sorted(statements));
    lines.add("checks per kind: " + sorted(checks));
    return String.join(System.lineSeparator(), lines);
  }

  private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
    final Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
