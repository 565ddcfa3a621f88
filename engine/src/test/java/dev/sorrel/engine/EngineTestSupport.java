package dev.sorrel.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.function.Executable;

import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.ValueType;

/** Small helpers shared by the engine tests. */
public final class EngineTestSupport {
  private static final AtomicInteger MEMORY_NAMES = new AtomicInteger();

  private EngineTestSupport() {
  }

  /** A name for an in-memory database no other test uses. */
  public static String uniqueMemoryName(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + MEMORY_NAMES.incrementAndGet();
  }

  public static ColumnDef notNull(String name, ValueType type) {
    return new ColumnDef(name, type, -1, 0, false, null);
  }

  public static ColumnDef nullable(String name, ValueType type) {
    return new ColumnDef(name, type, -1, 0, true, null);
  }

  public static ColumnDef varchar(String name, int length, boolean nullable) {
    return new ColumnDef(name, ValueType.VARCHAR, length, 0, nullable, null);
  }

  public static ColumnDef decimal(String name, int precision, int scale, boolean nullable) {
    return new ColumnDef(name, ValueType.DECIMAL, precision, scale, nullable, null);
  }

  /** Creates a table in its own committed transaction and returns the live table. */
  public static Table createTable(Database db, String name, List<ColumnDef> columns,
      List<Integer> primaryKey) {
    try (Transaction tx = db.begin()) {
      db.catalog().createTable(tx, name, columns, primaryKey);
      tx.commit();
    }
    return db.catalog().table(name);
  }

  /** Inserts rows in one committed transaction. */
  public static void insertAll(Database db, Table table, List<Object[]> rows) {
    try (Transaction tx = db.begin()) {
      for (Object[] row : rows) {
        table.insert(tx, row);
      }
      tx.commit();
    }
  }

  public static int[] allColumns(Table table) {
    return IntStream.range(0, table.columns().size()).toArray();
  }

  /** Every row of a range, all columns, in scan order, from a fresh snapshot. */
  public static List<Object[]> scan(Database db, Table table, KeyRange range) {
    try (ReadView view = db.snapshot()) {
      return scan(view, table, range, allColumns(table));
    }
  }

  public static List<Object[]> scan(ReadView view, Table table, KeyRange range, int[] projection) {
    final List<Object[]> rows = new ArrayList<>();
    try (Table.RowCursor cursor = table.scan(view, range, projection)) {
      while (cursor.next()) {
        rows.add(cursor.row().clone());
      }
    }
    return rows;
  }

  public static List<Object[]> scanAll(Database db, Table table) {
    return scan(db, table, KeyRange.ALL);
  }

  /** Asserts that {@code executable} throws a SorrelException with the given code. */
  public static SorrelException assertSorrel(ErrorCode code, Executable executable) {
    final SorrelException e = assertThrows(SorrelException.class, executable);
    if (e.code() != code) {
      throw new AssertionError("expected error code " + code + " but got " + e.code()
          + ": " + e.getMessage(), e);
    }
    return e;
  }
}
