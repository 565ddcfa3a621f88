package dev.sorrel.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sorrel.storage.KeyEncoder;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.Store;

/**
 * The definitions of a database (tables and views), persisted as JSON in
 * {@link Space#META} next to the data they describe and changed in the same
 * write batch as it, so a definition and its rows can never disagree after a
 * crash.
 *
 * <p>Readers see an immutable map that is swapped on each committed change,
 * so lookups take no lock. {@link #version()} increases on every change, for
 * caches of anything derived from definitions (query plans).
 */
public final class Catalog {
  private static final String TABLE_PREFIX = "table/";
  private static final String VIEW_PREFIX = "view/";
  private static final byte[] NEXT_TABLE_ID = key("counter/next-table-id");
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Database database;
  private volatile Map<String, Table> tables = Map.of();
  private volatile Map<String, ViewDef> views = Map.of();
  private int nextTableId;
  private final AtomicLong version = new AtomicLong();

  Catalog(Database database) {
    this.database = database;
  }

  /** Loads every definition, and clears the rows of tables dropped before a crash. */
  void load(Store store) {
    final Map<String, Table> loadedTables = new TreeMap<>();
    final Map<String, ViewDef> loadedViews = new TreeMap<>();
    try (ReadView view = store.snapshot()) {
      final byte[] counter = view.get(Space.META, NEXT_TABLE_ID);
      nextTableId = counter == null ? 1 : Integer.parseInt(new String(counter,
          StandardCharsets.US_ASCII));
      try (KvCursor cursor = view.scan(Space.META, null, null)) {
        while (cursor.next()) {
          final String key = new String(cursor.key(), StandardCharsets.UTF_8);
          if (key.startsWith(TABLE_PREFIX)) {
            final TableDef def = read(cursor.value(), TableDef.class, key);
            final long nextRowId = def.hasPrimaryKey() ? 0 : Table.scanNextRowId(view, def.id());
            loadedTables.put(def.name(), new Table(database, def, nextRowId));
          } else if (key.startsWith(VIEW_PREFIX)) {
            final ViewDef def = read(cursor.value(), ViewDef.class, key);
            loadedViews.put(def.name(), def);
          }
        }
      }
    }
    tables = Map.copyOf(loadedTables);
    views = Map.copyOf(loadedViews);
    reclaimDroppedTables(store);
  }

  /**
   * Deletes the rows of every table id that is no longer defined. DROP TABLE
   * removes the definition atomically and the rows right after; this finishes
   * the second step if the process died between the two.
   */
  private void reclaimDroppedTables(Store store) {
    final boolean[] live = new boolean[nextTableId + 1];
    for (Table table : tables.values()) {
      live[table.id()] = true;
    }
    int start = -1;
    for (int id = 0; id <= nextTableId; id++) {
      if (!live[id] && start < 0) {
        start = id;
      } else if (live[id] && start >= 0) {
        store.deleteRange(Space.DATA, Table.prefixOf(start), Table.prefixOf(id));
        start = -1;
      }
    }
    if (start >= 0) {
      store.deleteRange(Space.DATA, Table.prefixOf(start),
          KeyEncoder.successor(Table.prefixOf(nextTableId)));
    }
  }

  private static <T> T read(byte[] bytes, Class<T> type, String key) {
    try {
      return JSON.readValue(bytes, type);
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.IO_ERROR,
          "corrupt catalog entry " + key + ": " + e.getMessage(), e);
    }
  }

  private static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "cannot serialize " + value, e);
    }
  }

  private static byte[] key(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] tableKey(int id) {
    return key(String.format(java.util.Locale.ROOT, "%s%010d", TABLE_PREFIX, id));
  }

  /** Marks a committed change of definitions kept elsewhere (models). */
  void definitionsChanged() {
    version.incrementAndGet();
  }

  /** Increases on every committed definition change. */
  public long version() {
    return version.get();
  }

  public Table table(String name) {
    return tables.get(name);
  }

  /** Tables sorted by name. */
  public Collection<Table> tables() {
    return new TreeMap<>(tables).values();
  }

  public ViewDef view(String name) {
    return views.get(name);
  }

  /** Views sorted by name. */
  public Collection<ViewDef> views() {
    return new TreeMap<>(views).values();
  }

  private void checkNameFree(Transaction tx, String name) {
    if (tables.containsKey(name) || views.containsKey(name)) {
      throw new SorrelException(ErrorCode.OBJECT_ALREADY_EXISTS,
          (tables.containsKey(name) ? "table " : "view ") + name + " already exists");
    }
    if (!tx.claimName(name)) {
      throw new SorrelException(ErrorCode.OBJECT_ALREADY_EXISTS,
          name + " is already created in this transaction");
    }
  }

  /** Creates a table; it exists for everyone once {@code tx} commits. */
  public TableDef createTable(Transaction tx, String name, List<ColumnDef> columns,
      List<Integer> primaryKey) {
    checkNameFree(tx, name);
    TableDef.validate(name, columns, primaryKey);
    final int id = nextTableId;
    final TableDef def = new TableDef(id, name, columns, primaryKey, System.currentTimeMillis());
    tx.storage().put(Space.META, tableKey(id), write(def));
    tx.storage().put(Space.META, NEXT_TABLE_ID,
        Integer.toString(id + 1).getBytes(StandardCharsets.US_ASCII));
    nextTableId = id + 1;
    tx.afterCommit(() -> publishTables(t -> t.put(name, new Table(database, def, 1))));
    return def;
  }

  /** Drops a table and, once committed, its rows. */
  public void dropTable(Transaction tx, String name) {
    final Table table = tables.get(name);
    if (table == null) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "table " + name + " does not exist");
    }
    tx.storage().delete(Space.META, tableKey(table.id()));
    tx.afterCommit(() -> {
      publishTables(t -> t.remove(name));
      table.markDropped();
      database.store().deleteRange(Space.DATA, Table.prefixOf(table.id()),
          KeyEncoder.successor(Table.prefixOf(table.id())));
    });
  }

  /** Creates or (with {@code replace}) replaces a view. */
  public void createView(Transaction tx, ViewDef def, boolean replace) {
    if (tables.containsKey(def.name())) {
      throw new SorrelException(ErrorCode.OBJECT_ALREADY_EXISTS,
          "table " + def.name() + " already exists");
    }
    if (views.containsKey(def.name()) && !replace) {
      throw new SorrelException(ErrorCode.OBJECT_ALREADY_EXISTS,
          "view " + def.name() + " already exists");
    }
    if (!tx.claimName(def.name())) {
      throw new SorrelException(ErrorCode.OBJECT_ALREADY_EXISTS,
          def.name() + " is already created in this transaction");
    }
    tx.storage().put(Space.META, key(VIEW_PREFIX + def.name()), write(def));
    tx.afterCommit(() -> publishViews(v -> v.put(def.name(), def)));
  }

  public void dropView(Transaction tx, String name) {
    if (!views.containsKey(name)) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "view " + name + " does not exist");
    }
    tx.storage().delete(Space.META, key(VIEW_PREFIX + name));
    tx.afterCommit(() -> publishViews(v -> v.remove(name)));
  }

  private synchronized void publishTables(java.util.function.Consumer<Map<String, Table>> change) {
    final Map<String, Table> copy = new TreeMap<>(tables);
    change.accept(copy);
    tables = Map.copyOf(copy);
    version.incrementAndGet();
  }

  private synchronized void publishViews(java.util.function.Consumer<Map<String, ViewDef>> change) {
    final Map<String, ViewDef> copy = new TreeMap<>(views);
    change.accept(copy);
    views = Map.copyOf(copy);
    version.incrementAndGet();
  }

  /** Names of all tables and views, for messages that say what exists. */
  public List<String> names() {
    final List<String> names = new ArrayList<>(tables.keySet());
    names.addAll(views.keySet());
    names.sort(null);
    return names;
  }
}
