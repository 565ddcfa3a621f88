package dev.sorrel.engine.table.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
 * A table segment gives back every value of every type as stored, across
 * block and bitmap boundaries, keeps per-block minimum and maximum, and
 * answers key ranges as a RocksDB scan does.
 */
class TableSegmentTest {
  @TempDir Path dir;

  private static final ValueType[] TYPES = {ValueType.INTEGER, ValueType.BOOLEAN,
      ValueType.TINYINT, ValueType.SMALLINT, ValueType.BIGINT, ValueType.REAL, ValueType.DOUBLE,
      ValueType.DECIMAL, ValueType.VARCHAR, ValueType.VARBINARY, ValueType.DATE, ValueType.TIME,
      ValueType.TIMESTAMP};

  private static Object value(ValueType type, int row, Random random) {
    if (row % 7 == 3) {
      return null;
    }
    return switch (type) {
      case BOOLEAN -> random.nextBoolean();
      case TINYINT -> (byte) random.nextInt();
      case SMALLINT -> (short) random.nextInt();
      case INTEGER, DATE, TIME -> random.nextInt(1_000_000);
      case BIGINT, TIMESTAMP -> random.nextLong();
      case REAL -> row % 11 == 0 ? Float.NaN : random.nextFloat() - 0.5f;
      case DOUBLE -> row % 13 == 0 ? -0.0 : random.nextGaussian();
      case DECIMAL -> BigDecimal.valueOf(random.nextInt(), 3);
      case VARCHAR -> row % 5 == 0 ? "" : "s\u00e9" + random.nextInt(100);
      case VARBINARY -> new byte[] {(byte) row, (byte) (row >> 8)};
    };
  }

  @Test void valuesOfEveryTypeComeBackAsStored() {
    final List<ColumnDef> columns = new ArrayList<>();
    for (int c = 0; c < TYPES.length; c++) {
      columns.add(new ColumnDef("C" + c, TYPES[c], -1, -1, c != 0, null));
    }
    final int rows = 2 * TableSegment.BLOCK_ROWS + 77;
    try (Database db = Database.open(dir.resolve("db"), DatabaseOptions.DEFAULT)) {
      try (Transaction tx = db.begin()) {
        db.catalog().createTable(tx, "T", columns, List.of(0));
        tx.commit();
      }
      final Table table = db.catalog().table("T");
      final Random random = new Random(5);
      try (Transaction tx = db.begin()) {
        for (int r = 0; r < rows; r++) {
          final Object[] row = new Object[TYPES.length];
          row[0] = r * 3;
          for (int c = 1; c < TYPES.length; c++) {
            row[c] = value(TYPES[c], r, random);
          }
          table.insert(tx, row);
        }
        tx.commit();
      }
      final TableSegment segment = db.tableSegments().build(table);
      assertNotNull(segment);
      assertEquals(rows, segment.rows());
      assertEquals(3, segment.blocks());
      final int[] all = new int[TYPES.length];
      for (int c = 0; c < all.length; c++) {
        all[c] = c;
      }
      try (ReadView snapshot = db.snapshot()) {
        final TableSegments.Usable usable = db.tableSegments().usable(table, snapshot);
        assertNotNull(usable);
        assertEquals(0, usable.changedKeys().length);
        for (KeyRange range : List.of(KeyRange.ALL,
            new KeyRange(new Object[] {4000}, true, new Object[] {12_500}, false),
            new KeyRange(new Object[] {4001}, false, null, false),
            new KeyRange(null, false, new Object[] {2}, true),
            new KeyRange(new Object[] {99_999}, true, null, false))) {
          assertSameRows(table.scan(snapshot, range, all),
              table.scan(snapshot, range, all, usable), range.toString());
        }
        assertSameRows(table.scan(snapshot, KeyRange.ALL, new int[] {8, 6}),
            table.scan(snapshot, KeyRange.ALL, new int[] {8, 6}, usable), "projected");
      }
      // Block statistics: the smallest and largest key of each block.
      final ColumnBatch keys = new ColumnBatch(ValueType.INTEGER);
      for (int b = 0; b < segment.blocks(); b++) {
        segment.read(b, 0, keys);
        assertEquals(keys.longs()[0], segment.minimum(b, 0));
        assertEquals(keys.longs()[keys.size() - 1], segment.maximum(b, 0));
        assertEquals(keys.size(), segment.nonNull(b, 0));
      }
    }
  }

  @Test void anUnwrittenTableHasVersionZeroAndAnInMemoryDatabaseNoSegments() {
    try (Database db = Database.openInMemory("table-segment-" + System.nanoTime())) {
      try (Transaction tx = db.begin()) {
        db.catalog().createTable(tx, "T", List.of(new ColumnDef("ID", ValueType.INTEGER, -1,
            -1, false, null)), List.of(0));
        tx.commit();
      }
      final Table table = db.catalog().table("T");
      assertNull(db.tableSegments().build(table));
      try (ReadView snapshot = db.snapshot()) {
        assertNull(db.tableSegments().usable(table, snapshot));
        assertEquals(0, db.tableSegments().version(snapshot, table.id()));
      }
    }
  }

  private static void assertSameRows(Table.RowCursor expected, Table.RowCursor actual,
      String what) {
    try (expected; actual) {
      int n = 0;
      while (expected.next()) {
        assertEquals(true, actual.next(), what + ": row " + n);
        final Object[] e = expected.row();
        final Object[] a = actual.row();
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
          if (e[i] instanceof byte[] bytes) {
            assertArrayEquals(bytes, (byte[]) a[i], what + ": row " + n + " column " + i);
          } else {
            assertEquals(e[i], a[i], what + ": row " + n + " column " + i);
          }
        }
        assertArrayEquals(expected.key(), actual.key(), what + ": key of row " + n);
        n++;
      }
      assertEquals(false, actual.next(), what + ": extra rows");
    }
  }
}
