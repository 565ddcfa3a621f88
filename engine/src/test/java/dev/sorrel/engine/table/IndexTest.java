package dev.sorrel.engine.table;

import static dev.sorrel.engine.EngineTestSupport.allColumns;
import static dev.sorrel.engine.EngineTestSupport.assertSorrel;
import static dev.sorrel.engine.EngineTestSupport.createTable;
import static dev.sorrel.engine.EngineTestSupport.decimal;
import static dev.sorrel.engine.EngineTestSupport.insertAll;
import static dev.sorrel.engine.EngineTestSupport.notNull;
import static dev.sorrel.engine.EngineTestSupport.nullable;
import static dev.sorrel.engine.EngineTestSupport.scanAll;
import static dev.sorrel.engine.EngineTestSupport.uniqueMemoryName;
import static dev.sorrel.engine.table.KeyPredicate.Operator.EQUAL;
import static dev.sorrel.engine.table.KeyPredicate.Operator.GREATER;
import static dev.sorrel.engine.table.KeyPredicate.Operator.GREATER_OR_EQUAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.IndexDef;
import dev.sorrel.engine.table.KeyPredicate.Constant;
import dev.sorrel.engine.table.KeyPredicate.Operand;
import dev.sorrel.engine.table.KeyPredicate.Operator;
import dev.sorrel.engine.table.KeyPredicate.Parameter;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.ValueType;

/**
 * Secondary indexes: their entries follow every write, unique ones refuse
 * duplicates (but not NULLs), and the paths through them read every row the
 * predicates keep, once.
 */
class IndexTest {
  private static final String[] TEXTS = {"", "a", "ab", "b", "z", "\u00E9", "\uE000",
      "\uFFFC", "\uD83D\uDE00", "\uD83D\uDE00x", "a\uD83D\uDE00", "A"};

  private Database db;

  @BeforeEach
  void openDatabase() {
    db = Database.openInMemory(uniqueMemoryName("index"));
  }

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  private static List<ColumnDef> columns() {
    return List.of(notNull("ID", ValueType.BIGINT), nullable("A", ValueType.INTEGER),
        nullable("S", ValueType.VARCHAR), nullable("D", ValueType.DOUBLE),
        decimal("M", 10, 2, true));
  }

  private IndexDef createIndex(String name, String table, List<String> columns,
      List<Boolean> descending, boolean unique) {
    try (Transaction tx = db.begin()) {
      final IndexDef def = db.catalog().createIndex(tx, name, table, columns, descending,
          unique);
      tx.commit();
      return def;
    }
  }

  /** Every row an index's entries lead to, in index order. */
  private static List<Object[]> throughIndex(Database db, Table table, IndexDef index) {
    final AccessPath whole = AccessPath.index(index, List.of("?"), List.of(), null, true,
        null, true, List.of());
    final List<Object[]> rows = new ArrayList<>();
    try (ReadView view = db.snapshot()) {
      for (KeyRange range : whole.ranges(i -> null)) {
        try (Table.RowCursor cursor = table.scan(view, whole, range, allColumns(table))) {
          while (cursor.next()) {
            rows.add(cursor.row().clone());
          }
        }
      }
    }
    return rows;
  }

  private static List<List<Object>> sorted(List<Object[]> rows) {
    final List<List<Object>> out = new ArrayList<>();
    for (Object[] row : rows) {
      out.add(Arrays.asList(row.clone()));
    }
    out.sort((x, y) -> x.toString().compareTo(y.toString()));
    return out;
  }

  private static void assertIndexesAgreeWithRows(Database db, Table table) {
    final List<List<Object>> rows = sorted(scanAll(db, table));
    for (IndexDef index : table.indexes()) {
      assertEquals(rows, sorted(throughIndex(db, table, index)), "index " + index.name());
    }
  }

  // ------------------------------------------------------------------ maintenance

  private Object randomValue(Random random, int column) {
    if (random.nextInt(5) == 0) {
      return null;
    }
    return switch (column) {
      case 1 -> random.nextInt(7) - 3;
      case 2 -> TEXTS[random.nextInt(TEXTS.length)];
      case 3 -> random.nextInt(4) == 0 ? -0.0d : (random.nextInt(9) - 4) / 2.0;
      default -> new BigDecimal(random.nextInt(2000) - 1000).movePointLeft(2);
    };
  }

  /**
   * Random inserts, updates (of indexed columns and keys) and deletes, on a
   * keyed and a keyless table with plain, descending, composite and unique
   * indexes: afterwards every index leads to exactly the table's rows, and
   * paths over random predicates read every row they keep, once.
   */
  @Test void entriesFollowEveryWriteAndPathsReadEveryKeptRowOnce() {
    for (boolean keyed : new boolean[] {true, false}) {
      final String name = keyed ? "KEYED" : "KEYLESS";
      final Table table = createTable(db, name, columns(), keyed ? List.of(0) : List.of());
      createIndex(name + "_A", name, List.of("A"), List.of(false), false);
      createIndex(name + "_S", name, List.of("S"), List.of(true), false);
      createIndex(name + "_AS", name, List.of("A", "S", "D"), List.of(false, true, false),
          false);
      createIndex(name + "_M", name, List.of("M"), List.of(false), true);
      final Random random = new Random(keyed ? 7 : 8);
      long nextId = 0;
      for (int round = 0; round < 60; round++) {
        final List<Object[]> current = scanAll(db, table);
        try (Transaction tx = db.begin()) {
          final int op = random.nextInt(3);
          if (op == 0 || current.isEmpty()) {
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
              final Object[] row = {nextId++, randomValue(random, 1), randomValue(random, 2),
                  randomValue(random, 3), null};
              table.insert(tx, row);
            }
          } else {
            final List<Object[]> old = new ArrayList<>();
            final List<Object[]> updated = new ArrayList<>();
            for (Object[] row : current) {
              if (random.nextInt(3) == 0) {
                old.add(row);
                final Object[] after = row.clone();
                final int column = 1 + random.nextInt(3);
                after[column] = randomValue(random, column);
                if (random.nextInt(4) == 0) {
                  after[0] = (Long) after[0] + 1000;
                }
                if (random.nextInt(3) == 0) {
                  after[4] = randomValue(random, 4);
                }
                updated.add(after);
              }
            }
            if (op == 1) {
              table.deleteRows(tx, old);
            } else {
              try {
                table.updateRows(tx, old, updated);
              } catch (dev.sorrel.engine.SorrelException e) {
                assertEquals(ErrorCode.DUPLICATE_KEY, e.code(), e.getMessage());
                continue; // rolled back
              }
            }
          }
          tx.commit();
        } catch (dev.sorrel.engine.SorrelException e) {
          assertEquals(ErrorCode.DUPLICATE_KEY, e.code(), e.getMessage());
        }
        assertIndexesAgreeWithRows(db, table);
      }
      checkPaths(table, new Random(keyed ? 9 : 10));
    }
  }

  private void checkPaths(Table table, Random random) {
    final List<Object[]> rows = scanAll(db, table);
    final Operator[] operators = Operator.values();
    int viaIndex = 0;
    for (int round = 0; round < 1_500; round++) {
      final List<KeyPredicate> predicates = new ArrayList<>();
      final Map<Integer, Object> parameters = new HashMap<>();
      for (int i = 0; i < 1 + random.nextInt(3); i++) {
        final int column = 1 + random.nextInt(3);
        final Operator operator = operators[random.nextInt(operators.length)];
        final List<Operand> operands = new ArrayList<>();
        for (int j = 0; j < (operator == Operator.IN ? 1 + random.nextInt(3) : 1); j++) {
          Object value = randomValue(random, column);
          if (value == null) {
            value = column == 2 ? "a" : 1;
          } else if (column == 1 && random.nextInt(4) == 0) {
            value = random.nextBoolean() ? new BigDecimal("1.5") : 2.0d; // mixed numeric types
          }
          if (random.nextBoolean()) {
            operands.add(new Constant(value));
          } else {
            parameters.put(parameters.size(), value);
            operands.add(new Parameter(parameters.size() - 1));
          }
        }
        predicates.add(new KeyPredicate(column, operator, operands));
      }
      final AccessPath path = table.accessPath(predicates);
      if (path.index() != null) {
        viaIndex++;
      }
      final List<List<Object>> read = new ArrayList<>();
      try (ReadView view = db.snapshot()) {
        for (KeyRange range : path.ranges(parameters::get)) {
          try (Table.RowCursor cursor = table.scan(view, path, range, allColumns(table))) {
            while (cursor.next()) {
              read.add(Arrays.asList(cursor.row().clone()));
            }
          }
        }
      }
      final List<List<Object>> kept = new ArrayList<>();
      for (Object[] row : rows) {
        if (keeps(predicates, row, parameters)) {
          kept.add(Arrays.asList(row));
        }
      }
      final List<List<Object>> keptRead = new ArrayList<>(read);
      keptRead.removeIf(r -> !keeps(predicates, r.toArray(), parameters));
      assertEquals(sorted(rowsOf(kept)), sorted(rowsOf(keptRead)),
          () -> "path " + path + " for " + predicates + " with " + parameters);
    }
    assertTrue(viaIndex > 300, "paths through an index: " + viaIndex);
  }

  private static List<Object[]> rowsOf(List<List<Object>> rows) {
    final List<Object[]> out = new ArrayList<>();
    for (List<Object> row : rows) {
      out.add(row.toArray());
    }
    return out;
  }

  /** SQL semantics: NULL never compares; numbers by value; strings by UTF-16 units. */
  private static boolean keeps(List<KeyPredicate> predicates, Object[] row,
      Map<Integer, Object> parameters) {
    for (KeyPredicate p : predicates) {
      final Object cell = row[p.column()];
      boolean any = false;
      for (Operand operand : p.operands()) {
        final Object value = operand instanceof Constant c ? c.value()
            : parameters.get(((Parameter) operand).index());
        if (cell == null || value == null) {
          continue;
        }
        final int cmp = cell instanceof String s ? s.compareTo((String) value)
            : new BigDecimal(cell.toString()).compareTo(new BigDecimal(value.toString()));
        any |= switch (p.operator()) {
          case EQUAL, IN -> cmp == 0;
          case LESS -> cmp < 0;
          case LESS_OR_EQUAL -> cmp <= 0;
          case GREATER -> cmp > 0;
          case GREATER_OR_EQUAL -> cmp >= 0;
        };
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ uniqueness

  @Test void uniqueIndexRefusesDuplicatesButNotNulls() {
    final Table table = createTable(db, "U", columns(), List.of(0));
    createIndex("U_M", "U", List.of("M"), List.of(false), true);
    insertAll(db, table, List.of(new Object[] {1L, null, null, null, new BigDecimal("1.5")},
        new Object[] {2L, null, null, null, null}, new Object[] {3L, null, null, null, null}));
    final dev.sorrel.engine.SorrelException e = assertSorrel(ErrorCode.DUPLICATE_KEY,
        () -> insertAll(db, table, List.<Object[]>of(
            new Object[] {4L, null, null, null, new BigDecimal("1.50")})));
    assertEquals("duplicate key (M)=(1.50) violates unique index U_M of table U",
        e.getMessage());
    assertEquals(3, scanAll(db, table).size(), "the refused row left nothing");
    // Moving every value up by one does not collide with itself.
    try (Transaction tx = db.begin()) {
      final List<Object[]> old = scanAll(db, table);
      final List<Object[]> updated = new ArrayList<>();
      for (Object[] row : old) {
        final Object[] after = row.clone();
        after[4] = row[4] == null ? null : ((BigDecimal) row[4]).add(BigDecimal.ONE);
        after[0] = (Long) row[0] + 1;
        updated.add(after);
      }
      table.updateRows(tx, old, updated);
      tx.commit();
    }
    assertIndexesAgreeWithRows(db, table);
    assertEquals(new BigDecimal("2.50"), scanAll(db, table).get(0)[4]);
  }

  @Test void uniqueIndexOverDuplicateRowsIsNotCreated() {
    final Table table = createTable(db, "D", columns(), List.of(0));
    insertAll(db, table, List.of(new Object[] {1L, 5, null, null, null},
        new Object[] {2L, 5, null, null, null}));
    final dev.sorrel.engine.SorrelException e = assertSorrel(ErrorCode.DUPLICATE_KEY,
        () -> createIndex("D_A", "D", List.of("A"), List.of(false), true));
    assertTrue(e.getMessage().startsWith("cannot create unique index D_A: duplicate key (A)=(5)"),
        e.getMessage());
    assertNull(db.catalog().index("D_A"));
    assertEquals(List.of(), table.indexes());
    // Nothing was left in the index's key space: a non-unique index of the same name works.
    createIndex("D_A", "D", List.of("A"), List.of(false), false);
    assertIndexesAgreeWithRows(db, table);
  }

  // ------------------------------------------------------------------ paths

  @Test void pathsPreferThePrimaryKeyThenTheNarrowestIndex() {
    final Table table = createTable(db, "P", columns(), List.of(0));
    createIndex("P_A", "P", List.of("A"), List.of(false), false);
    createIndex("P_AS", "P", List.of("A", "S"), List.of(false, false), false);
    createIndex("P_M", "P", List.of("M"), List.of(false), true);
    final KeyPredicate id = KeyPredicate.of(0, EQUAL, new Constant(1L));
    final KeyPredicate a = KeyPredicate.of(1, EQUAL, new Parameter(0));
    final KeyPredicate s = KeyPredicate.of(2, GREATER, new Constant("b"));
    final KeyPredicate m = KeyPredicate.of(4, EQUAL, new Constant(new BigDecimal("2.5")));
    assertEquals("point lookup ID = 1", table.accessPath(List.of(a, id)).describe());
    assertEquals("index P_A: A = ?0", table.accessPath(List.of(a)).describe());
    assertEquals("index P_AS: A = ?0 AND 'b' < S", table.accessPath(List.of(s, a)).describe());
    assertEquals("index P_M: M = 2.5", table.accessPath(List.of(a, m)).describe());
    assertEquals(1d, table.accessPath(List.of(m)).estimatedRows(10_000));
    assertEquals("index P_A: A IN (1, 2)", table.accessPath(List.of(KeyPredicate.in(1,
        List.of(new Constant(1), new Constant(2))))).describe());
    assertEquals("index P_A: 3 <= A", table.accessPath(List.of(
        KeyPredicate.of(1, GREATER_OR_EQUAL, new Constant(3)))).describe());
    assertTrue(table.accessPath(List.of(KeyPredicate.of(2, EQUAL, new Constant("x"))))
        .isFull(), "S is not a leading column");
  }

  // ------------------------------------------------------------------ catalog

  @Test void indexesPersistAndDroppedOnesLeaveNothing(@TempDir Path dir) {
    db.close();
    db = Database.open(dir, DatabaseOptions.DEFAULT);
    final Table table = createTable(db, "R", columns(), List.of(0));
    insertAll(db, table, List.of(new Object[] {1L, 1, "x", null, null},
        new Object[] {2L, 2, "y", null, null}));
    createIndex("R_A", "R", List.of("A"), List.of(true), false);
    createIndex("R_S", "R", List.of("S"), List.of(false), true);
    db.close();
    db = Database.open(dir, DatabaseOptions.DEFAULT);
    final Table reopened = db.catalog().table("R");
    assertEquals(List.of("R_A", "R_S"), reopened.indexes().stream().map(IndexDef::name).toList());
    assertEquals(List.of("A DESC"), db.catalog().index("R_A")
        .describeColumns(reopened.columns()));
    assertIndexesAgreeWithRows(db, reopened);
    assertSorrel(ErrorCode.DUPLICATE_KEY, () -> insertAll(db, reopened, List.<Object[]>of(
        new Object[] {3L, 3, "x", null, null})));
    try (Transaction tx = db.begin()) {
      db.catalog().dropIndex(tx, "R_S");
      tx.commit();
    }
    insertAll(db, reopened, List.<Object[]>of(new Object[] {3L, 3, "x", null, null}));
    try (Transaction tx = db.begin()) {
      db.catalog().dropTable(tx, "R");
      tx.commit();
    }
    assertEquals(List.of(), List.copyOf(db.catalog().indexes()));
    try (ReadView view = db.snapshot();
         dev.sorrel.storage.KvCursor cursor = view.scan(dev.sorrel.storage.Space.INDEX, null,
             null)) {
      assertTrue(!cursor.next(), "no index entry is left");
    }
  }

  @Test void indexNamesShareTheNamespaceOfTables() {
    createTable(db, "T", columns(), List.of(0));
    assertSorrel(ErrorCode.OBJECT_ALREADY_EXISTS,
        () -> createIndex("T", "T", List.of("A"), List.of(false), false));
    createIndex("T_A", "T", List.of("A"), List.of(false), false);
    assertSorrel(ErrorCode.OBJECT_ALREADY_EXISTS,
        () -> createTable(db, "T_A", columns(), List.of(0)));
    assertSorrel(ErrorCode.COLUMN_NOT_FOUND,
        () -> createIndex("T_X", "T", List.of("X"), List.of(false), false));
    assertSorrel(ErrorCode.OBJECT_NOT_FOUND,
        () -> createIndex("NOPE_A", "NOPE", List.of("A"), List.of(false), false));
  }

  /** A transaction that creates an index keeps it in its own later writes. */
  @Test void writesAfterCreatingAnIndexInTheSameTransactionKeepIt() {
    final Table table = createTable(db, "W", columns(), List.of(0));
    try (Transaction tx = db.begin()) {
      db.catalog().createIndex(tx, "W_A", "W", List.of("A"), List.of(false), true);
      table.insert(tx, new Object[] {1L, 7, null, null, null});
      assertSorrel(ErrorCode.DUPLICATE_KEY,
          () -> table.insert(tx, new Object[] {2L, 7, null, null, null}));
      tx.commit();
    }
    assertIndexesAgreeWithRows(db, table);
    try (Transaction tx = db.begin()) {
      table.insert(tx, new Object[] {3L, 8, null, null, null});
      assertSorrel(ErrorCode.FEATURE_NOT_SUPPORTED, () -> db.catalog().createIndex(tx, "W_S",
          "W", List.of("S"), List.of(false), false));
    }
  }
}
