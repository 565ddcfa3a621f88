package dev.sorrel.engine.catalog;

import static dev.sorrel.engine.EngineTestSupport.assertSorrel;
import static dev.sorrel.engine.EngineTestSupport.createTable;
import static dev.sorrel.engine.EngineTestSupport.insertAll;
import static dev.sorrel.engine.EngineTestSupport.notNull;
import static dev.sorrel.engine.EngineTestSupport.nullable;
import static dev.sorrel.engine.EngineTestSupport.scanAll;
import static dev.sorrel.engine.EngineTestSupport.uniqueMemoryName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.KeyEncoder;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.ValueType;

/** Table definitions: validation, name clashes, crash recovery of DROP TABLE. */
class CatalogTest {
  @TempDir Path dir;

  private static void assertInvalid(List<ColumnDef> columns, List<Integer> primaryKey,
      String messagePart) {
    try (Database db = Database.openInMemory(uniqueMemoryName("catalog"))) {
      final long version = db.catalog().version();
      try (Transaction tx = db.begin()) {
        final SorrelException e = assertSorrel(ErrorCode.INVALID_DEFINITION,
            () -> db.catalog().createTable(tx, "BAD", columns, primaryKey));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        tx.commit();
      }
      assertNull(db.catalog().table("BAD"));
      assertEquals(version, db.catalog().version());
    }
  }

  @Test
  void invalidDefinitionsAreRejected() {
    assertInvalid(List.of(), List.of(), "at least one column");
    assertInvalid(List.of(notNull("A", ValueType.BIGINT), nullable("A", ValueType.VARCHAR)),
        List.of(0), "duplicate column name A");
    assertInvalid(List.of(new ColumnDef("D", ValueType.DECIMAL, 3, 4, true, null)), List.of(),
        "scale 4");
    assertInvalid(List.of(new ColumnDef("D", ValueType.DECIMAL, 3, -1, true, null)), List.of(),
        "scale -1");
    assertInvalid(List.of(notNull("A", ValueType.BIGINT), notNull("B", ValueType.BIGINT)),
        List.of(1, 1), "appears twice");
  }

  @Test
  void nullablePrimaryKeyColumnIsAnInvalidDefinition() {
    assertInvalid(List.of(nullable("A", ValueType.BIGINT)), List.of(0), "A");
  }

  @Test
  void primaryKeyOrdinalOutOfRangeIsAnInvalidDefinition() {
    assertInvalid(List.of(notNull("A", ValueType.BIGINT)), List.of(1), "");
  }

  @Test
  void namesAreUniqueAcrossTablesAndViews() {
    try (Database db = Database.openInMemory(uniqueMemoryName("names"))) {
      createTable(db, "T", List.of(notNull("K", ValueType.BIGINT)), List.of(0));
      try (Transaction tx = db.begin()) {
        db.catalog().createView(tx, new ViewDef("V", "SELECT 1", List.of(), List.of(), 0), false);
        tx.commit();
      }
      try (Transaction tx = db.begin()) {
        final SorrelException t = assertSorrel(ErrorCode.OBJECT_ALREADY_EXISTS,
            () -> db.catalog().createTable(tx, "T", List.of(notNull("K", ValueType.BIGINT)),
                List.of(0)));
        assertEquals("table T already exists", t.getMessage());
        final SorrelException v = assertSorrel(ErrorCode.OBJECT_ALREADY_EXISTS,
            () -> db.catalog().createTable(tx, "V", List.of(notNull("K", ValueType.BIGINT)),
                List.of(0)));
        assertEquals("view V already exists", v.getMessage());
        assertSorrel(ErrorCode.OBJECT_NOT_FOUND, () -> db.catalog().dropTable(tx, "V"));
        assertSorrel(ErrorCode.OBJECT_NOT_FOUND, () -> db.catalog().dropView(tx, "T"));
      }
    }
  }

  /**
   * Creating the same table name twice before committing must not persist two
   * definitions: otherwise dropping the table later leaves the other one
   * behind, and it comes back on reopen.
   */
  @Test
  void sameTableCreatedTwiceInOneTransactionDoesNotComeBackAfterDrop() {
    final List<ColumnDef> columns = List.of(notNull("K", ValueType.BIGINT));
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      try (Transaction tx = db.begin()) {
        db.catalog().createTable(tx, "T", columns, List.of(0));
        try {
          db.catalog().createTable(tx, "T", columns, List.of(0));
        } catch (SorrelException e) {
          assertEquals(ErrorCode.OBJECT_ALREADY_EXISTS, e.code(), e.getMessage());
        }
        tx.commit();
      }
      try (Transaction tx = db.begin()) {
        db.catalog().dropTable(tx, "T");
        tx.commit();
      }
      assertNull(db.catalog().table("T"));
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      assertEquals(List.of(), db.catalog().names(), "a dropped table came back after reopen");
    }
  }

  /**
   * DROP TABLE removes the definition in the transaction and the rows right
   * after the commit; if the process dies in between, the next open removes
   * the rows. Simulated by deleting only the definition.
   */
  @Test
  void rowsOfATableWhoseDefinitionVanishedAreReclaimedOnOpen() {
    final int droppedId;
    final int keptId;
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      final Table dropped = createTable(db, "DROPPED", List.of(notNull("K", ValueType.BIGINT)),
          List.of(0));
      final Table kept = createTable(db, "KEPT", List.of(notNull("K", ValueType.BIGINT)),
          List.of(0));
      final Table last = createTable(db, "LAST", List.of(nullable("K", ValueType.BIGINT)),
          List.of());
      droppedId = dropped.id();
      keptId = kept.id();
      final List<Object[]> rows = new ArrayList<>();
      for (long k = 0; k < 20; k++) {
        rows.add(new Object[] {k});
      }
      insertAll(db, dropped, rows);
      insertAll(db, kept, rows);
      insertAll(db, last, rows);
      try (Transaction tx = db.begin()) {
        // Only the first half of DROP TABLE: the definitions of DROPPED and LAST.
        tx.storage().delete(Space.META, tableKey(droppedId));
        tx.storage().delete(Space.META, tableKey(last.id()));
        tx.commit();
      }
      assertEquals(20, rawRowCount(db, droppedId), "rows still there before reopen");
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      assertEquals(List.of("KEPT"), db.catalog().names());
      assertEquals(0, rawRowCount(db, droppedId), "orphan rows reclaimed");
      assertEquals(0, rawRowCount(db, keptId + 1), "orphan rows of the last id reclaimed");
      assertEquals(20, rawRowCount(db, keptId), "live table untouched");
      assertEquals(20, scanAll(db, db.catalog().table("KEPT")).size());
      final Table fresh = createTable(db, "NEW", List.of(notNull("K", ValueType.BIGINT)),
          List.of(0));
      assertTrue(fresh.id() > keptId + 1, "fresh id " + fresh.id());
      assertTrue(scanAll(db, fresh).isEmpty());
    }
  }

  private static byte[] tableKey(int id) {
    return String.format(Locale.ROOT, "table/%010d", id).getBytes(StandardCharsets.UTF_8);
  }

  private static int rawRowCount(Database db, int tableId) {
    final byte[] prefix = Table.prefixOf(tableId);
    int n = 0;
    try (ReadView view = db.snapshot();
        KvCursor cursor = view.scan(Space.DATA, prefix, KeyEncoder.successor(prefix))) {
      while (cursor.next()) {
        n++;
      }
    }
    return n;
  }

  @Test
  void tableDefLooksUpColumns() {
    try (Database db = Database.openInMemory(uniqueMemoryName("def"))) {
      final Table t = createTable(db, "T", List.of(notNull("A", ValueType.BIGINT),
          nullable("B", ValueType.VARCHAR)), List.of(0));
      assertEquals(1, t.def().columnIndex("B"));
      assertEquals(-1, t.def().columnIndex("b"));
      assertTrue(t.def().hasPrimaryKey());
      assertFalse(t.isDropped());
      assertEquals(t.def().columns(), t.columns());
    }
  }
}
