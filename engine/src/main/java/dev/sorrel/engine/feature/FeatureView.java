package dev.sorrel.engine.feature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.FeatureViewDef;
import dev.sorrel.engine.feature.segment.HistorySegments;
import dev.sorrel.engine.table.Table;
import dev.sorrel.engine.table.WriteObserver;
import dev.sorrel.storage.ByteKey;
import dev.sorrel.storage.KeyDecoder;
import dev.sorrel.storage.KeyEncoder;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.SeekCursor;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.SstFile;
import dev.sorrel.storage.SstOutput;
import dev.sorrel.storage.ValueType;

/**
 * A feature view at run time: its history table (every value ever written,
 * keyed by entity, event time and write time) and its online table (per
 * entity, the row with the newest event time, then the newest write time).
 *
 * <p>Both are written in the same batch, so they never disagree: every write
 * to the history gathers, per entity, the best new row, and just before the
 * batch commits the online row is replaced where the new row is at least as
 * new (ties on both times go to the later write, which also replaced the
 * history row with that key). Deletes and updates recompute the online row of
 * each entity they touch from the history.
 *
 * <p>Column layout of both tables: the entity key columns, then
 * {@code EVENT_TIMESTAMP}, {@code CREATED_TIMESTAMP}, then the features.
 */
public final class FeatureView implements WriteObserver {
  private final FeatureViewDef def;
  private final Table history;
  private final Table online;
  private final HistorySegments segments;
  private final int keyCount;
  /** Shared by every generation of this view's runtime object (they change with ALTER). */
  private final AtomicReference<FeatureViewStats> stats;
  /** The write time last stamped on a row (read on any thread). */
  private volatile WriteTime writeTime;

  /**
   * Binds a view's definition to its two tables: the history's writes go
   * through this object, and the online table is written by it alone.
   *
   * @param segments the database's history segments, told of every change
   * @param stats shared by every generation of this view's runtime object
   */
  public FeatureView(FeatureViewDef def, Table history, Table online, HistorySegments segments,
      AtomicReference<FeatureViewStats> stats) {
    this.def = def;
    this.history = history;
    this.online = online;
    this.segments = segments;
    this.keyCount = def.online().primaryKey().size();
    this.stats = stats;
    history.observeWrites(this);
    online.makeReadOnly("online." + def.name()
        + " is read-only: it shows the latest row per entity of feature view " + def.name()
        + "; write to " + def.name() + " instead");
  }

  public FeatureViewDef def() {
    return def;
  }

  public String name() {
    return def.name();
  }

  /** The history table: every value with its event and write time. */
  public Table history() {
    return history;
  }

  /** The online table: one row per entity, the latest values. */
  public Table online() {
    return online;
  }

  /** Number of entity key columns; the event time column follows them. */
  public int keyCount() {
    return keyCount;
  }

  public int eventOrdinal() {
    return keyCount;
  }

  public int createdOrdinal() {
    return keyCount + 1;
  }

  /** How long values stay valid after their event time, or null for ever. */
  public Long ttlMillis() {
    return def.ttlMillis();
  }

  /** Row count, entity count and newest event time, as of the last commit. */
  public FeatureViewStats stats() {
    return stats.get();
  }

  /** The holder of this view's statistics, handed to the next generation of the view. */
  public AtomicReference<FeatureViewStats> statsHolder() {
    return stats;
  }

  /**
   * A TIMESTAMP value for an instant: the local wall-clock time of the JVM's
   * time zone, as SQL's {@code CURRENT_TIMESTAMP} gives it (TIMESTAMP has no
   * time zone), so stamped write times compare correctly with event times
   * written as literals or with {@code CURRENT_TIMESTAMP}.
   */
  public static long wallClock(long epochMillis) {
    return epochMillis + java.util.TimeZone.getDefault().getOffset(epochMillis);
  }

  /**
   * The online value of an entity as of a time, as online reads serve it:
   * the projected columns of its online row if that row's event time has
   * come by {@code asOfMillis}; if the row is dated later, the entity's
   * history value as of then (which a future-dated write does not hide);
   * past the view's TTL, or with no value yet, every column but the key
   * columns reads as NULL. Null if the entity has no online row.
   *
   * @param key the entity key (storage values)
   * @param asOfMillis the time to serve for (a TIMESTAMP: SQL's
   *     {@code CURRENT_TIMESTAMP} for "now", see {@link #wallClock})
   * @param projection columns of the online table to return, in order
   */
  public Object[] readOnline(Object[] key, long asOfMillis, int[] projection) {
    return onlineReader(projection, asOfMillis).read(key);
  }

  /**
   * Reads online values as of one time, as {@link #readOnline} does, for
   * many keys or for rows a scan of the online table has already read.
   */
  public OnlineReader onlineReader(int[] projection, long asOfMillis) {
    return new OnlineReader(this, projection, asOfMillis);
  }

  /**
   * The history value of an entity at {@code millis} under the online rule
   * ({@link AsOfRule#online}): the projected columns of its newest row at or
   * before that time, or null if it has none or that row has expired. Read
   * from the latest committed data with one backward seek.
   */
  Object[] historyValue(Object[] entityKey, long millis, int[] projection) {
    try (ReadView view = history.database().snapshot();
        AsOfSeeker seeker = new AsOfSeeker(view, history, keyCount, AsOfRule.online(this),
            projection, null)) {
      final ProbeBatch probe = new ProbeBatch();
      return seeker.add(probe, entityKey, millis, 0) ? seeker.find(probe, 0) : null;
    }
  }

  // ---------------------------------------------------------------- writes

  // A row with the same entity, event time and write time is replaced:
  // loading the same data twice is idempotent.
  @Override public boolean insertReplaces() {
    return true;
  }

  @Override public void inserted(Transaction tx, Object[] row, boolean replaced) {
    final Pending pending = pending(tx);
    if (!replaced) {
      pending.rowDelta++;
    }
    tx.wrote(online); // its rows change at commit; a later read in the batch would miss them
    pending.offer(row);
  }

  /**
   * Requires the entity key and event time, and stamps a missing write time
   * with the transaction's start time.
   */
  @Override public Object[] completing(Transaction tx, Object[] row) {
    for (int k = 0; k <= keyCount; k++) {
      if (row[k] == null) {
        final ColumnDef column = history.columns().get(k);
        throw new SorrelException(ErrorCode.NOT_NULL_VIOLATION, "a row of feature view "
            + def.name() + " needs " + (k == keyCount ? "an event time" : "the entity key")
            + ": " + column.name() + " is NULL");
      }
    }
    Object[] stamped = row;
    if (row[createdOrdinal()] == null) {
      stamped = row.clone();
      stamped[createdOrdinal()] = writeTime(tx);
    }
    return stamped;
  }

  /**
   * The write time stamped on rows that lack one: the transaction's start as a wall clock,
   * worked out once per start time (a bulk load stamps millions of rows with it).
   */
  private Long writeTime(Transaction tx) {
    final long start = tx.startMillis();
    final WriteTime last = writeTime;
    if (last != null && last.startMillis == start) {
      return last.wallClock;
    }
    final WriteTime next = new WriteTime(start, wallClock(start));
    writeTime = next;
    return next.wallClock;
  }

  /** A start time and its wall clock, as {@link #writeTime} last worked it out. */
  private record WriteTime(long startMillis, Long wallClock) {
  }

  /** Compacts the online rows too, and writes a new history segment. */
  @Override public void compacted() {
    online.compact();
    // After a committed load: a segment that cannot be written costs speed, not the load.
    segments.buildQuietly(this);
  }

  /**
   * Records deleted and replacement rows (full history rows), so that the
   * online rows of their entities are recomputed before commit.
   */
  @Override public void replacing(Transaction tx, List<Object[]> oldRows,
      List<Object[]> newRows) {
    final Pending pending = pending(tx);
    tx.wrote(online);
    for (Object[] row : oldRows) {
      final Object[] checked = history.checkRow(row);
      pending.removed.add(new ByteKey(history.rowKey(checked)));
      pending.recompute.add(entityKey(checked));
    }
    if (newRows == null) {
      pending.rowDelta -= oldRows.size();
      return;
    }
    for (Object[] row : newRows) {
      final Object[] checked = history.checkRow(row);
      pending.removed.remove(new ByteKey(history.rowKey(checked)));
      pending.offer(checked);
    }
  }

  /**
   * Deletes every history and online row, in the transaction; rows inserted
   * later in it are what remains (a full refresh of a derived view).
   */
  public void truncate(Transaction tx) {
    final Pending pending = pending(tx);
    for (Table table : new Table[] {history, online}) {
      final byte[] prefix = table.encodeKeyPrefix(new Object[0], 0);
      tx.storage().deleteRange(Space.DATA, prefix, KeyEncoder.successor(prefix));
      tx.wrote(table);
    }
    pending.truncated = true;
    pending.best.clear();
    pending.recompute.clear();
    pending.removed.clear();
    pending.rowDelta = 0;
    pending.newestEvent = Long.MIN_VALUE;
  }

  private Pending pending(Transaction tx) {
    return tx.attachment(this, () -> new Pending(tx));
  }

  private ByteKey entityKey(Object[] row) {
    return new ByteKey(online.rowKey(row));
  }

  /** Compares two rows by event time, then write time. */
  private int compareTimes(Object[] a, Object[] b) {
    final int c = Long.compare((Long) a[keyCount], (Long) b[keyCount]);
    return c != 0 ? c : Long.compare((Long) a[keyCount + 1], (Long) b[keyCount + 1]);
  }

  /**
   * Writes the statistics of the data version a transaction makes, and logs
   * which entities it changed (all, if {@code everything}) for joins over an
   * older segment; the in-memory statistics follow once it commits.
   */
  private FeatureViewStats recordVersion(Transaction tx, FeatureViewStats before, long rowDelta,
      long entityDelta, long newestEvent, Collection<ByteKey> entities, boolean everything) {
    final long newest = Math.max(before.newestEventMillis() == null ? Long.MIN_VALUE
        : before.newestEventMillis(), newestEvent);
    final FeatureViewStats after = new FeatureViewStats(
        Math.max(0, before.rowCount() + rowDelta), Math.max(0, before.entityCount() + entityDelta),
        newest == Long.MIN_VALUE ? null : newest,
        // Never reset, not even by a truncation: a segment of an older version must not match.
        Math.max(stats.get().version(), before.version()) + 1);
    tx.database().catalog().writeStats(tx, def.name(), after);
    segments.logChanges(tx, this, after.version(), entities, online.prefixLength(), everything);
    tx.afterCommit(() -> stats.set(after));
    return after;
  }

  /** Bulk inserts into the history keep the online rows in step (see {@link BulkLoad}). */
  @Override public BulkPart bulkPart(Transaction tx, Path directory) {
    return tx.storage().isIndexed() ? null : new BulkLoad(tx, directory);
  }

  /**
   * The online side of a bulk insert into the history, worked out from the
   * history rows in key order (entity, event time, write time): the last row
   * of each entity is its newest (of equal keys the insert keeps the later
   * row, as consecutive inserts would), and replaces the stored online row
   * unless that one is newer. The candidates come in online key order, so
   * they go straight into files that the commit ingests, with no sort of
   * their own.
   *
   * <p>While the input comes in key order (the usual load of a sorted file),
   * the rows are followed as they arrive; once a row comes out of order, what
   * was written is dropped and the insert hands over its sorted rows instead
   * ({@link BulkPart#needsSorted}), which it reads back from its runs in
   * bounded memory. Into an empty history, the history segment is written
   * from the same rows and made current when the load commits, so the first
   * point-in-time join after the load does not build it from RocksDB.
   * Statistics and the change log are written as a row-by-row load writes
   * them.
   */
  private final class BulkLoad implements BulkPart {
    /** Changed entities logged one by one up to this many, then "everything". */
    private static final int LOGGED = 65_536;
    private final Transaction tx;
    private final Path directory;
    private final ReadView committed;
    private final int prefixLength;
    private final byte[] onlinePrefix;
    private final ValueType[] keyTypes;
    /** Whether history and online rows are encoded alike (they have the same columns). */
    private final boolean sameLayout;
    /** Whether the online table holds no row: then no candidate needs a look-up. */
    private final boolean noneOnline;
    /** Whether the history holds no row: then the loaded rows are its whole segment. */
    private final boolean noneStored;
    private boolean followsInput = true;
    private byte[] lastKey;
    /** The newest history row so far of the entity being read, and where its entity key ends. */
    private byte[] candidateKey;
    private byte[] candidateValue;
    private int candidateEnd;
    /**
     * Whether the view has a segment, whose change log lists the entities a load changes;
     * without one the load is logged as "everything", which a segment built meanwhile (in the
     * background, of the data before the load) then reads correctly.
     */
    private final boolean logEntities;
    private SstOutput out;
    private HistorySegments.LoadedSegment segment;
    private long entityDelta;
    private final Set<ByteKey> entities = new HashSet<>();
    private boolean everything;
    private long newestEvent = Long.MIN_VALUE;
    private boolean finished;

    BulkLoad(Transaction tx, Path directory) {
      this.tx = tx;
      this.directory = directory;
      this.prefixLength = history.prefixLength();
      this.onlinePrefix = online.encodeKeyPrefix(new Object[0], 0);
      this.keyTypes = new ValueType[keyCount];
      for (int k = 0; k < keyCount; k++) {
        keyTypes[k] = history.columns().get(history.keyColumns()[k]).type();
      }
      boolean same = history.columns().size() == online.columns().size();
      for (int c = 0; same && c < history.columns().size(); c++) {
        same = history.columns().get(c).type() == online.columns().get(c).type();
      }
      this.sameLayout = same && onlinePrefix.length == prefixLength;
      // Committed data: the statement holds the writer lock, so no commit changes it meanwhile.
      this.committed = tx.database().snapshot();
      try {
        this.noneOnline = isEmpty(committed, online);
        this.noneStored = isEmpty(committed, history);
      } catch (RuntimeException e) {
        committed.close();
        throw e;
      }
      this.logEntities = segments.current(FeatureView.this) != null;
      this.everything = !logEntities;
      startOutputs();
    }

    private void startOutputs() {
      out = new SstOutput(tx.database().store(), directory, "online-rows");
      segment = noneStored ? segments.startLoaded(FeatureView.this) : null;
    }

    @Override public void added(Object[] row, byte[] key, byte[] value) {
      newestEvent = Math.max(newestEvent, (Long) row[keyCount]);
      if (!followsInput) {
        return;
      }
      if (lastKey != null && Arrays.compareUnsigned(key, lastKey) <= 0) {
        // Out of key order (or a key given twice): start again from the sorted rows.
        followsInput = false;
        restart();
        return;
      }
      lastKey = key;
      offer(key, value);
    }

    @Override public boolean needsSorted() {
      return !followsInput;
    }

    @Override public void sorted(byte[] key, byte[] value) {
      offer(key, value);
    }

    /** Drops what was written from the input, to write it again from the sorted rows. */
    private void restart() {
      lastKey = null;
      candidateKey = null;
      candidateValue = null;
      discardOnline();
      if (segment != null) {
        segment.discard();
      }
      entityDelta = 0;
      entities.clear();
      everything = !logEntities;
      startOutputs();
    }

    private void discardOnline() {
      out.close();
      for (SstFile file : out.finish()) {
        try {
          Files.deleteIfExists(file.path());
        } catch (IOException ignored) {
          // Left in the bulk directory, which the next open clears.
        }
      }
    }

    /** Takes the next history row in key order. */
    private void offer(byte[] key, byte[] value) {
      final KeyDecoder decoder = new KeyDecoder(key, prefixLength);
      for (ValueType type : keyTypes) {
        decoder.skip(type);
      }
      final int entityEnd = decoder.position();
      if (candidateKey != null && !Arrays.equals(candidateKey, prefixLength, candidateEnd,
          key, prefixLength, entityEnd)) {
        place();
      }
      candidateKey = key;
      candidateValue = value;
      candidateEnd = entityEnd;
      if (segment != null) {
        segment.add(key, prefixLength, entityEnd, (Long) decoder.read(ValueType.TIMESTAMP),
            (Long) decoder.read(ValueType.TIMESTAMP), value);
      }
    }

    /** Writes the current entity's newest row as its online row, unless the stored one is newer. */
    private void place() {
      final byte[] onlineKey = Arrays.copyOf(candidateKey, candidateEnd);
      System.arraycopy(onlinePrefix, 0, onlineKey, 0, prefixLength);
      if (!everything) {
        entities.add(new ByteKey(onlineKey));
        if (entities.size() > LOGGED) {
          everything = true;
          entities.clear();
        }
      }
      final Object[] stored = noneOnline ? null : online.get(committed, onlineKey);
      if (stored != null) {
        final KeyDecoder times = new KeyDecoder(candidateKey, candidateEnd);
        final int c = Long.compare((Long) times.read(ValueType.TIMESTAMP),
            (Long) stored[keyCount]);
        if ((c != 0 ? c : Long.compare((Long) times.read(ValueType.TIMESTAMP),
            (Long) stored[keyCount + 1])) < 0) {
          return; // the stored row is newer
        }
      } else {
        entityDelta++;
      }
      out.put(onlineKey, sameLayout ? candidateValue
          : online.encodeStored(history.decodeStored(candidateValue)));
    }

    @Override public void finish(long newRows) {
      if (candidateKey != null) {
        place();
        candidateKey = null;
      }
      finished = true;
      tx.storage().ingestAtCommit(Space.DATA, out.finish());
      tx.wrote(online);
      final FeatureViewStats after = recordVersion(tx, stats.get(), newRows, entityDelta,
          newestEvent, entities, everything);
      if (segment != null) {
        // A small view's joins seek; its segment is built when it grows.
        if (segment.rows() >= segments.minRows()) {
          segment.prepare(tx, after.version());
        } else {
          segment.discard();
        }
        segment = null;
      }
    }

    @Override public void close() {
      if (!finished) {
        discardOnline();
      }
      if (segment != null) {
        segment.discard();
      }
      committed.close();
    }
  }

  /** Whether a table holds no row in the committed data. */
  private static boolean isEmpty(ReadView view, Table table) {
    final byte[] prefix = table.encodeKeyPrefix(new Object[0], 0);
    try (KvCursor any = view.scan(Space.DATA, prefix, KeyEncoder.successor(prefix))) {
      return !any.next();
    }
  }

  /** What one transaction has written to this view, folded into the online table at commit. */
  private final class Pending implements Runnable {
    private final Transaction tx;
    private final Map<ByteKey, Object[]> best = new HashMap<>();
    private final Set<ByteKey> recompute = new HashSet<>();
    private final Set<ByteKey> removed = new HashSet<>();
    private long rowDelta;
    private long newestEvent = Long.MIN_VALUE;
    private boolean truncated;

    Pending(Transaction tx) {
      this.tx = tx;
    }

    void offer(Object[] row) {
      final ByteKey entity = entityKey(row);
      final Object[] current = best.get(entity);
      if (current == null || compareTimes(row, current) >= 0) {
        best.put(entity, row);
      }
      newestEvent = Math.max(newestEvent, (Long) row[keyCount]);
    }

    @Override public void run() {
      if (tx.drops(history.id())) {
        return; // dropped later in the same transaction: nothing to keep in step
      }
      long entityDelta = 0;
      final Set<ByteKey> entities = new HashSet<>(best.keySet());
      entities.addAll(recompute);
      // As the transaction's earlier statements left them: the committed state for a
      // statement transaction (flushed once, at commit), the transaction's own view for an
      // explicit one (flushed after each statement).
      final FeatureViewStats before;
      try (ReadView view = tx.writesView()) {
        before = truncated ? FeatureViewStats.EMPTY : tx.storage().isIndexed()
            ? tx.database().catalog().stats(view, def.name()) : stats.get();
        for (ByteKey entity : entities) {
          final byte[] onlineKey = entity.bytes();
          final Object[] candidate = best.get(entity);
          final Object[] stored = truncated ? null : online.get(view, onlineKey);
          final Object[] latest;
          if (recompute.contains(entity)) {
            final Object[] fromHistory = truncated ? null : latestInHistory(view, onlineKey);
            latest = fromHistory == null ? candidate : candidate == null ? fromHistory
                : compareTimes(candidate, fromHistory) >= 0 ? candidate : fromHistory;
          } else {
            latest = stored == null || compareTimes(candidate, stored) >= 0 ? candidate : null;
            if (latest == null) {
              continue;
            }
          }
          if (latest == null) {
            if (stored != null) {
              online.remove(tx, onlineKey);
              entityDelta--;
            }
          } else {
            online.put(tx, onlineKey, latest);
            if (stored == null) {
              entityDelta++;
            }
          }
        }
      }
      recordVersion(tx, before, rowDelta, entityDelta, newestEvent, entities, truncated);
    }

    /**
     * The newest committed history row of an entity that this transaction
     * does not remove, or null.
     */
    private Object[] latestInHistory(ReadView view, byte[] onlineKey) {
      final byte[] entityPrefix = history.entityPrefix(onlineKey);
      final byte[] end = KeyEncoder.successor(entityPrefix);
      try (SeekCursor cursor = view.seeker(Space.DATA, entityPrefix, end)) {
        final byte[] value = AsOfSeeker.newest(cursor, end, entityPrefix, entityPrefix.length,
            AsOfRule.LATEST, null, key -> removed.contains(new ByteKey(key)));
        return value == null ? null : history.decodeStored(value);
      }
    }
  }

  @Override public String toString() {
    return def.name();
  }
}
