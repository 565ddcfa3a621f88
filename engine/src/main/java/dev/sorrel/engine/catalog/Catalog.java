package dev.sorrel.engine.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.feature.FeatureView;
import dev.sorrel.engine.feature.FeatureViewStats;
import dev.sorrel.engine.feature.segment.HistorySegments;
import dev.sorrel.engine.table.IdentityCounters;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.CheckedRecord;
import dev.sorrel.storage.KeyEncoder;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.StorageException;
import dev.sorrel.storage.Store;

/**
 * The definitions of a database (tables, their indexes, and views), persisted as JSON in
 * {@link Space#META} next to the data they describe and changed in the same
 * write batch as it, so a definition and its rows can never disagree after a
 * crash.
 *
 * <p>Tables, views and indexes share one namespace, as relations do in
 * PostgreSQL: an index cannot take the name of a table.
 *
 * <p>Readers see an immutable map that is swapped on each committed change,
 * so lookups take no lock. {@link #version()} increases on every change, for
 * caches of anything derived from definitions (query plans).
 */
public final class Catalog {
  private static final String TABLE_PREFIX = "table/";
  private static final String VIEW_PREFIX = "view/";
  private static final String ENTITY_PREFIX = "entity/";
  private static final String FEATURE_VIEW_PREFIX = "featureview/";
  private static final String STATS_PREFIX = "fvstats/";
  private static final String INDEX_PREFIX = "index/";
  private static final String COMMENT_PREFIX = "comment/";
  private static final byte[] NEXT_TABLE_ID = key("counter/next-table-id");
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Database database;
  private volatile Map<String, Table> tables = Map.of();
  private volatile Map<String, ViewDef> views = Map.of();
  private volatile Map<String, IndexDef> indexes = Map.of();
  private volatile Map<String, EntityDef> entities = Map.of();
  private volatile Map<String, FeatureView> featureViews = Map.of();
  /** Comments by object, then by column ("" for the object's own comment). */
  private volatile Map<String, Map<String, String>> comments = Map.of();
  /** The feature views by the ids of their history and online tables. */
  private volatile Map<Integer, FeatureView> featureViewsByTable = Map.of();
  /**
   * Tables an engine part owns outside the user's namespace (the tracking
   * tables), by id. Their ids are negative, so they never meet the counter's.
   */
  private volatile Map<Integer, Table> systemTables = Map.of();
  private int nextTableId;
  private final AtomicLong version = new AtomicLong();
  private final IdentityCounters identities;

  /** The catalog of a database; {@link #load} reads it from the store. */
  public Catalog(Database database) {
    this.database = database;
    this.identities = new IdentityCounters(database.store());
  }

  /** The counters of the identity columns of every table. */
  public IdentityCounters identities() {
    return identities;
  }

  /** Loads every definition, and clears the rows of tables dropped before a crash. */
  /** Reads every definition from the store, as the database opens. */
  public void load(Store store) {
    final Map<String, Table> loadedTables = new TreeMap<>();
    final Map<String, ViewDef> loadedViews = new TreeMap<>();
    final Map<String, EntityDef> loadedEntities = new TreeMap<>();
    final Map<String, FeatureViewDef> loadedFeatureViews = new TreeMap<>();
    final Map<String, FeatureViewStats> loadedStats = new TreeMap<>();
    final Map<String, IndexDef> loadedIndexes = new TreeMap<>();
    final Map<String, Map<String, String>> loadedComments = new TreeMap<>();
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
          } else if (key.startsWith(ENTITY_PREFIX)) {
            final EntityDef def = read(cursor.value(), EntityDef.class, key);
            loadedEntities.put(def.name(), def);
          } else if (key.startsWith(FEATURE_VIEW_PREFIX)) {
            final FeatureViewDef def = read(cursor.value(), FeatureViewDef.class, key);
            loadedFeatureViews.put(def.name(), def);
          } else if (key.startsWith(INDEX_PREFIX)) {
            final IndexDef def = read(cursor.value(), IndexDef.class, key);
            loadedIndexes.put(def.name(), def);
          } else if (key.startsWith(COMMENT_PREFIX)) {
            final CommentDef def = read(cursor.value(), CommentDef.class, key);
            loadedComments.computeIfAbsent(def.object(), o -> new TreeMap<>())
                .put(def.column() == null ? "" : def.column(), def.text());
          } else if (key.startsWith(STATS_PREFIX)) {
            loadedStats.put(key.substring(STATS_PREFIX.length()),
                read(cursor.value(), FeatureViewStats.class, key));
          }
        }
      }
    }
    final Map<String, FeatureView> loadedFeatureViewMap = new TreeMap<>();
    for (FeatureViewDef def : loadedFeatureViews.values()) {
      final Table history = loadedTables.get(def.name());
      if (history == null || history.id() != def.historyTableId()) {
        throw new SorrelException(ErrorCode.DATA_CORRUPTED, "corrupt catalog: feature view "
            + def.name() + " has no history table");
      }
      loadedFeatureViewMap.put(def.name(), bind(def, history,
          new AtomicReference<>(
              loadedStats.getOrDefault(def.name(), FeatureViewStats.EMPTY))));
    }
    for (Table table : loadedTables.values()) {
      table.useIndexes(indexesOf(loadedIndexes, table.id()));
    }
    tables = Map.copyOf(loadedTables);
    views = Map.copyOf(loadedViews);
    indexes = Map.copyOf(loadedIndexes);
    entities = Map.copyOf(loadedEntities);
    loadedComments.replaceAll((object, columns) -> Map.copyOf(columns));
    comments = Map.copyOf(loadedComments);
    setFeatureViews(loadedFeatureViewMap);
    reclaimDroppedTables(store);
    reclaimDroppedIndexes(store);
  }

  private static List<IndexDef> indexesOf(Map<String, IndexDef> indexes, int tableId) {
    final List<IndexDef> defs = new ArrayList<>();
    for (IndexDef def : indexes.values()) {
      if (def.tableId() == tableId) {
        defs.add(def);
      }
    }
    return defs;
  }

  /**
   * Deletes the entries of every index id that is no longer defined. DROP
   * INDEX and DROP TABLE remove definitions atomically and entries right
   * after; this finishes the second step if the process died between the
   * two. Each index id present is visited once, by a seek past it.
   */
  private void reclaimDroppedIndexes(Store store) {
    final java.util.Set<Integer> live = new java.util.HashSet<>();
    for (IndexDef def : indexes.values()) {
      live.add(def.id());
    }
    for (Table table : systemTables.values()) {
      for (IndexDef def : table.indexes()) {
        live.add(def.id());
      }
    }
    byte[] from = null;
    try (ReadView view = store.snapshot()) {
      while (true) {
        final int id;
        try (KvCursor cursor = view.scan(Space.INDEX, from, null)) {
          if (!cursor.next()) {
            return;
          }
          id = new dev.sorrel.storage.KeyDecoder(cursor.key(), 0).readRawInt();
        }
        final byte[] prefix = dev.sorrel.engine.table.Index.prefixOf(id);
        final byte[] end = KeyEncoder.successor(prefix);
        if (!live.contains(id)) {
          store.deleteRange(Space.INDEX, prefix, end);
        }
        if (end == null) {
          return;
        }
        from = end;
      }
    }
  }

  /**
   * Deletes the rows of every table id that is no longer defined. DROP TABLE
   * removes the definition atomically and the rows right after; this finishes
   * the second step if the process died between the two.
   */
  private void reclaimDroppedTables(Store store) {
    // Ids from nextTableId on were never given out, so hold no rows: the ranges end before it.
    // A range tombstone there would cover the next table's keys, and RocksDB then ingests a
    // bulk load's files into level 0 above it and rewrites them all in a compaction.
    final boolean[] live = new boolean[nextTableId + 1];
    for (Table table : tables.values()) {
      live[table.id()] = true;
    }
    for (FeatureView view : featureViews.values()) {
      live[view.online().id()] = true;
    }
    live[nextTableId] = true;
    int start = -1;
    try (ReadView view = store.snapshot()) {
      for (int id = 0; id <= nextTableId; id++) {
        if (!live[id] && start < 0) {
          start = id;
        } else if (live[id] && start >= 0) {
          final byte[] from = Table.prefixOf(start);
          final byte[] to = Table.prefixOf(id);
          if (holdsKeys(view, from, to)) {
            store.deleteRange(Space.DATA, from, to);
          }
          start = -1;
        }
      }
    }
  }

  /** Whether any row key lies in [from, to): a tombstone over an empty range costs reads. */
  private static boolean holdsKeys(ReadView view, byte[] from, byte[] to) {
    try (KvCursor cursor = view.scan(Space.DATA, from, to)) {
      return cursor.next();
    }
  }

  private static <T> T read(byte[] bytes, Class<T> type, String key) {
    try {
      return JSON.readValue(CheckedRecord.unwrap(bytes), type);
    } catch (IOException | StorageException e) {
      throw new SorrelException(ErrorCode.DATA_CORRUPTED,
          "corrupt catalog entry " + key + ": " + e.getMessage(), e);
    }
  }

  private static byte[] write(Object value) {
    try {
      return CheckedRecord.wrap(JSON.writeValueAsBytes(value));
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

  /** Makes plans made before a definition changed unreachable (models change too). */
  public void definitionsChanged() {
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
    if (tables.containsKey(name) || views.containsKey(name) || indexes.containsKey(name)) {
      throw new SorrelException(ErrorCode.OBJECT_ALREADY_EXISTS,
          (tables.containsKey(name) ? "table " : views.containsKey(name) ? "view " : "index ")
              + name + " already exists");
    }
    if (!tx.claimName(name)) {
      throw new SorrelException(ErrorCode.OBJECT_ALREADY_EXISTS,
          name + " is already created in this transaction");
    }
  }

  /** Creates a table; it exists for everyone once {@code tx} commits. */
  public TableDef createTable(Transaction tx, String name, List<ColumnDef> columns,
      List<Integer> primaryKey) {
    return createTable(tx, name, columns, primaryKey, List.of());
  }

  /**
   * Creates a table with {@code UNIQUE} constraints, each a unique index of
   * it; it exists for everyone once {@code tx} commits.
   */
  public TableDef createTable(Transaction tx, String name, List<ColumnDef> columns,
      List<Integer> primaryKey, List<UniqueKey> uniqueKeys) {
    return createTable(tx, name, columns, primaryKey, uniqueKeys, Map.of());
  }

  /**
   * Creates a table with {@code UNIQUE} constraints and comments; it exists
   * for everyone once {@code tx} commits.
   *
   * @param tableComments comments by column name, the table's own under ""
   */
  public TableDef createTable(Transaction tx, String name, List<ColumnDef> columns,
      List<Integer> primaryKey, List<UniqueKey> uniqueKeys, Map<String, String> tableComments) {
    checkNameFree(tx, name);
    TableDef.validate(name, columns, primaryKey);
    final int id = nextTableId;
    final long now = System.currentTimeMillis();
    final TableDef def = new TableDef(id, name, columns, primaryKey, now);
    final List<IndexDef> unique = new ArrayList<>();
    int nextId = id + 1;
    for (UniqueKey key : uniqueKeys) {
      for (int ordinal : key.columns()) {
        if (ordinal < 0 || ordinal >= columns.size()) {
          throw new SorrelException(ErrorCode.INVALID_DEFINITION,
              "UNIQUE constraint of " + name + " names column #" + ordinal);
        }
      }
      final String indexName = key.name() != null ? key.name()
          : constraintName(tx, name, columns, key.columns());
      if (key.name() != null) {
        checkNameFree(tx, indexName);
      }
      final IndexDef index = new IndexDef(nextId++, indexName, id, key.columns(),
          java.util.Collections.nCopies(key.columns().size(), false), true, now);
      tx.storage().put(Space.META, indexKey(index.id()), write(index));
      unique.add(index);
    }
    for (Map.Entry<String, String> comment : tableComments.entrySet()) {
      if (!comment.getKey().isEmpty() && def.columnIndex(comment.getKey()) < 0) {
        throw new SorrelException(ErrorCode.COLUMN_NOT_FOUND, "column " + comment.getKey()
            + " of a comment is not a column of " + name);
      }
      if (comment.getValue() != null && !comment.getValue().isEmpty()) {
        writeComment(tx, name, comment.getKey().isEmpty() ? null : comment.getKey(),
            comment.getValue());
      }
    }
    tx.storage().put(Space.META, tableKey(id), write(def));
    tx.storage().put(Space.META, NEXT_TABLE_ID,
        Integer.toString(nextId).getBytes(StandardCharsets.US_ASCII));
    nextTableId = nextId;
    tx.afterCommit(() -> {
      final Table table = new Table(database, def, 1);
      table.useIndexes(unique);
      publishTables(t -> t.put(name, table));
      publishIndexes(i -> unique.forEach(index -> i.put(index.name(), index)));
    });
    return def;
  }

  /**
   * A free name for an unnamed UNIQUE constraint, as PostgreSQL makes them:
   * {@code table_column..._KEY}, numbered if taken. Claims it in {@code tx}.
   */
  private String constraintName(Transaction tx, String table, List<ColumnDef> columns,
      List<Integer> ordinals) {
    final StringBuilder base = new StringBuilder(table);
    for (int ordinal : ordinals) {
      base.append('_').append(columns.get(ordinal).name());
    }
    base.append("_KEY");
    for (int n = 0; ; n++) {
      final String candidate = n == 0 ? base.toString() : base.toString() + n;
      if (!tables.containsKey(candidate) && !views.containsKey(candidate)
          && !indexes.containsKey(candidate) && !candidate.equals(table)
          && tx.claimName(candidate)) {
        return candidate;
      }
    }
  }

  private static byte[] indexKey(int id) {
    return key(String.format(java.util.Locale.ROOT, "%s%010d", INDEX_PREFIX, id));
  }

  // ------------------------------------------------------------ indexes

  /** The index with this name, or null. */
  public IndexDef index(String name) {
    return indexes.get(name);
  }

  /** Every index, sorted by name. */
  public Collection<IndexDef> indexes() {
    return new TreeMap<>(indexes).values();
  }

  /**
   * Creates an index of a table, writing an entry for each of its rows in
   * {@code tx}; it is used and kept by everyone once {@code tx} commits.
   *
   * @param columns names of the indexed columns, in index order
   * @param descending for each column, whether it is stored in descending order
   * @throws SorrelException {@link ErrorCode#DUPLICATE_KEY} for a unique index
   *     over rows that share values; {@link ErrorCode#OBJECT_NOT_FOUND},
   *     {@link ErrorCode#COLUMN_NOT_FOUND}, {@link ErrorCode#OBJECT_ALREADY_EXISTS}
   *     for a missing table or column or a name in use;
   *     {@link ErrorCode#FEATURE_NOT_SUPPORTED} for a feature view
   */
  public IndexDef createIndex(Transaction tx, String name, String tableName,
      List<String> columns, List<Boolean> descending, boolean unique) {
    final Table table = tables.get(tableName);
    if (table == null) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "table " + tableName
          + " does not exist");
    }
    if (featureViews.containsKey(tableName)) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, tableName
          + " is a feature view; feature views cannot have indexes (their entity key is"
          + " their primary key)");
    }
    final List<Integer> ordinals = new ArrayList<>(columns.size());
    for (String column : columns) {
      final int ordinal = table.def().columnIndex(column);
      if (ordinal < 0) {
        throw new SorrelException(ErrorCode.COLUMN_NOT_FOUND, "column " + column
            + " does not exist in table " + tableName);
      }
      ordinals.add(ordinal);
    }
    checkNameFree(tx, name);
    final int id = nextTableId;
    final IndexDef def = new IndexDef(id, name, table.id(), ordinals, descending, unique,
        System.currentTimeMillis());
    table.addIndex(tx, def);
    tx.storage().put(Space.META, indexKey(id), write(def));
    tx.storage().put(Space.META, NEXT_TABLE_ID,
        Integer.toString(id + 1).getBytes(StandardCharsets.US_ASCII));
    nextTableId = id + 1;
    tx.afterCommit(() -> {
      publishIndexes(i -> i.put(name, def));
      table.useIndexes(indexesOf(indexes, table.id()));
    });
    return def;
  }

  /** Drops an index; its entries are deleted once {@code tx} commits. */
  public void dropIndex(Transaction tx, String name) {
    final IndexDef def = indexes.get(name);
    if (def == null) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "index " + name + " does not exist"
          + (tables.containsKey(name) ? "; " + name + " is a table (DROP TABLE drops it)" : ""));
    }
    final Table table = tableById(def.tableId());
    tx.storage().delete(Space.META, indexKey(def.id()));
    if (table != null) {
      table.removeIndex(tx, def);
    }
    tx.afterCommit(() -> {
      publishIndexes(i -> i.remove(name));
      if (table != null) {
        table.useIndexes(indexesOf(indexes, table.id()));
      }
      final byte[] prefix = dev.sorrel.engine.table.Index.prefixOf(def.id());
      database.store().deleteRange(Space.INDEX, prefix, KeyEncoder.successor(prefix));
    });
  }

  private Table tableById(int id) {
    for (Table table : tables.values()) {
      if (table.id() == id) {
        return table;
      }
    }
    return null;
  }

  private synchronized void publishIndexes(
      java.util.function.Consumer<Map<String, IndexDef>> change) {
    final Map<String, IndexDef> copy = new TreeMap<>(indexes);
    change.accept(copy);
    indexes = Map.copyOf(copy);
    version.incrementAndGet();
  }

  /** Drops a table and, once committed, its rows. */
  public void dropTable(Transaction tx, String name) {
    final Table table = tables.get(name);
    if (table == null) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "table " + name + " does not exist");
    }
    if (featureViews.containsKey(name)) {
      throw new SorrelException(ErrorCode.WRONG_OBJECT_TYPE, name
          + " is a feature view; drop it with DROP FEATURE VIEW " + name);
    }
    tx.storage().delete(Space.META, tableKey(table.id()));
    final List<IndexDef> dropped = indexesOf(indexes, table.id());
    for (IndexDef index : dropped) {
      tx.storage().delete(Space.META, indexKey(index.id()));
    }
    identities.dropped(tx, table.id());
    dropComments(tx, name);
    tx.afterCommit(() -> {
      publishTables(t -> t.remove(name));
      publishIndexes(i -> dropped.forEach(index -> i.remove(index.name())));
      table.markDropped();
      database.tableSegments().dropped(table.id());
      database.store().deleteRange(Space.DATA, Table.prefixOf(table.id()),
          KeyEncoder.successor(Table.prefixOf(table.id())));
      for (IndexDef index : dropped) {
        final byte[] prefix = dev.sorrel.engine.table.Index.prefixOf(index.id());
        database.store().deleteRange(Space.INDEX, prefix, KeyEncoder.successor(prefix));
      }
    });
  }

  /** Creates or (with {@code replace}) replaces a view. */
  public void createView(Transaction tx, ViewDef def, boolean replace) {
    if (tables.containsKey(def.name()) || indexes.containsKey(def.name())) {
      throw new SorrelException(ErrorCode.OBJECT_ALREADY_EXISTS,
          (tables.containsKey(def.name()) ? "table " : "index ") + def.name()
              + " already exists");
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
    dropComments(tx, name);
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

  /**
   * The table a statement planned earlier should use now: the catalog's
   * current object for the same table (a feature view's tables are replaced
   * by {@code ALTER}), or an error if it has been dropped since.
   */
  public Table current(Table planned) {
    final Table system = systemTables.get(planned.id());
    if (system != null) {
      return system;
    }
    final FeatureView view = featureViewsByTable.get(planned.id());
    final Table now;
    if (view != null) {
      now = view.online().id() == planned.id() ? view.online() : view.history();
    } else {
      now = tables.get(planned.name());
    }
    if (now == null || now.id() != planned.id()) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, (planned.isReadOnly() ? "online."
          : "table ") + planned.name() + " has been dropped since the statement was prepared");
    }
    return now;
  }

  /**
   * Registers a table that an engine part defines in code and owns (the
   * tracking tables): not in the user's namespace, never dropped, its rows
   * and index entries kept when the database opens. Call before {@link #load}.
   *
   * @throws IllegalArgumentException if its id is not negative or is taken
   */
  public synchronized void registerSystemTable(Table table) {
    if (table.id() >= 0 || systemTables.containsKey(table.id())) {
      throw new IllegalArgumentException("system table " + table.name() + " needs a free"
          + " negative id, not " + table.id());
    }
    final Map<Integer, Table> copy = new TreeMap<>(systemTables);
    copy.put(table.id(), table);
    systemTables = Map.copyOf(copy);
  }

  /** Whether {@code table} is a system table (see {@link #registerSystemTable}). */
  public boolean isSystemTable(Table table) {
    return systemTables.get(table.id()) == table;
  }

  /** The feature view whose history is {@code table}, or null for any other table. */
  public FeatureView featureViewOf(Table table) {
    final FeatureView view = featureViewsByTable.get(table.id());
    return view != null && view.history().id() == table.id() ? view : null;
  }

  /** The feature view whose online rows {@code table} holds, or null for any other table. */
  public FeatureView onlineViewOf(Table table) {
    final FeatureView view = featureViewsByTable.get(table.id());
    return view != null && view.online().id() == table.id() ? view : null;
  }

  private void setFeatureViews(Map<String, FeatureView> views) {
    final Map<Integer, FeatureView> byTable = new java.util.HashMap<>();
    for (FeatureView view : views.values()) {
      byTable.put(view.history().id(), view);
      byTable.put(view.online().id(), view);
    }
    featureViews = Map.copyOf(views);
    featureViewsByTable = Map.copyOf(byTable);
  }

  // ------------------------------------------------------------ entities

  public EntityDef entity(String name) {
    return entities.get(name);
  }

  /** Entities sorted by name. */
  public Collection<EntityDef> entities() {
    return new TreeMap<>(entities).values();
  }

  /** Creates an entity: a name for a set of key columns. */
  public EntityDef createEntity(Transaction tx, String name, List<ColumnDef> keyColumns,
      String comment) {
    if (entities.containsKey(name)) {
      throw new SorrelException(ErrorCode.OBJECT_ALREADY_EXISTS,
          "entity " + name + " already exists");
    }
    if (!tx.claimName("entity/" + name)) {
      throw new SorrelException(ErrorCode.OBJECT_ALREADY_EXISTS,
          "entity " + name + " is already created in this transaction");
    }
    final List<ColumnDef> keys = new ArrayList<>();
    for (ColumnDef column : keyColumns) {
      if (column.name().equals(FeatureViewDef.EVENT_TIMESTAMP)
          || column.name().equals(FeatureViewDef.CREATED_TIMESTAMP)) {
        throw new SorrelException(ErrorCode.INVALID_DEFINITION, "entity key column "
            + column.name() + " clashes with the time column every feature view has");
      }
      keys.add(new ColumnDef(column.name(), column.type(), column.precision(), column.scale(),
          false, null));
    }
    final List<Integer> allKey = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      allKey.add(i);
    }
    TableDef.validate(name, keys, allKey);
    final EntityDef def = new EntityDef(name, keys, comment, System.currentTimeMillis());
    tx.storage().put(Space.META, key(ENTITY_PREFIX + name), write(def));
    tx.afterCommit(() -> publishEntities(e -> e.put(name, def)));
    return def;
  }

  /** Drops an entity that no feature view uses. */
  public void dropEntity(Transaction tx, String name) {
    if (!entities.containsKey(name)) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "entity " + name + " does not exist");
    }
    final List<String> users = new ArrayList<>();
    for (FeatureView view : featureViews.values()) {
      if (view.def().entity().equals(name)) {
        users.add(view.name());
      }
    }
    if (!users.isEmpty()) {
      users.sort(null);
      throw new SorrelException(ErrorCode.DEPENDENT_OBJECTS_EXIST, "entity " + name
          + " is used by feature view(s) " + String.join(", ", users) + "; drop them first");
    }
    tx.storage().delete(Space.META, key(ENTITY_PREFIX + name));
    tx.afterCommit(() -> publishEntities(e -> e.remove(name)));
  }

  // ------------------------------------------------------------ feature views

  public FeatureView featureView(String name) {
    return featureViews.get(name);
  }

  /** Feature views sorted by name. */
  public Collection<FeatureView> featureViews() {
    return new TreeMap<>(featureViews).values();
  }

  /**
   * Creates a feature view of an entity: its history table (named like the
   * view) and its online table.
   *
   * @param draft the definition; its ids, online table and times are assigned here
   */
  public FeatureViewDef createFeatureView(Transaction tx, FeatureViewDef draft) {
    final String name = draft.name();
    checkNameFree(tx, name);
    final EntityDef entity = entities.get(draft.entity());
    if (entity == null) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "entity " + draft.entity()
          + " does not exist" + suggestions(" (entities: ", entities.keySet(), ")"));
    }
    if (draft.ttlMillis() != null && draft.ttlMillis() <= 0) {
      throw new SorrelException(ErrorCode.INVALID_DEFINITION,
          "TTL of feature view " + name + " must be positive");
    }
    final List<ColumnDef> columns = new ArrayList<>(entity.keyColumns());
    columns.add(new ColumnDef(FeatureViewDef.EVENT_TIMESTAMP, dev.sorrel.storage.ValueType.TIMESTAMP,
        -1, 0, false, null));
    // Nullable to SQL so INSERT may leave it out; the engine stamps the write time.
    columns.add(new ColumnDef(FeatureViewDef.CREATED_TIMESTAMP,
        dev.sorrel.storage.ValueType.TIMESTAMP, -1, 0, true, null));
    for (ColumnDef feature : draft.features()) {
      columns.add(new ColumnDef(feature.name(), feature.type(), feature.precision(),
          feature.scale(), true, null));
    }
    final int keyCount = entity.keyColumns().size();
    final List<Integer> historyKey = new ArrayList<>();
    final List<Integer> onlineKey = new ArrayList<>();
    for (int i = 0; i < keyCount; i++) {
      historyKey.add(i);
      onlineKey.add(i);
    }
    historyKey.add(keyCount);
    historyKey.add(keyCount + 1);
    TableDef.validate(name, columns, onlineKey);
    final long now = System.currentTimeMillis();
    final int historyId = nextTableId;
    final int onlineId = nextTableId + 1;
    final TableDef history = new TableDef(historyId, name, columns, historyKey, now);
    // Online rows of expired entities read NULL in every non-key column.
    final List<ColumnDef> onlineColumns = new ArrayList<>(columns);
    onlineColumns.set(keyCount, new ColumnDef(FeatureViewDef.EVENT_TIMESTAMP,
        dev.sorrel.storage.ValueType.TIMESTAMP, -1, 0, true, null));
    final TableDef online = new TableDef(onlineId, name, onlineColumns, onlineKey, now);
    final FeatureViewDef def = new FeatureViewDef(name, entity.name(), draft.features(),
        draft.ttlMillis(), draft.comment(), draft.owner(), draft.tags(), historyId, online,
        draft.query(), draft.schemaPath(), draft.sources(), null, null, now, now);
    tx.storage().put(Space.META, tableKey(historyId), write(history));
    tx.storage().put(Space.META, key(FEATURE_VIEW_PREFIX + name), write(def));
    tx.storage().put(Space.META, NEXT_TABLE_ID,
        Integer.toString(onlineId + 1).getBytes(StandardCharsets.US_ASCII));
    nextTableId = onlineId + 1;
    tx.afterCommit(() -> publishFeatureView(def, history,
        new AtomicReference<>(FeatureViewStats.EMPTY)));
    return def;
  }

  /** Drops a feature view with its history and online rows. */
  public void dropFeatureView(Transaction tx, String name) {
    final FeatureView view = requireFeatureView(name);
    final List<String> users = new ArrayList<>();
    for (FeatureView other : featureViews.values()) {
      if (other.def().sources().contains(name)) {
        users.add(other.name());
      }
    }
    if (!users.isEmpty()) {
      users.sort(null);
      throw new SorrelException(ErrorCode.DEPENDENT_OBJECTS_EXIST, "feature view " + name
          + " is a source of " + String.join(", ", users) + "; drop them first");
    }
    tx.dropping(view.history().id());
    tx.storage().delete(Space.META, tableKey(view.history().id()));
    tx.storage().delete(Space.META, key(FEATURE_VIEW_PREFIX + name));
    tx.storage().delete(Space.META, key(STATS_PREFIX + name));
    dropComments(tx, name);
    tx.afterCommit(() -> {
      synchronized (this) {
        final Map<String, Table> t = new TreeMap<>(tables);
        t.remove(name);
        final Map<String, FeatureView> f = new TreeMap<>(featureViews);
        f.remove(name);
        tables = Map.copyOf(t);
        setFeatureViews(f);
        version.incrementAndGet();
      }
      view.history().markDropped();
      view.online().markDropped();
      for (Table table : List.of(view.history(), view.online())) {
        database.store().deleteRange(Space.DATA, Table.prefixOf(table.id()),
            KeyEncoder.successor(Table.prefixOf(table.id())));
      }
      database.segments().dropped(view.history().id());
    });
  }

  /** Replaces the definition of a feature view (TTL, comment, refresh state). */
  public void updateFeatureView(Transaction tx, FeatureViewDef def) {
    final FeatureView view = requireFeatureView(def.name());
    tx.storage().put(Space.META, key(FEATURE_VIEW_PREFIX + def.name()), write(def));
    tx.afterCommit(() -> publishFeatureView(def, view.history().def(), view.statsHolder()));
  }

  /** Changes the TTL of a feature view; null removes the limit. */
  public void setTtl(Transaction tx, String name, Long ttlMillis) {
    if (ttlMillis != null && ttlMillis <= 0) {
      throw new SorrelException(ErrorCode.INVALID_DEFINITION,
          "TTL of feature view " + name + " must be positive");
    }
    updateFeatureView(tx, requireFeatureView(name).def().withTtl(ttlMillis,
        System.currentTimeMillis()));
  }

  public void setComment(Transaction tx, String name, String comment) {
    updateFeatureView(tx, requireFeatureView(name).def().withComment(comment,
        System.currentTimeMillis()));
  }

  /** Records a refresh of a derived feature view. */
  public void recordRefresh(Transaction tx, String name, long refreshMillis, Long watermark) {
    updateFeatureView(tx, requireFeatureView(name).def().withRefresh(refreshMillis, watermark));
  }

  /** Appends a feature column; existing rows read NULL in it. */
  public void addFeature(Transaction tx, String name, ColumnDef feature) {
    final FeatureView view = requireFeatureView(name);
    final TableDef history = view.history().def();
    if (history.columnIndex(feature.name()) >= 0) {
      throw new SorrelException(ErrorCode.OBJECT_ALREADY_EXISTS, "feature view " + name
          + " already has a column " + feature.name());
    }
    final ColumnDef nullable = new ColumnDef(feature.name(), feature.type(),
        feature.precision(), feature.scale(), true, null);
    final List<ColumnDef> columns = new ArrayList<>(history.columns());
    columns.add(nullable);
    TableDef.validate(name, columns, List.of());
    final TableDef newHistory = new TableDef(history.id(), name, columns, history.primaryKey(),
        history.createdMillis());
    final TableDef oldOnline = view.def().online();
    final List<ColumnDef> onlineColumns = new ArrayList<>(oldOnline.columns());
    onlineColumns.add(nullable);
    final TableDef newOnline = new TableDef(oldOnline.id(), name, onlineColumns,
        oldOnline.primaryKey(), oldOnline.createdMillis());
    final FeatureViewDef def = view.def().withFeature(nullable, newOnline,
        System.currentTimeMillis());
    tx.storage().put(Space.META, tableKey(history.id()), write(newHistory));
    tx.storage().put(Space.META, key(FEATURE_VIEW_PREFIX + name), write(def));
    tx.afterCommit(() -> publishFeatureView(def, newHistory, view.statsHolder()));
  }

  /** A feature view's stats as a snapshot sees them ({@code EMPTY} if it has none). */
  public FeatureViewStats stats(ReadView view, String name) {
    final byte[] bytes = view.get(Space.META, key(STATS_PREFIX + name));
    return bytes == null ? FeatureViewStats.EMPTY
        : read(bytes, FeatureViewStats.class, STATS_PREFIX + name);
  }

  public void writeStats(Transaction tx, String name, FeatureViewStats stats) {
    tx.storage().put(Space.META, key(STATS_PREFIX + name), write(stats));
  }

  private FeatureView requireFeatureView(String name) {
    final FeatureView view = featureViews.get(name);
    if (view == null) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "feature view " + name
          + " does not exist" + suggestions(" (feature views: ", featureViews.keySet(), ")"));
    }
    return view;
  }

  private static String suggestions(String before, java.util.Set<String> names, String after) {
    if (names.isEmpty()) {
      return "";
    }
    return before + String.join(", ", new java.util.TreeSet<>(names)) + after;
  }

  private FeatureView bind(FeatureViewDef def, Table history,
      AtomicReference<FeatureViewStats> stats) {
    final Table online = new Table(database, def.online(), 1);
    return new FeatureView(def, history, online, database.segments(), stats);
  }

  private synchronized void publishFeatureView(FeatureViewDef def, TableDef historyDef,
      AtomicReference<FeatureViewStats> stats) {
    final Table history = new Table(database, historyDef, 1);
    final FeatureView view = bind(def, history, stats);
    final Map<String, Table> t = new TreeMap<>(tables);
    t.put(def.name(), history);
    final Map<String, FeatureView> f = new TreeMap<>(featureViews);
    f.put(def.name(), view);
    tables = Map.copyOf(t);
    setFeatureViews(f);
    version.incrementAndGet();
  }

  private synchronized void publishEntities(java.util.function.Consumer<Map<String, EntityDef>> change) {
    final Map<String, EntityDef> copy = new TreeMap<>(entities);
    change.accept(copy);
    entities = Map.copyOf(copy);
    version.incrementAndGet();
  }

  // ------------------------------------------------------------ comments

  /**
   * The comment on a table, view or feature view, or null. A feature view's
   * is its definition's.
   */
  public String comment(String object) {
    final FeatureView view = featureViews.get(object);
    return view != null ? view.def().comment()
        : comments.getOrDefault(object, Map.of()).get("");
  }

  /** The comment on a column of a table, view or feature view, or null. */
  public String comment(String object, String column) {
    return comments.getOrDefault(object, Map.of()).get(column);
  }

  /**
   * Sets or (with a null or empty {@code text}, as in PostgreSQL) removes the
   * comment on a table, view or feature view, or on one of its columns. The
   * column of a table or feature view must exist; a view's columns are
   * known only to the SQL layer, which checks them.
   *
   * @param column the column, or null for the object itself
   */
  public void setComment(Transaction tx, String object, String column, String text) {
    final Table table = tables.get(object);
    if (table == null && !views.containsKey(object)) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND,
          "table or view " + object + " does not exist");
    }
    if (column != null && table != null && table.def().columnIndex(column) < 0) {
      throw new SorrelException(ErrorCode.COLUMN_NOT_FOUND,
          "column " + column + " does not exist in " + object);
    }
    final String comment = text == null || text.isEmpty() ? null : text;
    if (column == null && featureViews.containsKey(object)) {
      setComment(tx, object, comment);
    } else {
      writeComment(tx, object, column, comment);
    }
  }

  private static byte[] commentKey(String object, String column) {
    // NUL separates the two names: a quoted name may hold any other character.
    return key(COMMENT_PREFIX + object + "\u0000" + (column == null ? "" : column));
  }

  private void writeComment(Transaction tx, String object, String column, String text) {
    final String slot = column == null ? "" : column;
    if (text == null) {
      tx.storage().delete(Space.META, commentKey(object, column));
    } else {
      tx.storage().put(Space.META, commentKey(object, column),
          write(new CommentDef(object, column, text)));
    }
    tx.afterCommit(() -> publishComments(c -> {
      final Map<String, String> columns = new TreeMap<>(c.getOrDefault(object, Map.of()));
      if (text == null) {
        columns.remove(slot);
      } else {
        columns.put(slot, text);
      }
      if (columns.isEmpty()) {
        c.remove(object);
      } else {
        c.put(object, Map.copyOf(columns));
      }
    }));
  }

  private void dropComments(Transaction tx, String object) {
    for (String column : comments.getOrDefault(object, Map.of()).keySet()) {
      tx.storage().delete(Space.META, commentKey(object, column.isEmpty() ? null : column));
    }
    tx.afterCommit(() -> publishComments(c -> c.remove(object)));
  }

  private synchronized void publishComments(
      java.util.function.Consumer<Map<String, Map<String, String>>> change) {
    final Map<String, Map<String, String>> copy = new TreeMap<>(comments);
    change.accept(copy);
    comments = Map.copyOf(copy);
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
