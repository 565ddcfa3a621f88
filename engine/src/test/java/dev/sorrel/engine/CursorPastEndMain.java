package dev.sorrel.engine;

import java.util.List;

import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.ValueType;

/**
 * Run in a child JVM by {@link CursorPastEndTest}: calls {@code next()} on
 * table cursors again after they reported the end, printing each step, and
 * prints {@code OK} if every extra call returned false.
 */
public final class CursorPastEndMain {
  private CursorPastEndMain() {
  }

  public static void main(String[] args) {
    try (Database db = Database.openInMemory("cursor-past-end")) {
      try (Transaction tx = db.begin()) {
        db.catalog().createTable(tx, "T",
            List.of(new ColumnDef("K", ValueType.BIGINT, -1, 0, false, null)), List.of(0));
        tx.commit();
      }
      final Table table = db.catalog().table("T");
      try (Transaction tx = db.begin()) {
        table.insert(tx, new Object[] {1L});
        tx.commit();
      }
      boolean ok = true;
      try (ReadView view = db.snapshot()) {
        for (KeyRange range : List.of(KeyRange.point(1L), KeyRange.point(2L), KeyRange.ALL,
            new KeyRange(new Object[] {5L}, true, null, true))) {
          try (Table.RowCursor cursor = table.scan(view, range, new int[] {0})) {
            while (cursor.next()) {
              // consume
            }
            System.out.println("range " + range + ": calling next() after the end");
            System.out.flush();
            for (int i = 0; i < 3; i++) {
              if (cursor.next()) {
                System.out.println("range " + range + ": next() returned true after the end");
                ok = false;
              }
            }
          }
        }
      }
      System.out.println(ok ? "OK" : "FAILED");
    }
  }
}
