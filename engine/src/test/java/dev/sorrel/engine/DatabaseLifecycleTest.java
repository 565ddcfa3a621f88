package dev.sorrel.engine;

import static dev.sorrel.engine.EngineTestSupport.assertSorrel;
import static dev.sorrel.engine.EngineTestSupport.createTable;
import static dev.sorrel.engine.EngineTestSupport.insertAll;
import static dev.sorrel.engine.EngineTestSupport.notNull;
import static dev.sorrel.engine.EngineTestSupport.nullable;
import static dev.sorrel.engine.EngineTestSupport.scanAll;
import static dev.sorrel.engine.EngineTestSupport.uniqueMemoryName;
import static dev.sorrel.engine.EngineTestSupport.varchar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.catalog.Catalog;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.TableDef;
import dev.sorrel.engine.catalog.ViewDef;
import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.ValueType;

class DatabaseLifecycleTest {
  @TempDir Path dir;

  private static final List<ColumnDef> PEOPLE_COLUMNS = List.of(
      notNull("ID", ValueType.BIGINT),
      varchar("NAME", 20, true),
      EngineTestSupport.decimal("SCORE", 6, 2, true),
      nullable("BORN", ValueType.DATE),
      nullable("ACTIVE", ValueType.BOOLEAN),
      nullable("PHOTO", ValueType.VARBINARY));

  private static Object[] person(long id, String name) {
    return new Object[] {id, name, new BigDecimal("12.50"), 10_000 + (int) id, id % 2 == 0,
        new byte[] {(byte) id, 0, -1}};
  }

  private Database open() {
    return Database.open(dir, DatabaseOptions.DEFAULT);
  }

  @Test
  void definitionsAndRowsSurviveReopen() {
    final long createdBefore = System.currentTimeMillis();
    try (Database db = open()) {
      final Table people = createTable(db, "PEOPLE", PEOPLE_COLUMNS, List.of(0));
      // Inserted out of key order; the scan must come back sorted.
      insertAll(db, people, List.of(person(30, "carol"), person(10, "alice"),
          person(20, "bob"), person(-5, "zed")));
      createTable(db, "LOG", List.of(nullable("MSG", ValueType.VARCHAR)), List.of());
    }

    try (Database db = open()) {
      assertEquals(List.of("LOG", "PEOPLE"), db.catalog().names());
      final Table people = db.catalog().table("PEOPLE");
      assertNotNull(people);
      final TableDef def = people.def();
      assertEquals("PEOPLE", def.name());
      assertEquals(PEOPLE_COLUMNS, def.columns());
      assertEquals(List.of(0), def.primaryKey());
      assertTrue(def.createdMillis() >= createdBefore, "creation time persisted");
      assertEquals("DECIMAL(6, 2)", def.columns().get(2).sqlTypeName());
      assertEquals("VARCHAR(20)", def.columns().get(1).sqlTypeName());
      assertFalse(db.catalog().table("LOG").def().hasPrimaryKey());

      final List<Object[]> rows = scanAll(db, people);
      assertEquals(4, rows.size());
      final long[] ids = rows.stream().mapToLong(r -> (Long) r[0]).toArray();
      assertArrayEquals(new long[] {-5, 10, 20, 30}, ids);
      assertArrayEquals(person(20, "bob"), rows.get(2));

      try (ReadView view = db.snapshot()) {
        assertArrayEquals(person(10, "alice"), people.get(view, new Object[] {10L}));
        assertArrayEquals(person(-5, "zed"), people.get(view, new Object[] {-5L}));
        assertNull(people.get(view, new Object[] {11L}));
      }
    }
  }

  @Test
  void openingTheSameDirectoryTwiceSharesOneReferenceCountedDatabase() throws Exception {
    final Database first = open();
    final Database second = Database.open(dir.resolve(".").resolve("x").resolve(".."),
        DatabaseOptions.DEFAULT);
    try {
      assertSame(first, second, "same directory, differently spelled, is one database");
      createTable(first, "T", List.of(notNull("K", ValueType.INTEGER)), List.of(0));
      assertNotNull(second.catalog().table("T"));

      first.close();
      assertFalse(second.isClosed(), "one reference is still open");
      try (Transaction tx = second.begin()) {
        second.catalog().table("T").insert(tx, new Object[] {1});
        tx.commit();
      }
      assertEquals(1, scanAll(second, second.catalog().table("T")).size());
    } finally {
      second.close();
    }
    assertTrue(second.isClosed(), "the last close closes the store");
    assertSorrel(ErrorCode.DATABASE_CLOSED, second::snapshot);
    assertSorrel(ErrorCode.DATABASE_CLOSED, second::begin);
    second.close(); // an extra close is harmless

    try (Database again = open()) {
      assertNotSame(first, again, "a closed database is not handed out again");
      assertFalse(again.isClosed());
      assertEquals(1, scanAll(again, again.catalog().table("T")).size());
    }
  }

  @Test
  void symlinkedDirectoryIsTheSameDatabase() throws Exception {
    final Path real = Files.createDirectories(dir.resolve("real"));
    final Path link;
    try {
      link = Files.createSymbolicLink(dir.resolve("link"), real);
    } catch (UnsupportedOperationException | java.io.IOException e) {
      return; // no symlinks on this file system
    }
    try (Database a = Database.open(real, DatabaseOptions.DEFAULT);
        Database b = Database.open(link, DatabaseOptions.DEFAULT)) {
      assertSame(a, b);
    }
  }

  @Test
  void inMemoryDatabaseIsSharedByNameAndVanishesAfterLastClose() {
    final String name = uniqueMemoryName("lifecycle");
    final Database a = Database.openInMemory(name);
    final Database b = Database.openInMemory(name);
    assertSame(a, b);
    assertEquals("mem:" + name, a.name());
    try (Database other = Database.openInMemory(name + "-other")) {
      assertNotSame(a, other);
      assertTrue(other.catalog().names().isEmpty());
    }

    final Table t = createTable(a, "T", List.of(notNull("K", ValueType.BIGINT)), List.of(0));
    insertAll(a, t, List.<Object[]>of(new Object[] {1L}, new Object[] {2L}));
    a.close();
    assertFalse(b.isClosed());
    assertEquals(2, scanAll(b, b.catalog().table("T")).size());
    b.close();
    assertTrue(b.isClosed());

    try (Database reopened = Database.openInMemory(name)) {
      assertNotSame(a, reopened);
      assertTrue(reopened.catalog().names().isEmpty(), "in-memory data vanished");
      assertNull(reopened.catalog().table("T"));
    }
  }

  @Test
  void rollingBackLeavesNothing() {
    try (Database db = open()) {
      final Table kept = createTable(db, "KEPT", List.of(notNull("K", ValueType.BIGINT)),
          List.of(0));
      final long version = db.catalog().version();

      try (Transaction tx = db.begin()) {
        db.catalog().createTable(tx, "GONE", List.of(notNull("K", ValueType.BIGINT)), List.of(0));
        kept.insert(tx, new Object[] {1L});
        db.catalog().createView(tx, new ViewDef("V", "SELECT 1", List.of(), List.of(), 0), false);
        assertNull(db.catalog().table("GONE"), "not visible before commit");
        // closed without commit
      }
      assertNull(db.catalog().table("GONE"));
      assertNull(db.catalog().view("V"));
      assertTrue(scanAll(db, kept).isEmpty());
      assertEquals(version, db.catalog().version(), "a rollback is no catalog change");

      final Transaction tx = db.begin();
      kept.insert(tx, new Object[] {2L});
      tx.rollback();
      assertTrue(tx.isEnded());
      assertSorrel(ErrorCode.INVALID_TRANSACTION_STATE, tx::commit);
      assertTrue(scanAll(db, kept).isEmpty());

      // The writer lock was released by the rollbacks: a new transaction can start and commit.
      try (Transaction next = db.begin()) {
        kept.insert(next, new Object[] {3L});
        next.commit();
      }
    }
    try (Database db = open()) {
      assertEquals(List.of("KEPT"), db.catalog().names());
      final List<Object[]> rows = scanAll(db, db.catalog().table("KEPT"));
      assertEquals(1, rows.size());
      assertEquals(3L, rows.get(0)[0]);
    }
  }

  @Test
  void uncommittedWritesAreInvisibleToSnapshotsAndSnapshotsAreStable() {
    try (Database db = open()) {
      final Table t = createTable(db, "T", List.of(notNull("K", ValueType.BIGINT)), List.of(0));
      insertAll(db, t, List.<Object[]>of(new Object[] {1L}));
      try (ReadView before = db.snapshot()) {
        try (Transaction tx = db.begin()) {
          t.insert(tx, new Object[] {2L});
          assertEquals(1, scanAll(db, t).size(), "uncommitted insert invisible");
          tx.commit();
        }
        assertEquals(1, EngineTestSupport.scan(before, t, KeyRange.ALL, new int[] {0}).size(),
            "an older snapshot does not see later commits");
      }
      assertEquals(2, scanAll(db, t).size());
    }
  }

  @Test
  void dropTableRemovesDefinitionAndRowsAndIdsAreNeverReused() {
    final int firstId;
    final int secondId;
    try (Database db = open()) {
      final Table t = createTable(db, "T", List.of(notNull("K", ValueType.BIGINT),
          nullable("V", ValueType.VARCHAR)), List.of(0));
      firstId = t.id();
      final List<Object[]> rows = new ArrayList<>();
      for (long i = 0; i < 100; i++) {
        rows.add(new Object[] {i, "row " + i});
      }
      insertAll(db, t, rows);
      final Table other = createTable(db, "OTHER", List.of(notNull("K", ValueType.BIGINT)),
          List.of(0));
      insertAll(db, other, List.<Object[]>of(new Object[] {7L}));

      final long version = db.catalog().version();
      try (Transaction tx = db.begin()) {
        db.catalog().dropTable(tx, "T");
        assertNotNull(db.catalog().table("T"), "still there until commit");
        tx.commit();
      }
      assertTrue(db.catalog().version() > version);
      assertNull(db.catalog().table("T"));
      assertTrue(t.isDropped());
      try (ReadView view = db.snapshot()) {
        assertSorrel(ErrorCode.OBJECT_NOT_FOUND, () -> t.scan(view, KeyRange.ALL, new int[] {0}));
        assertSorrel(ErrorCode.OBJECT_NOT_FOUND, () -> t.get(view, new Object[] {1L}));
      }
      try (Transaction tx = db.begin()) {
        assertSorrel(ErrorCode.OBJECT_NOT_FOUND, () -> t.insert(tx, new Object[] {1000L, "x"}));
        assertSorrel(ErrorCode.OBJECT_NOT_FOUND, () -> db.catalog().dropTable(tx, "T"));
      }

      final Table recreated = createTable(db, "T", List.of(notNull("K", ValueType.BIGINT),
          nullable("V", ValueType.VARCHAR)), List.of(0));
      secondId = recreated.id();
      assertNotEquals(firstId, secondId);
      assertTrue(secondId > other.id(), "ids only grow");
      assertTrue(scanAll(db, recreated).isEmpty(), "a recreated table starts empty");
      assertEquals(1, scanAll(db, other).size(), "other tables keep their rows");
    }

    try (Database db = open()) {
      final Table recreated = db.catalog().table("T");
      assertEquals(secondId, recreated.id());
      assertTrue(scanAll(db, recreated).isEmpty(), "still empty after reopen");
      assertEquals(1, scanAll(db, db.catalog().table("OTHER")).size());
      try (Transaction tx = db.begin()) {
        db.catalog().dropTable(tx, "T");
        db.catalog().dropTable(tx, "OTHER");
        tx.commit();
      }
      assertTrue(db.catalog().names().isEmpty());
    }

    try (Database db = open()) {
      assertTrue(db.catalog().names().isEmpty());
      // After dropping everything and reopening, a new table still gets a fresh id.
      final Table third = createTable(db, "T", List.of(notNull("K", ValueType.BIGINT),
          nullable("V", ValueType.VARCHAR)), List.of(0));
      assertTrue(third.id() > secondId, "id " + third.id() + " reused after reopen");
      assertTrue(scanAll(db, third).isEmpty());
    }
  }

  @Test
  void dropTableRollbackKeepsEverything() {
    try (Database db = open()) {
      final Table t = createTable(db, "T", List.of(notNull("K", ValueType.BIGINT)), List.of(0));
      insertAll(db, t, List.<Object[]>of(new Object[] {1L}));
      try (Transaction tx = db.begin()) {
        db.catalog().dropTable(tx, "T");
      }
      assertSame(t, db.catalog().table("T"));
      assertFalse(t.isDropped());
      assertEquals(1, scanAll(db, t).size());
    }
    try (Database db = open()) {
      assertEquals(1, scanAll(db, db.catalog().table("T")).size());
    }
  }

  @Test
  void viewsArePersistedAndDropped() {
    final ViewDef adults = new ViewDef("ADULTS", "SELECT * FROM PEOPLE WHERE AGE >= 18",
        List.of("ID", "NAME"), List.of("PUBLIC"), 1234L);
    final ViewDef names = new ViewDef("NAMES", "SELECT NAME FROM PEOPLE", List.of(),
        List.of(), 99L);
    try (Database db = open()) {
      createTable(db, "PEOPLE", List.of(notNull("ID", ValueType.BIGINT)), List.of(0));
      try (Transaction tx = db.begin()) {
        db.catalog().createView(tx, adults, false);
        db.catalog().createView(tx, names, false);
        tx.commit();
      }
      assertEquals(adults, db.catalog().view("ADULTS"));
    }
    try (Database db = open()) {
      assertEquals(adults, db.catalog().view("ADULTS"));
      assertEquals(names, db.catalog().view("NAMES"));
      assertEquals(List.of(adults, names), List.copyOf(db.catalog().views()));
      assertEquals(List.of("ADULTS", "NAMES", "PEOPLE"), db.catalog().names());

      // Name clashes with tables and views.
      try (Transaction tx = db.begin()) {
        assertSorrel(ErrorCode.OBJECT_ALREADY_EXISTS, () -> db.catalog().createView(tx,
            new ViewDef("PEOPLE", "SELECT 1", List.of(), List.of(), 0), true));
        assertSorrel(ErrorCode.OBJECT_ALREADY_EXISTS, () -> db.catalog().createView(tx,
            new ViewDef("NAMES", "SELECT 2", List.of(), List.of(), 0), false));
        assertSorrel(ErrorCode.OBJECT_ALREADY_EXISTS, () -> db.catalog().createTable(tx,
            "NAMES", List.of(notNull("K", ValueType.BIGINT)), List.of(0)));
        assertSorrel(ErrorCode.OBJECT_NOT_FOUND, () -> db.catalog().dropView(tx, "NOPE"));
      }

      final ViewDef replaced = new ViewDef("NAMES", "SELECT ID FROM PEOPLE", List.of("X"),
          List.of(), 100L);
      try (Transaction tx = db.begin()) {
        db.catalog().createView(tx, replaced, true);
        db.catalog().dropView(tx, "ADULTS");
        tx.commit();
      }
      assertNull(db.catalog().view("ADULTS"));
      assertEquals(replaced, db.catalog().view("NAMES"));
    }
    try (Database db = open()) {
      assertNull(db.catalog().view("ADULTS"));
      assertEquals(replaced(), db.catalog().view("NAMES"));
      assertEquals(List.of("NAMES", "PEOPLE"), db.catalog().names());
    }
  }

  private static ViewDef replaced() {
    return new ViewDef("NAMES", "SELECT ID FROM PEOPLE", List.of("X"), List.of(), 100L);
  }

  @Test
  void catalogVersionIncreasesOnEachCommittedChange() {
    try (Database db = Database.openInMemory(uniqueMemoryName("version"))) {
      final Catalog catalog = db.catalog();
      long last = catalog.version();

      createTable(db, "A", List.of(notNull("K", ValueType.BIGINT)), List.of(0));
      last = assertIncreased(catalog, last, "create table");

      try (Transaction tx = db.begin()) {
        catalog.createView(tx, new ViewDef("V", "SELECT 1", List.of(), List.of(), 0), false);
        assertEquals(last, catalog.version(), "not before commit");
        tx.commit();
      }
      last = assertIncreased(catalog, last, "create view");

      try (Transaction tx = db.begin()) {
        catalog.createView(tx, new ViewDef("V", "SELECT 2", List.of(), List.of(), 0), true);
        tx.commit();
      }
      last = assertIncreased(catalog, last, "replace view");

      try (Transaction tx = db.begin()) {
        catalog.dropView(tx, "V");
        tx.commit();
      }
      last = assertIncreased(catalog, last, "drop view");

      // Data changes are not definition changes.
      insertAll(db, catalog.table("A"), List.<Object[]>of(new Object[] {1L}));
      assertEquals(last, catalog.version(), "insert is not a catalog change");

      try (Transaction tx = db.begin()) {
        catalog.dropTable(tx, "A");
        tx.commit();
      }
      last = assertIncreased(catalog, last, "drop table");

      try (Transaction tx = db.begin()) {
        catalog.createTable(tx, "B", List.of(notNull("K", ValueType.BIGINT)), List.of(0));
        tx.rollback();
      }
      assertEquals(last, catalog.version(), "rolled back change");
    }
  }

  private static long assertIncreased(Catalog catalog, long before, String what) {
    final long now = catalog.version();
    assertTrue(now > before, what + ": version " + now + " should exceed " + before);
    return now;
  }

  @Test
  void tablesAreListedByName() {
    try (Database db = Database.openInMemory(uniqueMemoryName("names"))) {
      for (String name : List.of("ZETA", "ALPHA", "MID")) {
        createTable(db, name, List.of(notNull("K", ValueType.BIGINT)), List.of(0));
      }
      assertEquals(List.of("ALPHA", "MID", "ZETA"),
          db.catalog().tables().stream().map(Table::name).toList());
      assertEquals("MID", db.catalog().table("MID").toString());
      assertNull(db.catalog().table("mid"), "names match exactly");
    }
  }

  @Test
  void extensionIsCreatedOnceAndClosedWithTheDatabase() {
    final Database db = Database.openInMemory(uniqueMemoryName("ext"));
    final int[] created = {0};
    final boolean[] closed = {false};
    final class Cache implements AutoCloseable {
      @Override public void close() {
        closed[0] = true;
      }
    }
    final Cache a = db.extension(Cache.class, d -> {
      created[0]++;
      return new Cache();
    });
    final Cache b = db.extension(Cache.class, d -> {
      created[0]++;
      return new Cache();
    });
    assertSame(a, b);
    assertEquals(1, created[0]);
    assertFalse(closed[0]);
    db.close();
    assertTrue(closed[0]);
  }
}
