package dev.sorrel.engine.table;

import static dev.sorrel.engine.EngineTestSupport.assertSorrel;
import static dev.sorrel.engine.EngineTestSupport.createTable;
import static dev.sorrel.engine.EngineTestSupport.nullable;
import static dev.sorrel.engine.EngineTestSupport.scanAll;
import static dev.sorrel.engine.EngineTestSupport.uniqueMemoryName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.IdentityDef;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.ValueType;

/** Identity columns: generated values, explicit values, limits, persistence of the counter. */
class IdentityTest {
  @TempDir Path dir;

  private static ColumnDef identity(String name, ValueType type, IdentityDef def) {
    return new ColumnDef(name, type, -1, 0, false, null, def);
  }

  private static Table table(Database db, IdentityDef def, ValueType type) {
    return createTable(db, "T", List.of(identity("ID", type, def),
        nullable("V", ValueType.VARCHAR)), List.of(0));
  }

  private static List<Object> insert(Database db, Table table, Object... ids) {
    final List<Object> stored = new ArrayList<>();
    try (Transaction tx = db.begin()) {
      for (Object id : ids) {
        stored.add(table.insert(tx, new Object[] {id, "x"})[0]);
      }
      tx.commit();
    }
    return stored;
  }

  @Test
  void rowsWithoutAValueTakeTheNextOne() {
    try (Database db = Database.openInMemory(uniqueMemoryName("identity"))) {
      final Table table = table(db, IdentityDef.BY_DEFAULT, ValueType.BIGINT);
      assertEquals(List.of(1L, 2L, 3L), insert(db, table, null, null, null));
      assertEquals(3, scanAll(db, table).size());
    }
  }

  @Test
  void startAndIncrementShapeTheValues() {
    try (Database db = Database.openInMemory(uniqueMemoryName("identity"))) {
      final Table table = table(db, new IdentityDef(true, 100, -7), ValueType.INTEGER);
      assertEquals(List.of(100, 93, 86), insert(db, table, null, null, null));
    }
  }

  @Test
  void anExplicitValueMovesTheCounterPastIt() {
    try (Database db = Database.openInMemory(uniqueMemoryName("identity"))) {
      final Table table = table(db, IdentityDef.BY_DEFAULT, ValueType.BIGINT);
      // An Integer given for a BIGINT column is converted; one behind the counter changes nothing.
      assertEquals(List.of(1L, 10L, 11L, 5L, 12L), insert(db, table, null, 10, null, 5L, null));
    }
  }

  @Test
  void aColumnThatRunsOutOfValuesIsOutOfRange() {
    try (Database db = Database.openInMemory(uniqueMemoryName("identity"))) {
      final Table table = table(db, new IdentityDef(false, 126, 1), ValueType.TINYINT);
      assertEquals(List.of((byte) 126, (byte) 127), insert(db, table, null, null));
      assertSorrel(ErrorCode.NUMERIC_OUT_OF_RANGE, () -> insert(db, table, (Object) null));
    }
  }

  @Test
  void valuesOfARolledBackInsertAreNotHandedOutAgain() {
    try (Database db = Database.openInMemory(uniqueMemoryName("identity"))) {
      final Table table = table(db, IdentityDef.BY_DEFAULT, ValueType.BIGINT);
      try (Transaction tx = db.begin()) {
        assertEquals(1L, table.insert(tx, new Object[] {null, "gone"})[0]);
        tx.rollback();
      }
      assertEquals(List.of(2L), insert(db, table, (Object) null));
    }
  }

  @Test
  void aReopenedDatabaseGoesOnWhereItStopped() {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      insert(db, table(db, IdentityDef.BY_DEFAULT, ValueType.BIGINT), null, null);
    }
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      assertEquals(List.of(3L), insert(db, db.catalog().table("T"), (Object) null));
    }
  }

  @Test
  void countersReadAfterACrashSkipTheRestOfTheirBlockNeverReusingAValue() {
    try (Database db = Database.open(dir, DatabaseOptions.DEFAULT)) {
      final Table table = table(db, IdentityDef.BY_DEFAULT, ValueType.BIGINT);
      insert(db, table, null, null);
      // A process that dies has only the reservation on disk: a fresh set of
      // counters over the same store, as the next process would read it.
      final IdentityCounters afterCrash = new IdentityCounters(db.store());
      assertEquals(33L, afterCrash.counter(table, 0).next(), "the first block reserves 32");
    }
  }

  @Test
  void droppingATableDeletesItsCounter() {
    try (Database db = Database.openInMemory(uniqueMemoryName("identity"))) {
      final Table table = table(db, IdentityDef.BY_DEFAULT, ValueType.BIGINT);
      insert(db, table, (Object) null);
      final byte[] key = String.format(Locale.ROOT, "identity/%010d/0", table.id())
          .getBytes(StandardCharsets.UTF_8);
      assertNotNull(db.store().get(Space.META, key));
      try (Transaction tx = db.begin()) {
        db.catalog().dropTable(tx, "T");
        tx.commit();
      }
      assertNull(db.store().get(Space.META, key));
    }
  }

  @Test
  void definitionsAreChecked() {
    try (Database db = Database.openInMemory(uniqueMemoryName("identity"))) {
      for (List<ColumnDef> columns : List.of(
          List.of(identity("ID", ValueType.DOUBLE, IdentityDef.BY_DEFAULT)),
          List.of(identity("ID", ValueType.INTEGER, new IdentityDef(false, 1, 0))),
          List.of(identity("ID", ValueType.SMALLINT, new IdentityDef(false, 40_000, 1))),
          List.of(new ColumnDef("ID", ValueType.BIGINT, -1, 0, true, null,
              IdentityDef.BY_DEFAULT)),
          List.of(identity("A", ValueType.BIGINT, IdentityDef.BY_DEFAULT),
              identity("B", ValueType.BIGINT, IdentityDef.BY_DEFAULT)))) {
        try (Transaction tx = db.begin()) {
          assertSorrel(ErrorCode.INVALID_DEFINITION,
              () -> db.catalog().createTable(tx, "BAD", columns, List.of()));
        }
      }
    }
  }
}
