package dev.sorrel.engine.feature;

import java.util.Arrays;
import java.util.function.Predicate;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.feature.segment.HistorySegment;
import dev.sorrel.engine.feature.segment.HistorySegments;
import dev.sorrel.engine.feature.segment.SegmentSnapshot;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.KeyDecoder;
import dev.sorrel.storage.KeyEncoder;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.RowCodec;
import dev.sorrel.storage.SeekCursor;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.StorageException;
import dev.sorrel.storage.ValueType;

/**
 * Finds, for a probe (key values and a time), the row of a table with those
 * leading key values and the largest time at or before the probe's: the
 * point-in-time match. The table's primary key must start with the match
 * columns followed by the time column; rows are then sorted by time within
 * each key, and the match is one backward seek.
 *
 * <p>For a feature view the seek runs over its history, whose key ends with
 * the write time, so among rows with equal event time the newest write is
 * found first (the documented tie rule); the view's TTL rejects matches older
 * than {@code time - ttl}; and with {@code knownAt} rows written after the
 * probe's time are skipped, as if the query ran at that time. Which row is
 * the match is decided by an {@link AsOfRule}, on either path.
 *
 * <p>Given a {@link SegmentSnapshot}, a feature view's history is searched
 * in its memory-mapped {@link HistorySegment} instead, in blocks of probes
 * whose binary searches advance together, and only entities changed since
 * the segment was written are sought in RocksDB; both answer alike.
 *
 * <p>Probes in key order touch neighbouring blocks and memory; callers sort
 * them ({@link #sort}). Not thread-safe (one seeker per thread; several may
 * share a snapshot and a segment); close it to release the RocksDB iterator.
 */
public final class AsOfSeeker implements AutoCloseable {
  private final Table table;
  private final int matchColumns;
  private final ValueType[] keyTypes;
  private final ValueType timeType;
  /** Which candidate row is the match: strictness, TTL, known-at cutoff. */
  private final AsOfRule rule;
  private final int[] projection;
  private final RowCodec codec;
  /** The history's columnar image to search, or null to seek RocksDB. */
  private final HistorySegment segment;
  /** Entities changed since the segment was written: sought in RocksDB. */
  private final SegmentSnapshot.Changes changes;
  private final HistorySegment.Search search;
  private final SeekCursor cursor;
  private final KeyEncoder encoder = new KeyEncoder();

  /**
   * Opens a seeker.
   *
   * @param view the snapshot every probe reads
   * @param table the table searched
   * @param matchColumns number of leading key columns that must equal the probe's
   * @param strict whether the match must be strictly before the probe time
   * @param knownAt whether to skip feature rows written after the probe time
   *     (feature views only)
   * @param projection columns of the matched row to return
   * @param image the table's segment and the entities changed since, as
   *     {@code view} sees them ({@link #segmentFor}): the others are searched
   *     in the segment instead of RocksDB; or null
   */
  public AsOfSeeker(ReadView view, Table table, int matchColumns, boolean strict,
      boolean knownAt, int[] projection, SegmentSnapshot image) {
    // A plain table has no TTL and no write times: its newest candidate is the match.
    this(view, table, matchColumns, new AsOfRule(strict, knownAt,
        ttlOf(table.database().catalog().featureViewOf(table))), projection, image);
  }

  /** Opens a seeker that picks the match by {@code rule} (see the public constructor). */
  AsOfSeeker(ReadView view, Table table, int matchColumns, AsOfRule rule, int[] projection,
      SegmentSnapshot image) {
    final int[] key = table.keyColumns();
    if (key.length <= matchColumns) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "table " + table.name()
          + " has no time column after " + matchColumns + " key columns");
    }
    this.table = table;
    this.matchColumns = matchColumns;
    this.keyTypes = new ValueType[matchColumns];
    for (int i = 0; i < matchColumns; i++) {
      keyTypes[i] = table.columns().get(key[i]).type();
    }
    this.timeType = table.columns().get(key[matchColumns]).type();
    final FeatureView featureView = table.database().catalog().featureViewOf(table);
    if (rule.knownAt() && featureView == null) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "a known-at cutoff needs a"
          + " feature view; " + table.name() + " is a plain table");
    }
    this.rule = rule;
    this.projection = projection.clone();
    final ValueType[] types = new ValueType[table.columns().size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = table.columns().get(i).type();
    }
    this.codec = new RowCodec(types);
    final HistorySegment segment = image == null ? null : image.segment();
    if (segment != null && (featureView == null || segment.tableId() != table.id()
        || matchColumns != featureView.keyCount())) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, segment + " does not fit a"
          + " point-in-time search of " + table.name() + " on " + matchColumns + " columns");
    }
    this.segment = segment;
    this.changes = image == null ? null : image.changes();
    this.search = segment == null ? null : segment.new Search();
    if (segment == null || !changes.isEmpty()) {
      final byte[] prefix = table.encodeKeyPrefix(new Object[0], 0);
      this.cursor = view.seeker(Space.DATA, prefix, KeyEncoder.successor(prefix));
    } else {
      this.cursor = null;
    }
  }

  private static Long ttlOf(FeatureView view) {
    return view == null ? null : view.ttlMillis();
  }

  /**
   * The segment a search of {@code table} at {@code view} may use instead of
   * RocksDB, with the entities changed since it was written: for a feature
   * view's history matched on its whole entity key, if its change log covers
   * the versions between; else null.
   */
  public static SegmentSnapshot segmentFor(ReadView view, Table table, int matchColumns) {
    final FeatureView featureView = table.database().catalog().featureViewOf(table);
    if (featureView == null || featureView.history() != table
        || matchColumns != featureView.keyCount()) {
      return null;
    }
    return table.database().segments().usable(featureView, view);
  }

  /**
   * Adds the probe for key values and a time (storage values of the key
   * columns' types) to a batch, unless one of them is NULL (NULL matches
   * nothing): then returns false.
   *
   * @param row the caller's number for the probe, carried along
   */
  public boolean add(ProbeBatch batch, Object[] keyValues, Object time, int row) {
    if (time == null) {
      return false;
    }
    for (int i = 0; i < matchColumns; i++) {
      if (keyValues[i] == null) {
        return false;
      }
    }
    encoder.reset().writeRawInt(table.id());
    for (int i = 0; i < matchColumns; i++) {
      encoder.write(keyTypes[i], keyValues[i]);
    }
    final int entityLength = encoder.length();
    encoder.write(timeType, time);
    batch.add(encoder, entityLength, time, row);
    return true;
  }

  /** Sorts a batch into key order, the order to search it in. */
  public void sort(ProbeBatch batch) {
    batch.sort(table.prefixLength());
  }

  /**
   * Returns the projected columns of the match for the {@code i}-th probe of
   * a batch, or null if there is none (or the newest candidate has expired).
   */
  public Object[] find(ProbeBatch batch, int i) {
    final byte[] value = segment == null ? seekValue(batch, i) : segmentValue(batch, i);
    if (value == null) {
      return null;
    }
    final Object[] row = new Object[projection.length];
    decode(value, 0, value.length, row, 0);
    return row;
  }

  /** The stored value of probe {@code i}'s match in the segment, or null. */
  private byte[] segmentValue(ProbeBatch batch, int i) {
    final long time = (Long) batch.time(i);
    final int from = batch.keyStart(i) + table.prefixLength();
    final long entity = search.entity(batch.keys(), from, batch.entityEnd(i));
    if (changedSince(entity, batch.keys(), from, batch.entityEnd(i))) {
      return seekValue(batch, i);
    }
    if (entity < 0) {
      return null;
    }
    final long row = search.lastAtOrBefore(entity, time, rule.strict());
    final long match = row < 0 ? -1 : admissible(entity, row, time);
    return match < 0 ? null : segment.value(match);
  }

  /**
   * Whether the rows of an entity (its index in the segment, or -1 and its
   * key) changed after the segment was written: it is then sought instead.
   */
  private boolean changedSince(long entity, byte[] keys, int from, int to) {
    return !changes.isEmpty()
        && (entity >= 0 ? changes.changed(entity) : changes.added(keys, from, to));
  }

  /** The stored value of probe {@code i}'s match, found by seeking RocksDB, or null. */
  private byte[] seekValue(ProbeBatch batch, int i) {
    final int start = batch.keyStart(i);
    final byte[] probe = Arrays.copyOfRange(batch.keys(), start, batch.keyEnd(i));
    // Keys below `bound` are those with a time before (strict) or at the probe time.
    final byte[] bound = rule.strict() ? probe : KeyEncoder.successor(probe);
    return newest(cursor, bound, probe, batch.entityEnd(i) - start, rule, batch.time(i), null);
  }

  /**
   * Walks an entity's rows back from the last key below {@code bound}, newest
   * first, and returns the stored value of the first that {@code rule} admits
   * at {@code time}, or null if there is none.
   *
   * @param cursor a cursor over the table's rows
   * @param entity its first {@code entityLength} bytes are the entity's key
   *     (table prefix included); the walk ends at another entity's rows
   * @param time the probe time: a TIMESTAMP (epoch milliseconds) if the rule
   *     {@linkplain AsOfRule#readsTimes() reads times}, else not looked at
   * @param passedOver keys to pass over as if absent (rows a transaction
   *     deletes), or null
   */
  static byte[] newest(SeekCursor cursor, byte[] bound, byte[] entity, int entityLength,
      AsOfRule rule, Object time, Predicate<byte[]> passedOver) {
    for (boolean positioned = cursor.seekBefore(bound); positioned;
        positioned = cursor.previous()) {
      final byte[] key = cursor.key();
      if (!sameEntity(key, entity, entityLength)) {
        return null;
      }
      if (passedOver != null && passedOver.test(key)) {
        continue;
      }
      if (!rule.readsTimes()) {
        return cursor.value();
      }
      // A history key ends with the event time and the write time.
      final KeyDecoder decoder = new KeyDecoder(key, entityLength);
      final long event = (Long) decoder.read(ValueType.TIMESTAMP);
      final long created = rule.knownAt() ? (Long) decoder.read(ValueType.TIMESTAMP) : 0L;
      final AsOfRule.Verdict verdict = rule.admit(event, created, (Long) time);
      if (verdict == AsOfRule.Verdict.MATCH) {
        return cursor.value();
      }
      if (verdict == AsOfRule.Verdict.EXPIRED) {
        return null;
      }
    }
    return null;
  }

  /** Probes searched in lockstep over a segment (see {@link #find(ProbeBatch, int, int, Object[][], int, boolean[])}). */
  private static final int BLOCK = 256;

  private final long[] blockEntity = new long[BLOCK];
  private final boolean[] blockSeek = new boolean[BLOCK];
  private final long[] blockTime = new long[BLOCK];
  private final long[] blockRow = new long[BLOCK];
  private final long[] blockStart = new long[BLOCK];
  private final int[] blockEnd = new int[BLOCK];
  private byte[] blockValues = new byte[BLOCK * 64];

  /**
   * {@link #find(ProbeBatch, int)} of probes {@code [from, to)} of a batch,
   * decoded straight into output rows: the projected columns of probe
   * {@code p}'s match go to {@code rows[p - from][offset...]} and
   * {@code found[p - from]} says whether there was one (the row is left as
   * it is if not). Over a segment the probes are searched in blocks whose
   * memory reads overlap, and their values read into one reused buffer;
   * over RocksDB one after another.
   */
  public void find(ProbeBatch batch, int from, int to, Object[][] rows, int offset,
      boolean[] found) {
    if (segment == null) {
      for (int p = from; p < to; p++) {
        final byte[] value = seekValue(batch, p);
        found[p - from] = value != null;
        if (value != null) {
          decode(value, 0, value.length, rows[p - from], offset);
        }
      }
      return;
    }
    final byte[] keys = batch.keys();
    final int prefix = table.prefixLength();
    for (int block = from; block < to; block += BLOCK) {
      final int count = Math.min(BLOCK, to - block);
      for (int i = 0; i < count; i++) {
        final int p = block + i;
        final int start = batch.keyStart(p) + prefix;
        final long entity = search.entity(keys, start, batch.entityEnd(p));
        blockSeek[i] = changedSince(entity, keys, start, batch.entityEnd(p));
        blockEntity[i] = blockSeek[i] ? -1 : entity;
        blockTime[i] = (Long) batch.time(p);
      }
      search.lastAtOrBefore(blockEntity, blockTime, count, rule.strict(), blockRow);
      for (int i = 0; i < count; i++) {
        if (blockRow[i] >= 0) {
          blockRow[i] = admissible(blockEntity[i], blockRow[i], blockTime[i]);
        }
      }
      blockValues = segment.values(blockRow, count, blockStart, blockEnd, blockValues);
      for (int i = 0; i < count; i++) {
        final int at = block - from + i;
        if (blockSeek[i]) {
          final byte[] value = seekValue(batch, block + i);
          found[at] = value != null;
          if (value != null) {
            decode(value, 0, value.length, rows[at], offset);
          }
          continue;
        }
        found[at] = blockRow[i] >= 0;
        if (found[at]) {
          decode(blockValues, i == 0 ? 0 : blockEnd[i - 1], blockEnd[i], rows[at], offset);
        }
      }
    }
  }

  /**
   * From the newest candidate row of an entity in the segment back: the
   * first row the rule admits, or -1.
   */
  private long admissible(long entity, long row, long time) {
    final long first = search.firstRowOf(entity);
    for (; row >= first; row--) {
      // The write times are a column of their own: read only when the rule looks at them.
      final AsOfRule.Verdict verdict = rule.admit(segment.event(row),
          rule.knownAt() ? segment.created(row) : 0L, time);
      if (verdict == AsOfRule.Verdict.MATCH) {
        return row;
      }
      if (verdict == AsOfRule.Verdict.EXPIRED) {
        return -1;
      }
    }
    return -1;
  }

  /** Decodes the projected columns of a stored value in {@code bytes[from, to)} into {@code out[offset...]}. */
  private void decode(byte[] bytes, int from, int to, Object[] out, int offset) {
    try {
      codec.decode(bytes, from, to, projection, out, offset);
    } catch (StorageException e) {
      throw new SorrelException(ErrorCode.DATA_CORRUPTED, "corrupt row in table " + table.name()
          + ": " + e.getMessage(), e);
    }
  }

  private static boolean sameEntity(byte[] key, byte[] probe, int length) {
    return key.length >= length && Arrays.equals(key, 0, length, probe, 0, length);
  }

  @Override public void close() {
    if (cursor != null) {
      cursor.close();
    }
  }
}
