package dev.sorrel.engine.table;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.IndexDef;
import dev.sorrel.engine.catalog.TableDef;
import dev.sorrel.engine.table.segment.SegmentCursor;
import dev.sorrel.engine.table.segment.TableSegments;
import dev.sorrel.storage.KeyDecoder;
import dev.sorrel.storage.KeyEncoder;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.RowCodec;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.StorageException;
import dev.sorrel.storage.ValueType;

/**
 * A table at run time: its definition plus the codecs that turn rows into
 * RocksDB keys and values. Rows live in {@link Space#DATA} under the key
 * {@code table id ‖ order-preserving primary key}, so a primary-key equality
 * is one RocksDB get and a range on the leading key column is one bounded
 * iterator. A table without a primary key is keyed by a hidden row id.
 *
 * <p>A table may have secondary {@link Index indexes}: every write keeps
 * their entries in step with the rows, in the same write batch, and enforces
 * the unique ones.
 *
 * <p>Values passed in and out are storage representations (see
 * {@link ValueType}); writes are checked against the column definitions.
 */
public final class Table {
  private final Database database;
  private final TableDef def;
  private final ValueType[] types;
  private final int[] keyColumns;
  private final ValueType[] keyTypes;
  private final RowCodec codec;
  private final byte[] prefix;
  private final byte[] prefixEnd;
  private final AtomicLong nextRowId;
  /** Ordinals of the identity columns, in column order. */
  private final int[] identityColumns;
  /** The counters of the identity columns, found when first needed. */
  private volatile IdentityCounters.Counter[] counters;
  private volatile boolean dropped;
  /** What takes part in writes to this table (a feature view's history), or null. */
  private volatile WriteObserver observer;
  /** Why only its owner writes this table (a feature view's online rows), or null. */
  private volatile String readOnlyReason;
  private final TableHandle handle = new TableHandle(this);
  /** The secondary indexes every committed write keeps, in name order. */
  private volatile List<Index> indexes = List.of();
  /** Indexes a transaction creates or drops, which its own later writes keep; or null. */
  private volatile PendingIndexes pending;

  /** The indexes a transaction that changes them sees before it commits. */
  private record PendingIndexes(Transaction tx, List<Index> indexes) {
  }

  /**
   * A table of the catalog; {@code nextRowId} is the first hidden row id for
   * a table without a primary key.
   */
  public Table(Database database, TableDef def, long nextRowId) {
    this.database = database;
    this.def = def;
    final List<ColumnDef> columns = def.columns();
    this.types = new ValueType[columns.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = columns.get(i).type();
    }
    this.keyColumns = def.primaryKey().stream().mapToInt(Integer::intValue).toArray();
    this.keyTypes = new ValueType[keyColumns.length];
    for (int i = 0; i < keyColumns.length; i++) {
      keyTypes[i] = types[keyColumns[i]];
    }
    this.codec = new RowCodec(types);
    this.prefix = new KeyEncoder().writeRawInt(def.id()).toByteArray();
    this.prefixEnd = KeyEncoder.successor(prefix);
    this.nextRowId = new AtomicLong(nextRowId);
    this.identityColumns = java.util.stream.IntStream.range(0, columns.size())
        .filter(i -> columns.get(i).hasIdentity()).toArray();
  }

  /**
   * A handle that finds this table's current object at each use, for plans
   * that outlive a definition change (see {@link TableHandle}).
   */
  public TableHandle handle() {
    return handle;
  }

  /** The database this table belongs to. */
  public Database database() {
    return database;
  }

  public TableDef def() {
    return def;
  }

  public String name() {
    return def.name();
  }

  public int id() {
    return def.id();
  }

  public List<ColumnDef> columns() {
    return def.columns();
  }

  /** Ordinals of the primary key columns in key order; empty if none. */
  public int[] keyColumns() {
    return keyColumns.clone();
  }

  /** Ordinals of the identity columns (see {@link #withIdentity}), in column order. */
  public int[] identityColumns() {
    return identityColumns.clone();
  }

  /** Lets an observer take part in every write to this table (set once, when bound). */
  public void observeWrites(WriteObserver observer) {
    this.observer = observer;
  }

  /**
   * Refuses inserts, updates and deletes through this object with a message
   * saying why; its owner still writes it with {@link #put} and {@link #remove},
   * or through the returned {@link OwnerWrites}, which keep its indexes.
   */
  public OwnerWrites makeReadOnly(String reason) {
    this.readOnlyReason = reason;
    return new OwnerWrites();
  }

  /**
   * The checked writes of a read-only table's owner: the same inserts,
   * updates and deletes as anyone's, indexes kept, which the table refuses
   * to everyone who does not hold this object (SQL's INSERT, UPDATE, DELETE).
   */
  public final class OwnerWrites {
    private OwnerWrites() {
    }

    /** As {@link Table#insert}, on a read-only table. */
    public Object[] insert(Transaction tx, Object[] row) {
      return insertRow(tx, row, false);
    }

    /** As {@link Table#update}, on a read-only table. */
    public void update(Transaction tx, byte[] storedKey, Object[] newRow) {
      updateRow(tx, storedKey, newRow);
    }

    /** As {@link Table#delete}, on a read-only table. */
    public void delete(Transaction tx, byte[] storedKey) {
      deleteRow(tx, storedKey);
    }
  }

  /** Whether only its owner writes this table (a feature view's online rows). */
  public boolean isReadOnly() {
    return readOnlyReason != null;
  }

  private void checkWritable() {
    final String reason = readOnlyReason;
    if (reason != null) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, reason);
    }
  }

  public boolean isDropped() {
    return dropped;
  }

  /** Marks this object dropped (its catalog entry is gone): later reads and writes fail. */
  public void markDropped() {
    dropped = true;
  }

  /** The key prefix of a table's rows. */
  public static byte[] prefixOf(int tableId) {
    return new KeyEncoder().writeRawInt(tableId).toByteArray();
  }

  /** Returns the first row id to use for a keyless table, one past the largest stored. */
  public static long scanNextRowId(ReadView view, int tableId) {
    final byte[] start = prefixOf(tableId);
    long max = 0;
    try (KvCursor cursor = view.scan(Space.DATA, start, KeyEncoder.successor(start))) {
      // Row ids only grow, so the last key holds the largest; a backward seek
      // would be cheaper, but this runs once per keyless table at open.
      while (cursor.next()) {
        final KeyDecoder decoder = new KeyDecoder(cursor.key(), start.length);
        max = Math.max(max, (Long) decoder.read(ValueType.BIGINT));
      }
    }
    return max + 1;
  }

  // ---------------------------------------------------------------- indexes

  /** The indexes a write of {@code tx} keeps: its own pending change, else the committed ones. */
  private List<Index> indexes(Transaction tx) {
    final PendingIndexes change = pending;
    return change != null && change.tx() == tx ? change.indexes() : indexes;
  }

  private Index toIndex(IndexDef def, long completeFrom) {
    return new Index(def, def().name(), def().columns(), prefix, completeFrom);
  }

  /**
   * Sets the indexes committed writes keep, as the catalog has them (when
   * the database opens, and once a change of them has committed). An index
   * new to this table is complete in snapshots from the store's current
   * sequence on: called after the commit that created it, so every later
   * snapshot holds its entries, and no earlier one is read through it.
   */
  public void useIndexes(List<IndexDef> defs) {
    final List<Index> current = indexes;
    final long now = database.store().latestSequence();
    final List<Index> list = new ArrayList<>(defs.size());
    for (IndexDef def : defs) {
      long completeFrom = now;
      for (Index index : current) {
        if (index.def().id() == def.id()) {
          completeFrom = index.completeFrom();
        }
      }
      list.add(toIndex(def, completeFrom));
    }
    list.sort(java.util.Comparator.comparing(Index::name));
    indexes = List.copyOf(list);
    pending = null;
  }

  /**
   * Adds an index in a transaction: writes an entry for every row (a unique
   * index over rows that share values fails with
   * {@link ErrorCode#DUPLICATE_KEY} and leaves the transaction to be rolled
   * back), and has the transaction's later writes to this table keep it too.
   * Other writers wait for the transaction (it holds the writer lock);
   * readers do not, as they read snapshots. The catalog publishes the index
   * with {@link #useIndexes} once the transaction commits.
   *
   * @throws SorrelException {@link ErrorCode#FEATURE_NOT_SUPPORTED} if the
   *     transaction has already written this table: the rows are read from
   *     committed data, which does not hold those writes yet
   */
  public void addIndex(Transaction tx, IndexDef def) {
    checkNotDropped();
    if (observer != null || readOnlyReason != null) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "table " + def().name()
          + " belongs to a feature view, which cannot have indexes");
    }
    if (tx.hasWritten(this)) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "index " + def.name()
          + " cannot be created in the transaction that wrote table " + def().name()
          + "; commit the writes first");
    }
    // Written and read by tx only until it commits; useIndexes then publishes it.
    final Index index = toIndex(def, Long.MAX_VALUE);
    final int[] all = new int[types.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    try (ReadView view = tx.database().snapshot();
         RowCursor cursor = scan(view, KeyRange.ALL, all)) {
      while (cursor.next()) {
        final Object[] row = cursor.row();
        final Index.Entry entry = index.entry(row, cursor.key());
        if (def.unique() && index.taken(tx, entry)) {
          throw new SorrelException(ErrorCode.DUPLICATE_KEY, "cannot create unique index "
              + def.name() + ": " + index.duplicate(row).getMessage());
        }
        index.put(tx, entry);
      }
    }
    final List<Index> list = new ArrayList<>(indexes(tx));
    list.add(index);
    list.sort(java.util.Comparator.comparing(Index::name));
    pending = new PendingIndexes(tx, List.copyOf(list));
  }

  /**
   * Removes an index in a transaction: its later writes stop keeping it. The
   * catalog deletes its entries once the transaction commits.
   */
  public void removeIndex(Transaction tx, IndexDef def) {
    final List<Index> list = new ArrayList<>(indexes(tx));
    list.removeIf(index -> index.def().id() == def.id());
    pending = new PendingIndexes(tx, List.copyOf(list));
  }

  /**
   * Counts the rows, or with an index the distinct combinations of its
   * values, as a snapshot holds them: what {@code getIndexInfo} reports as
   * an index's cardinality when asked for exact figures. Reads every key.
   */
  public long count(ReadView view, IndexDef indexDef) {
    checkNotDropped();
    if (indexDef != null) {
      final Index index = index(indexDef);
      return index == null ? 0 : index.countDistinct(view);
    }
    long count = 0;
    try (KvCursor cursor = view.scan(Space.DATA, prefix, prefixEnd)) {
      while (cursor.next()) {
        count++;
      }
    } catch (StorageException e) {
      throw failed("scan", e);
    }
    return count;
  }

  // ---------------------------------------------------------------- reads

  /**
   * Chooses how to read the rows a filter keeps, given the filter's
   * conjuncts that compare a column with values. The path says which of
   * them it narrows by ({@link AccessPath#used()}); the others, and
   * comparisons the primary key's order cannot serve, it ignores. The caller
   * keeps filtering the rows read: a path may read more than the predicates
   * keep, never less.
   */
  public AccessPath accessPath(List<KeyPredicate> predicates) {
    AccessPath best = new AccessPathChooser(def.columns(), keyColumns).choose(predicates);
    // Relative costs only: the table's size is unknown, and the same for every path.
    final double rows = 10_000d;
    for (Index index : indexes) {
      final AccessPath path = AccessPathChooser.forIndex(def.columns(), index.def(), predicates);
      if (path != null && path.cost(rows) < best.cost(rows)) {
        best = path;
      }
    }
    return best;
  }

  /**
   * Whether this table can still read by an access path in a view: false for
   * a path over an index dropped since the path was chosen, or over one
   * created after the view's snapshot (a transaction older than the
   * {@code CREATE INDEX}, or a plan cached since), whose entries that
   * snapshot does not hold. Ask after opening the snapshot the scan reads,
   * so that an index dropped later is still whole in it.
   */
  public boolean serves(AccessPath path, ReadView view) {
    if (path.index() == null) {
      return true;
    }
    final Index index = index(path.index());
    return index != null && index.completeIn(view);
  }

  private Index index(IndexDef def) {
    for (Index index : indexes) {
      if (index.def().id() == def.id()) {
        return index;
      }
    }
    return null;
  }

  /** The secondary indexes of this table, in name order. */
  public List<IndexDef> indexes() {
    final List<IndexDef> defs = new ArrayList<>();
    for (Index index : indexes) {
      defs.add(index.def());
    }
    return defs;
  }

  /** Reads the row with the given primary key (storage values), or null. */
  public Object[] get(ReadView view, Object[] key) {
    checkNotDropped();
    final byte[] bytes = read(view, encodeKey(key));
    return bytes == null ? null : decode(bytes);
  }

  /**
   * Reads the projected columns of the row with the given primary key from
   * the latest committed state, or returns null. One RocksDB get and no
   * snapshot: a single read is consistent by itself, and this is the online
   * serving path where every microsecond shows.
   */
  public Object[] lookup(Object[] key, int[] projection) {
    checkNotDropped();
    final byte[] bytes;
    try {
      bytes = database.store().get(Space.DATA, encodeKey(key));
    } catch (StorageException e) {
      throw failed("read", e);
    }
    if (bytes == null) {
      return null;
    }
    final Object[] row = new Object[projection.length];
    try {
      codec.decode(bytes, projection, row);
    } catch (StorageException e) {
      throw corrupt(e);
    }
    return row;
  }

  /**
   * Opens a cursor over the rows in a key range, in key order, decoding only
   * the projected columns.
   *
   * @param projection ordinals of the columns to return, in output order
   */
  public RowCursor scan(ReadView view, KeyRange range, int[] projection) {
    checkNotDropped();
    if (isPoint(range)) {
      final byte[] key = encodeKey(range.lower());
      return new PointCursor(read(view, key), key, projection);
    }
    final byte[] from = range.lower() == null ? prefix
        : bound(range.lower(), !range.lowerInclusive());
    final byte[] to = range.upper() == null ? prefixEnd
        : bound(range.upper(), range.upperInclusive());
    try {
      return new RangeCursor(view.scan(Space.DATA, from, to), projection);
    } catch (StorageException e) {
      throw failed("scan", e);
    }
  }

  /**
   * Opens a cursor over the rows of one range of an access path, decoding
   * only the projected columns: in key order for the primary key, in index
   * order (one read of the row per entry) for a secondary index.
   */
  public RowCursor scan(ReadView view, AccessPath access, KeyRange range, int[] projection) {
    if (access.index() == null) {
      return scan(view, range, projection);
    }
    checkNotDropped();
    final Index index = index(access.index());
    if (index == null) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "index " + access.index().name()
          + " of table " + def.name() + " has been dropped");
    }
    if (!index.completeIn(view)) {
      // Callers ask serves() first and read the table instead.
      throw new SorrelException(ErrorCode.SERIALIZATION_FAILURE, "index "
          + access.index().name() + " of table " + def.name()
          + " was created after this transaction's snapshot");
    }
    return scanIndex(view, index, range, access.equalColumns(), projection);
  }

  /**
   * As {@link #scan(ReadView, KeyRange, int[])}, reading the rows from a
   * table segment that {@link TableSegments#usable} allowed at this view's
   * snapshot (null: from RocksDB): the same rows in the same order.
   */
  public RowCursor scan(ReadView view, KeyRange range, int[] projection,
      TableSegments.Usable segment) {
    if (segment == null || isPoint(range)) {
      return scan(view, range, projection);
    }
    checkNotDropped();
    final byte[][] bytes = dataBytes(range);
    return new SegmentCursor(this, segment, view, bytes[0], bytes[1], projection);
  }

  private RowCursor scanIndex(ReadView view, Index index, KeyRange range, int equal,
      int[] projection) {
    final byte[][] bytes = index.byteRange(range, equal);
    try {
      if (covers(index, projection)) {
        return new CoveringIndexCursor(index, index.entries(view, bytes[0], bytes[1]),
            projection);
      }
      return new IndexCursor(view, index.entries(view, bytes[0], bytes[1]), projection);
    } catch (StorageException e) {
      throw failed("scan", e);
    }
  }

  /**
   * Opens a cursor over the rows whose leading primary-key columns, or with
   * an index its leading indexed columns, equal the given values: one get for
   * a whole primary key, else the range of that prefix, in key or index
   * order. This is a lookup join's probe. If the index has been dropped
   * since the caller chose it, or was created after the view's snapshot, the
   * rows are found by reading every row (the same answer, slowly).
   *
   * @param index the secondary index to probe, or null for the primary key
   * @param values storage values of the leading columns, none of them null
   * @param projection ordinals of the columns to return, in output order
   */
  public RowCursor scanEqual(ReadView view, IndexDef index, Object[] values, int[] projection) {
    checkNotDropped();
    final KeyRange range = new KeyRange(values, true, values, true);
    if (index == null) {
      return scan(view, range, projection);
    }
    final Index live = index(index);
    if (live != null && live.completeIn(view)) {
      return scanIndex(view, live, range, values.length, projection);
    }
    final int[] columns = new int[values.length];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = index.columns().get(i);
    }
    try {
      return new EqualColumnsCursor(view.scan(Space.DATA, prefix, prefixEnd), columns, values,
          projection);
    } catch (StorageException e) {
      throw failed("scan", e);
    }
  }

  /** Rows read exactly by {@link #estimateRows} before it extrapolates. */
  static final int COUNTED_ROWS = 4_096;

  /**
   * Estimates how many rows an access path reads, for the planner's costs:
   * the entries of its ranges as committed now, counted exactly up to
   * {@value #COUNTED_ROWS}; past that, the count so far scaled by the share
   * of the ranges' bytes it covered (RocksDB's
   * {@linkplain dev.sorrel.storage.Store#approximateSize approximate sizes}),
   * as MySQL's index dives and MyRocks' range estimates do. A path with
   * parameters gets the rule of thumb of {@link AccessPath#estimatedRows}
   * over the table's estimated size.
   */
  public double estimateRows(AccessPath path) {
    checkNotDropped();
    final Index index = path.index() == null ? null : index(path.index());
    if (path.hasParameters() || (path.index() != null && index == null)) {
      return path.estimatedRows(estimateRows(AccessPath.full()));
    }
    final List<KeyRange> ranges = path.ranges(parameter -> {
      throw new IllegalStateException("a path without parameters read parameter " + parameter);
    });
    final Space space = index == null ? Space.DATA : Space.INDEX;
    final List<byte[][]> bytes = new ArrayList<>(ranges.size());
    for (KeyRange range : ranges) {
      bytes.add(index == null ? dataBytes(range) : index.byteRange(range, path.equalColumns()));
    }
    long counted = 0;
    try (ReadView view = database.snapshot()) {
      for (int i = 0; i < bytes.size(); i++) {
        try (KvCursor cursor = view.scan(space, bytes.get(i)[0], bytes.get(i)[1])) {
          while (cursor.next()) {
            if (++counted == COUNTED_ROWS) {
              return extrapolate(space, bytes, i, cursor.key());
            }
          }
        }
      }
    } catch (StorageException e) {
      throw failed("scan", e);
    }
    return counted;
  }

  /**
   * Scales {@value #COUNTED_ROWS} rows, read up to {@code at} in range
   * {@code range}, to all the ranges by their approximate sizes.
   */
  private double extrapolate(Space space, List<byte[][]> bytes, int range, byte[] at) {
    double total = 0;
    double read = 0;
    for (int i = 0; i < bytes.size(); i++) {
      final long size = database.store().approximateSize(space, bytes.get(i)[0],
          bytes.get(i)[1]);
      total += size;
      if (i < range) {
        read += size;
      }
    }
    read += database.store().approximateSize(space, bytes.get(range)[0],
        KeyEncoder.successor(at));
    // Sizes too coarse to tell (all in one block or memtable): at least what was counted.
    return read <= 0 || total <= read ? COUNTED_ROWS : COUNTED_ROWS * (total / read);
  }

  /** The bytes of {@link Space#DATA} that hold a key range's rows, as {@code [from, to)}. */
  private byte[][] dataBytes(KeyRange range) {
    return new byte[][] {
        range.lower() == null ? prefix : bound(range.lower(), !range.lowerInclusive()),
        range.upper() == null ? prefixEnd : bound(range.upper(), range.upperInclusive())};
  }

  private boolean isPoint(KeyRange range) {
    return range.lower() != null && range.lower() == range.upper()
        && range.lowerInclusive() && range.upperInclusive()
        && range.lower().length == keyColumns.length && keyColumns.length > 0;
  }

  private byte[] bound(Object[] values, boolean afterAllWithPrefix) {
    final KeyEncoder encoder = new KeyEncoder().writeRawInt(def.id());
    for (int i = 0; i < values.length; i++) {
      encoder.write(keyTypes[i], values[i]);
    }
    final byte[] bytes = encoder.toByteArray();
    return afterAllWithPrefix ? KeyEncoder.successor(bytes) : bytes;
  }

  private Object[] decode(byte[] bytes) {
    try {
      return codec.decode(bytes);
    } catch (StorageException e) {
      throw corrupt(e);
    }
  }

  /**
   * Reads the value stored under a key, or null. Storage failures become
   * engine errors here, where the engine calls storage, and nowhere else.
   */
  private byte[] read(ReadView view, byte[] key) {
    try {
      return view.get(Space.DATA, key);
    } catch (StorageException e) {
      throw failed("read", e);
    }
  }

  private static boolean exists(Transaction tx, byte[] key) {
    try {
      return tx.storage().exists(Space.DATA, key);
    } catch (StorageException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, e.getMessage(), e);
    }
  }

  private SorrelException failed(String what, StorageException e) {
    return new SorrelException(ErrorCode.IO_ERROR, what + " of table " + def.name()
        + " failed: " + e.getMessage(), e);
  }

  private SorrelException corrupt(StorageException e) {
    return new SorrelException(ErrorCode.DATA_CORRUPTED,
        "corrupt row in table " + def.name() + ": " + e.getMessage(), e);
  }

  // ---------------------------------------------------------------- writes

  /**
   * Checks and converts a full row for writing: each value to its column's
   * storage representation, NOT NULL enforced.
   */
  public Object[] checkRow(Object[] row) {
    if (row.length != types.length) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "row of " + row.length
          + " values for table " + def.name() + " of " + types.length + " columns");
    }
    final Object[] out = new Object[row.length];
    for (int i = 0; i < row.length; i++) {
      final ColumnDef column = def.columns().get(i);
      if (row[i] == null) {
        if (!column.nullable()) {
          throw new SorrelException(ErrorCode.NOT_NULL_VIOLATION, "NULL value in column "
              + column.name() + " of table " + def.name() + " violates NOT NULL");
        }
      } else {
        out[i] = Values.coerce(column, row[i]);
      }
    }
    return out;
  }

  /**
   * Returns a row to insert with a value in each identity column: the
   * column's next value where the row has NULL; a value given explicitly is
   * kept, and the counter moves past it so that it is never generated later.
   * Returns {@code row} itself if the table has no identity column.
   */
  public Object[] withIdentity(Object[] row) {
    if (identityColumns.length == 0) {
      return row;
    }
    final IdentityCounters.Counter[] counters = counters();
    final Object[] out = row.clone();
    for (int i = 0; i < identityColumns.length; i++) {
      final int c = identityColumns[i];
      final ColumnDef column = def.columns().get(c);
      if (out[c] == null) {
        out[c] = Values.coerce(column, counters[i].next());
      } else {
        out[c] = Values.coerce(column, out[c]);
        counters[i].skipPast(((Number) out[c]).longValue());
      }
    }
    return out;
  }

  private IdentityCounters.Counter[] counters() {
    IdentityCounters.Counter[] found = counters;
    if (found == null) {
      found = new IdentityCounters.Counter[identityColumns.length];
      for (int i = 0; i < found.length; i++) {
        found[i] = database.catalog().identities().counter(this, identityColumns[i]);
      }
      counters = found;
    }
    return found;
  }

  /**
   * Inserts a row; a row with the same primary key is a duplicate-key error.
   * Identity columns left NULL take their next value ({@link #withIdentity}).
   *
   * @return the row as stored: converted to the columns' types, identity values filled in
   */
  public Object[] insert(Transaction tx, Object[] row) {
    checkWritable();
    return insertRow(tx, row, false);
  }

  /**
   * Inserts a row unless it conflicts with a stored one (or one {@code tx}
   * wrote) on the primary key or on any unique index, as PostgreSQL's
   * {@code ON CONFLICT DO NOTHING} without a conflict target does.
   *
   * @return the row as stored, or null if a conflict left it out
   */
  public Object[] insertIfAbsent(Transaction tx, Object[] row) {
    checkWritable();
    return insertRow(tx, row, true);
  }

  private Object[] insertRow(Transaction tx, Object[] row, boolean skipConflict) {
    checkNotDropped();
    final WriteObserver observer = this.observer;
    final Object[] complete = withIdentity(row);
    final Object[] checked = checkRow(observer == null ? complete
        : observer.completing(tx, complete));
    final byte[] key;
    boolean replaced = false;
    if (keyColumns.length == 0) {
      key = new KeyEncoder().writeRawInt(def.id())
          .write(ValueType.BIGINT, nextRowId.getAndIncrement()).toByteArray();
    } else {
      key = rowKey(checked);
      if (exists(tx, key)) {
        if (observer == null || !observer.insertReplaces()) {
          if (skipConflict) {
            return null;
          }
          throw duplicate(checked);
        }
        replaced = true;
      }
    }
    final List<Index> indexes = indexes(tx);
    Index.Entry[] entries = null;
    if (!indexes.isEmpty()) {
      // Every check before any write, so a refused row leaves nothing behind.
      entries = new Index.Entry[indexes.size()];
      for (int i = 0; i < entries.length; i++) {
        entries[i] = indexes.get(i).entry(checked, key);
        if (skipConflict && indexes.get(i).taken(tx, entries[i])) {
          return null;
        }
        indexes.get(i).checkUnique(tx, entries[i], checked);
      }
    }
    putRow(tx, key, codec.encode(checked));
    for (int i = 0; entries != null && i < entries.length; i++) {
      indexes.get(i).put(tx, entries[i]);
    }
    tx.wroteRows(this);
    if (observer != null) {
      observer.inserted(tx, checked, replaced);
    }
    return checked;
  }

  // ---------------------------------------------------------------- bulk writes

  /**
   * Starts a bulk insert into this table through {@code tx}: rows are sorted
   * into SST files that the commit ingests (see {@link BulkInsert}). Returns
   * null where a bulk insert cannot keep the row path's semantics, and the
   * caller inserts row by row: in a transaction that reads its own writes or
   * has written already, in a database held in memory, or into a table whose
   * observer has no bulk part.
   */
  public BulkInsert bulkInsert(Transaction tx) {
    checkNotDropped();
    checkWritable();
    if (tx.isExplicit() || tx.hasWrites() || tx.storage().isIndexed()
        || !database.store().canIngest() || pending != null) {
      return null;
    }
    final WriteObserver observer = this.observer;
    final java.nio.file.Path directory;
    try {
      directory = database.store().newBulkDirectory();
    } catch (StorageException e) {
      throw failed("bulk write", e);
    }
    final WriteObserver.BulkPart part = observer == null ? null
        : observer.bulkPart(tx, directory);
    if (observer != null && part == null) {
      return null;
    }
    return new BulkInsert(tx, this, indexes, part, directory);
  }

  /** A row made ready to store, as an insert makes it: identity values, completion, checks. */
  Object[] prepareInsert(Transaction tx, Object[] row) {
    final WriteObserver observer = this.observer;
    final Object[] complete = withIdentity(row);
    return checkRow(observer == null ? complete : observer.completing(tx, complete));
  }

  /** The key a new checked row is stored under: its primary key, or the next hidden row id. */
  byte[] newRowKey(Object[] checked) {
    if (keyColumns.length == 0) {
      return new KeyEncoder().writeRawInt(def.id())
          .write(ValueType.BIGINT, nextRowId.getAndIncrement()).toByteArray();
    }
    return rowKey(checked);
  }

  /** Encodes a checked row as stored. */
  byte[] encode(Object[] checked) {
    return codec.encode(checked);
  }

  /** The duplicate-key error of a stored row's bytes, as an insert reports it. */
  SorrelException duplicateOf(byte[] storedValue) {
    return duplicate(decode(storedValue));
  }

  /** The first key of this table's rows, and the first key after them. */
  byte[][] keyRange() {
    return new byte[][] {prefix, prefixEnd};
  }

  /** Whether inserts of an existing key replace the stored row (a feature view's history). */
  boolean insertReplaces() {
    final WriteObserver observer = this.observer;
    return observer != null && observer.insertReplaces();
  }

  /** Deletes the row stored under a key returned by {@link RowCursor#key()}. */
  public void delete(Transaction tx, byte[] storedKey) {
    checkWritable();
    deleteRow(tx, storedKey);
  }

  private void deleteRow(Transaction tx, byte[] storedKey) {
    checkNotDropped();
    final List<Index> indexes = indexes(tx);
    if (!indexes.isEmpty()) {
      final Object[] old = storedRow(tx, storedKey);
      if (old != null) {
        for (Index index : indexes) {
          index.delete(tx, index.entry(old, storedKey));
        }
      }
    }
    tx.wroteRows(this);
    deleteStored(tx, storedKey);
  }

  /**
   * The row stored under a key as the transaction found it, or null, to
   * remove its index entries when only its key is given.
   */
  private Object[] storedRow(Transaction tx, byte[] storedKey) {
    // As the transaction's earlier statements left it (committed data for a statement's own).
    try (ReadView view = tx.writesView()) {
      return get(view, storedKey);
    }
  }

  /**
   * Replaces the row stored under {@code storedKey} with {@code newRow}. If
   * the primary key changes, the new key must be free.
   */
  public void update(Transaction tx, byte[] storedKey, Object[] newRow) {
    checkWritable();
    updateRow(tx, storedKey, newRow);
  }

  private void updateRow(Transaction tx, byte[] storedKey, Object[] newRow) {
    checkNotDropped();
    tx.wroteRows(this);
    final Object[] checked = checkRow(newRow);
    final byte[] newKey = keyColumns.length == 0 ? storedKey : rowKey(checked);
    final boolean moves = !java.util.Arrays.equals(newKey, storedKey);
    if (moves && exists(tx, newKey)) {
      throw duplicate(checked);
    }
    final List<Index> indexes = indexes(tx);
    final Object[] old = indexes.isEmpty() ? null : storedRow(tx, storedKey);
    final Index.Entry[] added = new Index.Entry[indexes.size()];
    for (int i = 0; i < added.length; i++) {
      final Index index = indexes.get(i);
      final Index.Entry after = index.entry(checked, newKey);
      final Index.Entry before = old == null ? null : index.entry(old, storedKey);
      if (before != null && before.sameAs(after)) {
        continue;
      }
      if (before != null) {
        index.delete(tx, before);
      }
      index.checkUnique(tx, after, checked);
      added[i] = after;
    }
    if (moves) {
      deleteStored(tx, storedKey);
    }
    putRow(tx, newKey, codec.encode(checked));
    for (int i = 0; i < added.length; i++) {
      if (added[i] != null) {
        indexes.get(i).put(tx, added[i]);
      }
    }
  }

  /**
   * Deletes stored rows, given as full rows read from this table. Rows of a
   * keyed table are found by key; rows of a keyless table by value, one
   * stored row per given row, so duplicates delete as many copies as given.
   *
   * @return number of rows deleted
   */
  public int deleteRows(Transaction tx, List<Object[]> rows) {
    return replaceRows(tx, rows, null);
  }

  /**
   * Replaces stored rows (full rows read from this table) by new rows,
   * pairwise. When keys change, all old rows go before any new row is
   * placed, so {@code SET id = id + 1} does not collide with itself; a new
   * key that is still taken at the end is a duplicate-key error.
   *
   * @return number of rows updated
   */
  public int updateRows(Transaction tx, List<Object[]> oldRows, List<Object[]> newRows) {
    if (oldRows.size() != newRows.size()) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "update pairs do not match");
    }
    return replaceRows(tx, oldRows, newRows);
  }

  private int replaceRows(Transaction tx, List<Object[]> oldRows, List<Object[]> newRows) {
    checkNotDropped();
    checkWritable();
    tx.wroteRows(this);
    final WriteObserver observer = this.observer;
    if (observer != null) {
      if (newRows != null) {
        final List<Object[]> completed = new ArrayList<>(newRows.size());
        for (Object[] row : newRows) {
          completed.add(observer.completing(tx, row));
        }
        newRows = completed;
      }
      observer.replacing(tx, oldRows, newRows);
    }
    final List<Object[]> oldChecked = new ArrayList<>(oldRows.size());
    for (Object[] row : oldRows) {
      oldChecked.add(checkRow(row));
    }
    final List<byte[]> storedKeys = keyColumns.length > 0 ? keysOf(oldChecked)
        : findKeyless(tx, oldRows);
    final List<Index> indexes = indexes(tx);
    int count = 0;
    if (newRows == null) {
      for (int i = 0; i < storedKeys.size(); i++) {
        final byte[] key = storedKeys.get(i);
        if (key != null) {
          deleteStored(tx, key);
          for (Index index : indexes) {
            index.delete(tx, index.entry(oldChecked.get(i), key));
          }
          count++;
        }
      }
      return count;
    }
    final List<Object[]> checked = new ArrayList<>(newRows.size());
    for (Object[] row : newRows) {
      checked.add(checkRow(row));
    }
    final List<byte[]> newKeys = new ArrayList<>(checked.size());
    boolean moves = false;
    for (int i = 0; i < checked.size(); i++) {
      final byte[] newKey = keyColumns.length == 0 ? storedKeys.get(i) : rowKey(checked.get(i));
      newKeys.add(newKey);
      moves |= !java.util.Arrays.equals(newKey, storedKeys.get(i));
    }
    // Like the rows, every changed index entry goes before any new one is
    // placed, so SET u = u + 1 on a unique column does not collide with itself.
    final Index.Entry[][] added = replaceEntries(tx, indexes, oldChecked, storedKeys, checked,
        newKeys);
    if (keyColumns.length == 0) {
      for (int i = 0; i < storedKeys.size(); i++) {
        if (storedKeys.get(i) != null) {
          placeEntries(tx, indexes, added[i], checked.get(i));
          putRow(tx, storedKeys.get(i), codec.encode(checked.get(i)));
          count++;
        }
      }
      return count;
    }
    if (moves) {
      for (byte[] key : storedKeys) {
        deleteStored(tx, key);
      }
    }
    final java.util.Set<java.nio.ByteBuffer> placed = new java.util.HashSet<>();
    for (int i = 0; i < checked.size(); i++) {
      final byte[] newKey = newKeys.get(i);
      if (moves && (!placed.add(java.nio.ByteBuffer.wrap(newKey))
          || exists(tx, newKey))) {
        throw duplicate(checked.get(i));
      }
      placeEntries(tx, indexes, added[i], checked.get(i));
      putRow(tx, newKey, codec.encode(checked.get(i)));
    }
    return checked.size();
  }

  /**
   * Removes the index entries of replaced rows that change, and returns the
   * entries to place for each new row (null where an entry stays as it is).
   */
  private static Index.Entry[][] replaceEntries(Transaction tx, List<Index> indexes,
      List<Object[]> oldRows, List<byte[]> oldKeys, List<Object[]> newRows,
      List<byte[]> newKeys) {
    final Index.Entry[][] added = new Index.Entry[newRows.size()][];
    for (int i = 0; i < newRows.size(); i++) {
      added[i] = new Index.Entry[indexes.size()];
      if (oldKeys.get(i) == null) {
        continue; // a keyless row no longer stored: nothing to replace
      }
      for (int j = 0; j < indexes.size(); j++) {
        final Index index = indexes.get(j);
        final Index.Entry before = index.entry(oldRows.get(i), oldKeys.get(i));
        final Index.Entry after = index.entry(newRows.get(i), newKeys.get(i));
        if (!before.sameAs(after)) {
          index.delete(tx, before);
          added[i][j] = after;
        }
      }
    }
    return added;
  }

  /** Checks and writes the new entries of one row. */
  private static void placeEntries(Transaction tx, List<Index> indexes, Index.Entry[] entries,
      Object[] row) {
    for (int j = 0; j < entries.length; j++) {
      if (entries[j] != null) {
        indexes.get(j).checkUnique(tx, entries[j], row);
        indexes.get(j).put(tx, entries[j]);
      }
    }
  }

  private List<byte[]> keysOf(List<Object[]> checkedRows) {
    final List<byte[]> keys = new ArrayList<>(checkedRows.size());
    for (Object[] row : checkedRows) {
      keys.add(rowKey(row));
    }
    return keys;
  }

  /** Finds the stored keys of keyless rows by value, one stored row per given row. */
  private List<byte[]> findKeyless(Transaction tx, List<Object[]> rows) {
    final java.util.Map<List<Object>, java.util.ArrayDeque<Integer>> wanted =
        new java.util.HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      wanted.computeIfAbsent(identity(rows.get(i)), k -> new java.util.ArrayDeque<>()).add(i);
    }
    final byte[][] keys = new byte[rows.size()][];
    int found = 0;
    final int[] all = new int[types.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    // What the transaction's earlier statements left (a new snapshot for a statement transaction).
    try (ReadView view = tx.writesView();
         RowCursor cursor = scan(view, KeyRange.ALL, all)) {
      while (found < keys.length && cursor.next()) {
        final java.util.ArrayDeque<Integer> slots = wanted.get(identity(cursor.row()));
        if (slots != null && !slots.isEmpty()) {
          keys[slots.poll()] = cursor.key().clone();
          found++;
        }
      }
    }
    // Aligned with the given rows; a row no longer stored has a null key.
    return java.util.Arrays.asList(keys);
  }

  private static List<Object> identity(Object[] row) {
    final List<Object> values = new ArrayList<>(row.length);
    for (Object value : row) {
      values.add(value instanceof byte[] b ? java.nio.ByteBuffer.wrap(b) : value);
    }
    return values;
  }

  /** Whether an update to these column ordinals can move a row to another key. */
  public boolean touchesKey(int[] updatedColumns) {
    for (int c : updatedColumns) {
      for (int k : keyColumns) {
        if (c == k) {
          return true;
        }
      }
    }
    return false;
  }

  private SorrelException duplicate(Object[] row) {
    final List<String> parts = new ArrayList<>();
    for (int k : keyColumns) {
      parts.add(def.columns().get(k).name() + "=" + render(row[k]));
    }
    return new SorrelException(ErrorCode.DUPLICATE_KEY, "duplicate primary key ("
        + String.join(", ", parts) + ") in table " + def.name());
  }

  private static String render(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }

  /** Stores an encoded row, recording its key for the change log of table segments. */
  private void putRow(Transaction tx, byte[] key, byte[] value) {
    tx.changed(this, key);
    tx.storage().put(Space.DATA, key, value);
  }

  /** Deletes a stored row, recording its key likewise. */
  private void deleteStored(Transaction tx, byte[] key) {
    tx.changed(this, key);
    tx.storage().delete(Space.DATA, key);
  }

  /** Writes a checked row under its key, replacing any row stored there (for the table's owner). */
  public void put(Transaction tx, byte[] key, Object[] checkedRow) {
    putRow(tx, key, codec.encode(checkedRow));
    tx.wroteRows(this);
  }

  /** Deletes the row stored under a key (for the table's owner). */
  public void remove(Transaction tx, byte[] key) {
    deleteStored(tx, key);
    tx.wroteRows(this);
  }

  /** Reads and decodes the full row stored under an encoded key, or null. */
  public Object[] get(ReadView view, byte[] key) {
    final byte[] bytes = read(view, key);
    return bytes == null ? null : decode(bytes);
  }

  /** Encodes a checked row as it is stored (for an owner writing files of its rows). */
  public byte[] encodeStored(Object[] checkedRow) {
    return codec.encode(checkedRow);
  }

  /** Decodes a full stored row. */
  public Object[] decodeStored(byte[] bytes) {
    return decode(bytes);
  }

  /**
   * This table's key prefix followed by the key columns of another table's
   * key: turns an online row key into the prefix of its entity's history.
   */
  public byte[] entityPrefix(byte[] otherTableKey) {
    final byte[] key = otherTableKey.clone();
    System.arraycopy(prefix, 0, key, 0, prefix.length);
    return key;
  }

  /**
   * Compacts this table's rows into one sorted run: worth it after a bulk
   * load, which otherwise leaves the rows spread over several levels for a
   * while. Its {@link WriteObserver} is told, so a feature view compacts its
   * online rows and writes a new history segment too.
   */
  public void compact() {
    checkNotDropped();
    database.store().compact(Space.DATA, prefix, prefixEnd);
    for (Index index : indexes) {
      final byte[][] range = index.keyRange();
      database.store().compact(Space.INDEX, range[0], range[1]);
    }
    final WriteObserver observer = this.observer;
    if (observer != null) {
      observer.compacted();
    }
  }

  /** The length of the key prefix that identifies this table. */
  public int prefixLength() {
    return prefix.length;
  }

  /** Encodes the leading key columns of a row of this table, prefix included. */
  public byte[] encodeKeyPrefix(Object[] values, int count) {
    final KeyEncoder encoder = new KeyEncoder().writeRawInt(def.id());
    for (int i = 0; i < count; i++) {
      encoder.write(keyTypes[i], values[i]);
    }
    return encoder.toByteArray();
  }

  /** The stored key of a checked row, prefix included. */
  public byte[] rowKey(Object[] row) {
    final KeyEncoder encoder = new KeyEncoder().writeRawInt(def.id());
    for (int k : keyColumns) {
      encoder.write(types[k], row[k]);
    }
    return encoder.toByteArray();
  }

  private byte[] encodeKey(Object[] key) {
    if (key.length != keyColumns.length) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "key of " + key.length
          + " values for table " + def.name() + " with a key of " + keyColumns.length);
    }
    final KeyEncoder encoder = new KeyEncoder().writeRawInt(def.id());
    for (int i = 0; i < key.length; i++) {
      encoder.write(keyTypes[i], key[i]);
    }
    return encoder.toByteArray();
  }

  private void checkNotDropped() {
    if (dropped) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND,
          "table " + def.name() + " has been dropped");
    }
  }

  @Override public String toString() {
    return def.name();
  }

  // ---------------------------------------------------------------- cursors

  /**
   * A forward cursor over rows. {@link #row()} is valid until the next call
   * of {@link #next()}; it holds the projected columns in projection order.
   */
  public interface RowCursor extends AutoCloseable {
    boolean next();

    Object[] row();

    /** The stored key of the current row, for deleting or updating it. */
    byte[] key();

    @Override void close();
  }

  /** Decodes the projected columns of each value a subclass steps to. */
  private abstract class DecodingCursor implements RowCursor {
    private final int[] projection;
    private Object[] row;

    DecodingCursor(int[] projection) {
      this.projection = projection;
    }

    /** Steps to the next stored value and returns it, or null at the end. */
    abstract byte[] advance();

    @Override public final boolean next() {
      final byte[] value;
      try {
        value = advance();
      } catch (StorageException e) {
        throw failed("scan", e);
      }
      if (value == null) {
        row = null;
        return false;
      }
      row = new Object[projection.length];
      try {
        codec.decode(value, projection, row);
      } catch (StorageException e) {
        throw corrupt(e);
      }
      return true;
    }

    @Override public final Object[] row() {
      if (row == null) {
        throw new NoSuchElementException();
      }
      return row;
    }
  }

  private final class RangeCursor extends DecodingCursor {
    private final KvCursor cursor;

    RangeCursor(KvCursor cursor, int[] projection) {
      super(projection);
      this.cursor = cursor;
    }

    @Override byte[] advance() {
      return cursor.next() ? cursor.value() : null;
    }

    @Override public byte[] key() {
      return cursor.key();
    }

    @Override public void close() {
      cursor.close();
    }
  }

  /**
   * Whether a scan by this path reads only index entries, not rows: a path
   * over an index whose entries hold every projected column.
   */
  public boolean readsEntriesOnly(AccessPath path, int[] projection) {
    final Index index = path.index() == null ? null : index(path.index());
    return index != null && covers(index, projection);
  }

  /**
   * Whether an index's entries hold every projected column: its own columns
   * and, in the row key each entry carries, the primary key's. Such a scan
   * reads no rows (an index-only scan).
   */
  private boolean covers(Index index, int[] projection) {
    for (int column : projection) {
      boolean found = false;
      for (int i = 0; i < index.width() && !found; i++) {
        found = index.column(i) == column;
      }
      for (int k = 0; k < keyColumns.length && !found; k++) {
        found = keyColumns[k] == column;
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the projected columns of each index entry in a range from the
   * entry itself, in index order: the indexed values from its key, the
   * primary key from the row key it points to.
   */
  private final class CoveringIndexCursor implements RowCursor {
    private final Index index;
    private final Index.EntryCursor entries;
    private final int[] projection;
    private final Object[] values;
    private byte[] key;
    private Object[] row;

    CoveringIndexCursor(Index index, Index.EntryCursor entries, int[] projection) {
      this.index = index;
      this.entries = entries;
      this.projection = projection;
      this.values = new Object[types.length];
    }

    @Override public boolean next() {
      try {
        key = entries.next();
      } catch (StorageException e) {
        // A failed read (I/O) is not damaged data.
        throw failed("index scan", e);
      }
      if (key == null) {
        row = null;
        return false;
      }
      try {
        final KeyDecoder decoder = new KeyDecoder(entries.entryValue(), 0);
        for (int k = 0; k < keyColumns.length; k++) {
          values[keyColumns[k]] = decoder.read(keyTypes[k]);
        }
        index.decodeValues(entries.entryKey(), values);
      } catch (StorageException e) {
        throw corrupt(e);
      }
      row = new Object[projection.length];
      for (int i = 0; i < projection.length; i++) {
        row[i] = values[projection[i]];
      }
      return true;
    }

    @Override public Object[] row() {
      if (row == null) {
        throw new NoSuchElementException();
      }
      return row;
    }

    @Override public byte[] key() {
      return key;
    }

    @Override public void close() {
      entries.close();
    }
  }

  /** Reads the row of each index entry in a range, in index order. */
  private final class IndexCursor extends DecodingCursor {
    private final ReadView view;
    private final Index.EntryCursor entries;
    private byte[] key;

    IndexCursor(ReadView view, Index.EntryCursor entries, int[] projection) {
      super(projection);
      this.view = view;
      this.entries = entries;
    }

    @Override byte[] advance() {
      for (byte[] rowKey = entries.next(); rowKey != null; rowKey = entries.next()) {
        // Entries and rows are written in one batch and read from one
        // snapshot, so every entry has its row.
        final byte[] value = view.get(Space.DATA, rowKey);
        if (value != null) {
          key = rowKey;
          return value;
        }
      }
      key = null;
      return null;
    }

    @Override public byte[] key() {
      return key;
    }

    @Override public void close() {
      entries.close();
    }
  }

  /**
   * Reads every row and keeps those whose columns equal the given values
   * (compared as the key encoding compares them): a probe whose index is gone.
   */
  private final class EqualColumnsCursor extends DecodingCursor {
    private final KvCursor cursor;
    private final int[] columns;
    private final byte[] wanted;
    private final Object[] values;

    EqualColumnsCursor(KvCursor cursor, int[] columns, Object[] wanted, int[] projection) {
      super(projection);
      this.cursor = cursor;
      this.columns = columns;
      this.wanted = encodeColumns(columns, wanted);
      this.values = new Object[columns.length];
    }

    private byte[] encodeColumns(int[] ordinals, Object[] row) {
      final KeyEncoder encoder = new KeyEncoder();
      for (int i = 0; i < ordinals.length; i++) {
        encoder.write(types[ordinals[i]], row[i]);
      }
      return encoder.toByteArray();
    }

    @Override byte[] advance() {
      while (cursor.next()) {
        final byte[] value = cursor.value();
        codec.decode(value, columns, values);
        boolean known = true;
        for (Object v : values) {
          known &= v != null;
        }
        if (known && java.util.Arrays.equals(wanted, encodeColumns(columns, values))) {
          return value;
        }
      }
      return null;
    }

    @Override public byte[] key() {
      return cursor.key();
    }

    @Override public void close() {
      cursor.close();
    }
  }

  private final class PointCursor extends DecodingCursor {
    private final byte[] key;
    private byte[] value;

    PointCursor(byte[] value, byte[] key, int[] projection) {
      super(projection);
      this.value = value;
      this.key = key;
    }

    @Override byte[] advance() {
      final byte[] result = value;
      value = null;
      return result;
    }

    @Override public byte[] key() {
      return key;
    }

    @Override public void close() {
    }
  }
}
