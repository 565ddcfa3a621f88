package dev.sorrel.engine.table;

import static dev.sorrel.engine.EngineTestSupport.createTable;
import static dev.sorrel.engine.EngineTestSupport.insertAll;
import static dev.sorrel.engine.EngineTestSupport.notNull;
import static dev.sorrel.engine.EngineTestSupport.nullable;
import static dev.sorrel.engine.EngineTestSupport.uniqueMemoryName;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.table.KeyPredicate.Constant;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.ValueType;

/**
 * An index scan whose projection the index holds (its columns and the
 * primary key) reads the values from the entries alone; it returns what the
 * scan that reads each row returns, for ascending and descending columns,
 * NULLs, and unique indexes.
 */
class CoveringIndexScanTest {
  @Test void entriesGiveTheSameRowsAsTheRows() {
    try (Database db = Database.openInMemory(uniqueMemoryName("covering"))) {
      final Table table = createTable(db, "T", List.of(notNull("ID", ValueType.BIGINT),
          notNull("NAME", ValueType.VARCHAR), nullable("SCORE", ValueType.DOUBLE),
          nullable("TAG", ValueType.VARCHAR)), List.of(0, 1));
      try (Transaction tx = db.begin()) {
        db.catalog().createIndex(tx, "T_TAG_SCORE", "T", List.of("TAG", "SCORE"),
            List.of(false, true), false);
        db.catalog().createIndex(tx, "T_SCORE_U", "T", List.of("SCORE"), List.of(true), true);
        tx.commit();
      }
      final Random random = new Random(7);
      final List<Object[]> rows = new ArrayList<>();
      for (long i = 0; i < 300; i++) {
        rows.add(new Object[] {i % 17, "n\u0000" + i, i % 5 == 0 ? null : i * 1.5 - 100,
            random.nextInt(4) == 0 ? null : "t" + random.nextInt(3)});
      }
      insertAll(db, db.catalog().table("T"), rows);
      final Table live = db.catalog().table("T");
      for (String index : List.of("T_TAG_SCORE", "T_SCORE_U")) {
        final AccessPath path = live.accessPath(List.of(new KeyPredicate(
            index.equals("T_TAG_SCORE") ? 3 : 2, KeyPredicate.Operator.GREATER_OR_EQUAL,
            List.of(new Constant(index.equals("T_TAG_SCORE") ? "t1" : -50.0)))));
        assertEquals(index, path.index().name());
        final int[] covered = index.equals("T_TAG_SCORE") ? new int[] {3, 0, 2, 1}
            : new int[] {2, 1, 0};
        final int[] all = {0, 1, 2, 3};
        final List<String> fromEntries = new ArrayList<>();
        final List<String> fromRows = new ArrayList<>();
        try (ReadView view = db.snapshot()) {
          for (KeyRange range : path.ranges(i -> null)) {
            try (Table.RowCursor a = live.scan(view, path, range, covered);
                 Table.RowCursor b = live.scan(view, path, range, all)) {
              while (a.next()) {
                fromEntries.add(Arrays.toString(a.row()) + Arrays.toString(a.key()));
              }
              while (b.next()) {
                final Object[] r = b.row();
                final Object[] projected = new Object[covered.length];
                for (int i = 0; i < covered.length; i++) {
                  projected[i] = r[covered[i]];
                }
                fromRows.add(Arrays.toString(projected) + Arrays.toString(b.key()));
              }
            }
          }
        }
        assertEquals(fromRows, fromEntries);
        assertEquals(true, fromRows.size() > 50, index + " read " + fromRows.size());
      }
      table.name();
    }
  }
}
