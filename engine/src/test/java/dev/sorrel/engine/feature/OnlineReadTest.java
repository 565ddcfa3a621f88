package dev.sorrel.engine.feature;

import static dev.sorrel.engine.feature.FeatureHistories.CREATED;
import static dev.sorrel.engine.feature.FeatureHistories.EVENT;
import static dev.sorrel.engine.feature.FeatureHistories.MINUTE;
import static dev.sorrel.engine.feature.FeatureHistories.N;
import static dev.sorrel.engine.feature.FeatureHistories.S;
import static dev.sorrel.engine.feature.FeatureHistories.T0;
import static dev.sorrel.engine.feature.FeatureHistories.X;
import static dev.sorrel.engine.feature.FeatureHistories.Y;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.EngineTestSupport;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.storage.ReadView;

/**
 * Online values read from Java with {@link FeatureView#readOnline}: the
 * newest value unless it has expired (the key columns still show) or is
 * dated after the time asked for (then the value as of that time, from the
 * history); nothing for an entity never written. Reads of rows a scan has
 * already fetched ({@link OnlineReader#complete}) agree.
 */
class OnlineReadTest {
  private static final long HOUR = 60 * MINUTE;
  private static final int[] ALL = {S, N, EVENT, CREATED, X, Y};

  private static void write(Database db, FeatureView view, Object[]... rows) {
    try (Transaction tx = db.begin()) {
      for (Object[] row : rows) {
        view.history().insert(tx, row);
      }
      tx.commit();
    }
  }

  private static Object[] row(String s, long event, double x) {
    return new Object[] {s, 1, event, event, x, "y"};
  }

  @Test void readsTheNewestValueWithinTheTtlAsOfTheTimeAskedFor() {
    try (Database db = Database.openInMemory(EngineTestSupport.uniqueMemoryName("online"))) {
      final FeatureView view = FeatureHistories.createView(db, HOUR);
      write(db, view, row("now", T0, 0.25),
          row("later", T0, 0.5), row("later", T0 + 10 * HOUR, 0.75),
          row("future", T0 + 10 * HOUR, 1.0));
      final int[] features = {X};
      final int[] keyAndFeatures = {S, X, EVENT};

      // Fresh, then past the TTL: the key columns stay, the values and times go.
      assertArrayEquals(new Object[] {0.25},
          view.readOnline(new Object[] {"now", 1}, T0 + 30 * MINUTE, features));
      assertArrayEquals(new Object[] {0.25}, view.readOnline(new Object[] {"now", 1},
          T0 + HOUR, features), "valid while event >= time - ttl");
      assertArrayEquals(new Object[] {null},
          view.readOnline(new Object[] {"now", 1}, T0 + HOUR + 1, features));
      assertArrayEquals(new Object[] {"now", null, null},
          view.readOnline(new Object[] {"now", 1}, T0 + 2 * HOUR, keyAndFeatures));

      // A value dated later does not hide the one valid at the time.
      assertArrayEquals(new Object[] {"later", 0.5, T0},
          view.readOnline(new Object[] {"later", 1}, T0 + 30 * MINUTE, keyAndFeatures));
      assertArrayEquals(new Object[] {"later", null, null},
          view.readOnline(new Object[] {"later", 1}, T0 + 5 * HOUR, keyAndFeatures),
          "the earlier value has expired by then");
      assertArrayEquals(new Object[] {"later", 0.75, T0 + 10 * HOUR},
          view.readOnline(new Object[] {"later", 1}, T0 + 10 * HOUR, keyAndFeatures));

      // Only a value to come: the entity shows, without values.
      assertArrayEquals(new Object[] {"future", null, null},
          view.readOnline(new Object[] {"future", 1}, T0, keyAndFeatures));
      assertArrayEquals(new Object[] {null},
          view.readOnline(new Object[] {"future", 1}, T0, features));

      // Never written: no row at all.
      assertNull(view.readOnline(new Object[] {"absent", 1}, T0, keyAndFeatures));
      assertNull(view.readOnline(new Object[] {"now", 2}, T0, keyAndFeatures));
    }
  }

  @Test void withoutATtlValuesNeverExpire() {
    try (Database db = Database.openInMemory(EngineTestSupport.uniqueMemoryName("online"))) {
      final FeatureView view = FeatureHistories.createView(db, null);
      write(db, view, row("a", T0, 0.25), row("a", T0 + 10 * HOUR, 0.75));
      assertArrayEquals(new Object[] {0.25},
          view.readOnline(new Object[] {"a", 1}, T0 + 5 * HOUR, new int[] {X}));
      assertArrayEquals(new Object[] {0.75},
          view.readOnline(new Object[] {"a", 1}, T0 + 1000 * HOUR, new int[] {X}));
    }
  }

  /**
   * Over random histories, at random times: an entity's online value is its
   * point-in-time value under the online rule (no known-at cutoff), or its
   * key alone if it has none; by key and by completing scanned rows alike.
   */
  @Test void onlineValuesArePointInTimeValuesAsOfTheTime() {
    final Random random = new Random(31);
    for (Long ttl : new Long[] {null, 45 * MINUTE}) {
      try (Database db = Database.openInMemory(EngineTestSupport.uniqueMemoryName("online"))) {
        final FeatureView view = FeatureHistories.createView(db, ttl);
        FeatureHistories.fill(db, view, random, 2000);
        final List<Object[]> history = EngineTestSupport.scanAll(db, view.history());
        int valued = 0;
        int cleared = 0;
        for (int round = 0; round < 30; round++) {
          final long asOf = T0 + (random.nextInt(70) - 5) * 15 * MINUTE + random.nextInt(3) - 1;
          final OnlineReader reader = view.onlineReader(ALL, asOf);
          try (ReadView snapshot = db.snapshot()) {
            final List<Object[]> scanned = EngineTestSupport.scan(snapshot, view.online(),
                KeyRange.ALL, reader.columns());
            assertTrue(scanned.size() > 10);
            for (Object[] stored : scanned) {
              final Object[] key = {stored[S], stored[N]};
              final Object[] match = FeatureHistories.oracle(history, key[0], key[1], asOf,
                  false, false, ttl);
              final Object[] expected = match != null ? match
                  : new Object[] {key[0], key[1], null, null, null, null};
              final String what = Arrays.toString(key) + " as of " + asOf + " ttl " + ttl;
              assertArrayEquals(expected, view.readOnline(key, asOf, ALL), what);
              assertArrayEquals(expected, reader.complete(stored), what);
              if (match != null) {
                valued++;
              } else {
                cleared++;
              }
            }
          }
        }
        assertTrue(valued > 100 && cleared > 100, valued + " valued, " + cleared + " cleared");
        assertNull(view.readOnline(new Object[] {"none", 0}, T0, ALL));
      }
    }
  }
}
