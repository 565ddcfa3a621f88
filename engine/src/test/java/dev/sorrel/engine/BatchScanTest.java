package dev.sorrel.engine;

import static dev.sorrel.engine.EngineTestSupport.createTable;
import static dev.sorrel.engine.EngineTestSupport.insertAll;
import static dev.sorrel.engine.EngineTestSupport.notNull;
import static dev.sorrel.engine.EngineTestSupport.nullable;
import static dev.sorrel.engine.EngineTestSupport.uniqueMemoryName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.ValueType;

/** Scans that hand out Arrow batches: sizes, contents, ranges, and no leaked memory. */
class BatchScanTest {

  @Test
  void batchesCoverTheRangeInKeyOrderWithoutLeaking() {
    try (Database db = Database.openInMemory(uniqueMemoryName("batch"));
         RootAllocator allocator = new RootAllocator()) {
      final Table table = createTable(db, "T", List.of(notNull("ID", ValueType.BIGINT),
          nullable("NAME", ValueType.VARCHAR), nullable("X", ValueType.DOUBLE)), List.of(0));
      final List<Object[]> rows = new ArrayList<>();
      for (long id = 2500; id >= 1; id--) {
        rows.add(new Object[] {id, "n" + id, id % 7 == 0 ? null : id * 0.5});
      }
      insertAll(db, table, rows);

      final List<Integer> sizes = new ArrayList<>();
      long expectedId = 101;
      try (ReadView view = db.snapshot();
           BatchScan scan = table.scanBatches(view,
               new KeyRange(new Object[] {101L}, true, null, true), new int[] {2, 0},
               allocator, 1000)) {
        VectorSchemaRoot batch;
        while ((batch = scan.next()) != null) {
          sizes.add(batch.getRowCount());
          final Float8Vector x = (Float8Vector) batch.getVector(0);
          final BigIntVector id = (BigIntVector) batch.getVector(1);
          for (int i = 0; i < batch.getRowCount(); i++, expectedId++) {
            assertEquals(expectedId, id.get(i));
            if (expectedId % 7 == 0) {
              assertEquals(true, x.isNull(i));
            } else {
              assertEquals(expectedId * 0.5, x.get(i));
            }
          }
        }
        assertNull(scan.next());
      }
      assertEquals(List.of(1000, 1000, 400), sizes);
      assertEquals(2501, expectedId);
    }
  }

  @Test
  void batchSizeMustBePositive() {
    try (Database db = Database.openInMemory(uniqueMemoryName("batch"));
         RootAllocator allocator = new RootAllocator()) {
      final Table table = createTable(db, "T", List.of(notNull("ID", ValueType.BIGINT)),
          List.of(0));
      try (ReadView view = db.snapshot()) {
        final SorrelException e = assertThrows(SorrelException.class,
            () -> table.scanBatches(view, KeyRange.ALL, new int[] {0}, allocator, 0));
        assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.code());
      }
    }
  }
}
