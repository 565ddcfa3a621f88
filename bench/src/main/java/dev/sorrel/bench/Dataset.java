package dev.sorrel.bench;

import java.util.SplittableRandom;

/**
 * The rows every engine loads, generated once from a seed so that all
 * engines see exactly the same data in the same order, plus the sequence of
 * keys the point lookups ask for.
 */
public final class Dataset {
  /** 2024-01-01T00:00:00Z. */
  static final long BASE_MILLIS = 1_704_067_200_000L;
  static final long YEAR_MILLIS = 365L * 24 * 3600 * 1000;

  final int rows;
  final long[] ids;
  final int[] users;
  final double[] amounts;
  final long[] timestamps;
  final String[] userNames;

  Dataset(int rows, int distinctUsers, boolean sequential, long seed) {
    this.rows = rows;
    final SplittableRandom random = new SplittableRandom(seed);
    ids = new long[rows];
    for (int i = 0; i < rows; i++) {
      ids[i] = i + 1;
    }
    if (!sequential) {
      for (int i = rows - 1; i > 0; i--) {
        final int j = random.nextInt(i + 1);
        final long t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
      }
    }
    userNames = new String[distinctUsers];
    for (int u = 0; u < distinctUsers; u++) {
      userNames[u] = String.format("user_%05d", u);
    }
    users = new int[rows];
    amounts = new double[rows];
    timestamps = new long[rows];
    for (int i = 0; i < rows; i++) {
      users[i] = random.nextInt(distinctUsers);
      amounts[i] = random.nextInt(10_000_000) / 100.0;
      timestamps[i] = BASE_MILLIS + random.nextLong(YEAR_MILLIS);
    }
  }

  /** Keys for {@code count} point lookups, uniformly drawn from the loaded ids. */
  long[] lookupKeys(int count, long seed) {
    final SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    final long[] keys = new long[count];
    for (int i = 0; i < count; i++) {
      keys[i] = ids[random.nextInt(rows)];
    }
    return keys;
  }

  /** Sum of all amounts: the expected SUM(amount). */
  double sumAmounts() {
    double sum = 0;
    for (double a : amounts) {
      sum += a;
    }
    return sum;
  }

  /** Largest timestamp in epoch milliseconds: the expected MAX(ts). */
  long maxTimestamp() {
    long max = Long.MIN_VALUE;
    for (long t : timestamps) {
      max = Math.max(max, t);
    }
    return max;
  }

  /** Number of distinct user_id values that occur: the expected number of groups. */
  int distinctUsersPresent() {
    final boolean[] seen = new boolean[userNames.length];
    int n = 0;
    for (int u : users) {
      if (!seen[u]) {
        seen[u] = true;
        n++;
      }
    }
    return n;
  }
}
