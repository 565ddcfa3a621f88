package dev.sorrel.engine.feature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.EngineTestSupport;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.FeatureViewDef;
import dev.sorrel.storage.ValueType;

/**
 * Feature views with random histories for the point-in-time tests, and the
 * brute-force reading of the point-in-time rule they are checked against:
 * of an entity's rows at or before the time (strictly before if strict),
 * within the TTL and (with known-at) written by then, the one with the
 * newest event time, then the newest write time.
 */
public final class FeatureHistories {
  static final long MINUTE = 60_000L;
  static final long T0 = 1_700_000_000_000L;
  /** History columns: S, N (the entity), EVENT_TIMESTAMP, CREATED_TIMESTAMP, X, Y. */
  static final int S = 0;
  static final int N = 1;
  static final int EVENT = 2;
  static final int CREATED = 3;
  static final int X = 4;
  static final int Y = 5;
  /** Entity names: short ones, and long ones sharing their first 16 bytes and more. */
  private static final String[] NAMES = {"", "a", "a b", "ab", "b", "\u00e9", "zz",
      "a long shared prefix 1", "a long shared prefix 2", "a long shared pre"};

  private FeatureHistories() {
  }

  /** Creates entity D (VARCHAR S, INT N) and feature view V (X DOUBLE, Y VARCHAR). */
  public static FeatureView createView(Database db, Long ttlMillis) {
    try (Transaction tx = db.begin()) {
      db.catalog().createEntity(tx, "D", List.of(
          EngineTestSupport.notNull("S", ValueType.VARCHAR),
          EngineTestSupport.notNull("N", ValueType.INTEGER)), null);
      tx.commit();
    }
    try (Transaction tx = db.begin()) {
      db.catalog().createFeatureView(tx, new FeatureViewDef("V", "D", List.of(
          new ColumnDef("X", ValueType.DOUBLE, -1, 0, true, null),
          new ColumnDef("Y", ValueType.VARCHAR, -1, 0, true, null)), ttlMillis, null, null,
          null, 0, null, null, null, null, null, null, 0, 0));
      tx.commit();
    }
    return db.catalog().featureView("V");
  }

  /**
   * Writes random rows: few entities, event times on a coarse grid (ties),
   * write times before and after them, some (entity, event, write) triples
   * written twice.
   */
  static void fill(Database db, FeatureView view, Random random, int rows) {
    try (Transaction tx = db.begin()) {
      for (int i = 0; i < rows; i++) {
        final long event = T0 + random.nextInt(60) * 15 * MINUTE;
        view.history().insert(tx, new Object[] {NAMES[random.nextInt(NAMES.length)],
            random.nextInt(4) - 1, event, event + (random.nextInt(7) - 2) * 30 * MINUTE,
            random.nextInt(8) == 0 ? null : random.nextDouble(),
            random.nextInt(3) == 0 ? null : "y" + random.nextInt(1000)});
      }
      tx.commit();
    }
  }

  /**
   * Left rows {@code {id, S, N, time, tag}}: mostly entities that have rows,
   * some that do not, some NULL keys and times; times on the grid, just off
   * it, and outside the written range.
   */
  static List<Object[]> probes(Random random, int count) {
    final List<Object[]> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      final Object s = random.nextInt(25) == 0 ? null : random.nextInt(6) == 0
          ? "absent " + random.nextInt(5) : NAMES[random.nextInt(NAMES.length)];
      final Object n = random.nextInt(25) == 0 ? null : random.nextInt(6) - 2;
      final Object time = random.nextInt(25) == 0 ? null
          : T0 + (random.nextInt(70) - 5) * 15 * MINUTE
              + (random.nextBoolean() ? 0 : random.nextInt(3) - 1);
      rows.add(new Object[] {(long) i, s, n, time, "tag" + i});
    }
    return rows;
  }

  /**
   * The point-in-time value of an entity by brute force over every history
   * row, or null.
   */
  static Object[] oracle(List<Object[]> history, Object s, Object n, Object time,
      boolean strict, boolean knownAt, Long ttlMillis) {
    if (s == null || n == null || time == null) {
      return null;
    }
    final long t = (Long) time;
    return history.stream()
        .filter(r -> r[S].equals(s) && r[N].equals(n))
        .filter(r -> strict ? (Long) r[EVENT] < t : (Long) r[EVENT] <= t)
        .filter(r -> ttlMillis == null || (Long) r[EVENT] >= t - ttlMillis)
        .filter(r -> !knownAt || (Long) r[CREATED] <= t)
        .max(Comparator.comparing((Object[] r) -> (Long) r[EVENT])
            .thenComparing(r -> (Long) r[CREATED]))
        .orElse(null);
  }

  /** The expected joined rows: each left row then the projected match, in input order. */
  static List<List<Object>> expectedJoin(List<Object[]> history, List<Object[]> left,
      int[] projection, boolean strict, boolean knownAt, boolean inner, Long ttlMillis) {
    final List<List<Object>> out = new ArrayList<>();
    for (Object[] row : left) {
      final Object[] match = oracle(history, row[1], row[2], row[3], strict, knownAt, ttlMillis);
      if (match == null && inner) {
        continue;
      }
      final List<Object> joined = new ArrayList<>(Arrays.asList(row));
      for (int column : projection) {
        joined.add(match == null ? null : match[column]);
      }
      out.add(joined);
    }
    return out;
  }
}
