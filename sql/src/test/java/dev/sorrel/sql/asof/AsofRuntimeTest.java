package dev.sorrel.sql.asof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.junit.jupiter.api.Test;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.FeatureViewDef;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ValueType;

/** The point-in-time join's enumerator, driven directly as Calcite drives it. */
class AsofRuntimeTest {
  @Test void resetStartsOverWithTheSameAnswers() {
    try (Database db = Database.openInMemory("asof-runtime-reset")) {
      try (Transaction tx = db.begin()) {
        db.catalog().createEntity(tx, "D",
            List.of(new ColumnDef("ID", ValueType.BIGINT, -1, 0, false, null)), null);
        tx.commit();
      }
      try (Transaction tx = db.begin()) {
        db.catalog().createFeatureView(tx, new FeatureViewDef("V", "D",
            List.of(new ColumnDef("X", ValueType.DOUBLE, -1, 0, true, null)), null, null, null,
            null, 0, null, null, null, null, null, null, 0, 0));
        tx.commit();
      }
      final Table view = db.catalog().table("V");
      try (Transaction tx = db.begin()) {
        view.insert(tx, new Object[] {1L, 1_000L, null, 0.5});
        view.insert(tx, new Object[] {1L, 2_000L, null, 0.7});
        tx.commit();
      }
      // Left rows: (key, time); the join appends column X (ordinal 3) of the match.
      final List<Object[]> left = List.of(new Object[] {1L, 1_500L},
          new Object[] {2L, 1_500L}, new Object[] {1L, 2_500L});
      final AsofJoinPlan plan = new AsofJoinPlan(view, 1, false, false, new int[] {3},
          new int[] {0}, 1, false, 2);
      try (Enumerator<Object[]> rows = AsofRuntime.join(plan, null,
          Linq4j.asEnumerable(left)).enumerator()) {
        final List<Object[]> first = drain(rows);
        rows.reset();
        final List<Object[]> second = drain(rows);
        assertEquals(3, first.size());
        assertArrayEquals(new Object[] {1L, 1_500L, 0.5}, first.get(0));
        assertArrayEquals(new Object[] {2L, 1_500L, null}, first.get(1));
        assertArrayEquals(new Object[] {1L, 2_500L, 0.7}, first.get(2));
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
          assertArrayEquals(first.get(i), second.get(i));
        }
      }
    }
  }

  private static List<Object[]> drain(Enumerator<Object[]> rows) {
    final List<Object[]> out = new ArrayList<>();
    while (rows.moveNext()) {
      out.add(rows.current());
    }
    return out;
  }
}
