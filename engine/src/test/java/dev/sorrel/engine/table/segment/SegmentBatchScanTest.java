package dev.sorrel.engine.table.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.ValueType;

/**
 * A batch scan of a segment returns exactly the rows of a RocksDB scan at
 * the same snapshot, in key order, with the rows changed since the segment
 * merged in where they sort, and skips only blocks its predicates rule out.
 */
class SegmentBatchScanTest {
  @TempDir Path dir;

  private static List<Object[]> batchRows(SegmentBatchScan scan, int width) {
    final List<Object[]> rows = new ArrayList<>();
    while (scan.next()) {
      for (int k = 0; k < scan.selected(); k++) {
        final int i = scan.selection()[k];
        final Object[] row = new Object[width];
        for (int c = 0; c < width; c++) {
          row[c] = scan.column(c).value(i);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<Object[]> scanRows(Table.RowCursor cursor) {
    final List<Object[]> rows = new ArrayList<>();
    try (cursor) {
      while (cursor.next()) {
        rows.add(cursor.row().clone());
      }
    }
    return rows;
  }

  private static void assertSame(List<Object[]> expected, List<Object[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int r = 0; r < expected.size(); r++) {
      assertArrayEquals(expected.get(r), actual.get(r), "row " + r);
    }
  }

  @Test void batchesHoldTheSnapshotsRowsInKeyOrder() {
    final int rows = 3 * TableSegment.BLOCK_ROWS + 10;
    try (Database db = Database.open(dir.resolve("db"), DatabaseOptions.DEFAULT)) {
      try (Transaction tx = db.begin()) {
        db.catalog().createTable(tx, "T", List.of(
            new ColumnDef("ID", ValueType.INTEGER, -1, -1, false, null),
            new ColumnDef("V", ValueType.DOUBLE, -1, -1, true, null),
            new ColumnDef("S", ValueType.VARCHAR, -1, -1, true, null)), List.of(0));
        tx.commit();
      }
      final Table table = db.catalog().table("T");
      try (Transaction tx = db.begin()) {
        for (int r = 0; r < rows; r++) {
          table.insert(tx, new Object[] {r * 2, r % 9 == 0 ? null : r * 0.5, "s" + (r % 4)});
        }
        tx.commit();
      }
      db.tableSegments().build(table);
      try (Transaction tx = db.begin()) {
        table.insert(tx, new Object[] {-1, 1.0, "first"});
        table.insert(tx, new Object[] {5001, 2.0, "between"});
        table.insert(tx, new Object[] {rows * 2 + 1, 3.0, "last"});
        table.update(tx, table.rowKey(new Object[] {100, null, null}),
            new Object[] {100, -7.0, "updated"});
        table.delete(tx, table.rowKey(new Object[] {8000, null, null}));
        tx.commit();
      }
      final int[] projection = {0, 1, 2};
      try (ReadView snapshot = db.snapshot()) {
        final TableSegments.Usable usable = db.tableSegments().usable(table, snapshot);
        assertTrue(usable != null && usable.changedKeys().length == 5);
        assertSame(scanRows(table.scan(snapshot, KeyRange.ALL, projection)),
            batchRows(new SegmentBatchScan(table, usable, snapshot, projection, List.of()), 3));
        // Ids from 17,000: the first two blocks (ids below 16,384) are skipped, while
        // the changed rows come whatever block they sort into.
        final SegmentBatchScan skipping = new SegmentBatchScan(table, usable, snapshot,
            projection, List.of(new BlockPredicate.LongRange(0, 17_000, Long.MAX_VALUE)));
        final List<Object[]> read = batchRows(skipping, 3);
        assertEquals(2, skipping.blocksSkipped());
        for (Object[] row : scanRows(table.scan(snapshot, KeyRange.ALL, projection))) {
          if ((Integer) row[0] >= 17_000) {
            assertTrue(read.stream().anyMatch(r -> r[0].equals(row[0])), row[0].toString());
          }
        }
        assertTrue(read.stream().anyMatch(r -> r[0].equals(-1)));
      }
    }
  }
}
