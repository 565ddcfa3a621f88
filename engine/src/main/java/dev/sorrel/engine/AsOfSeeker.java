package dev.sorrel.engine;

import java.util.Arrays;

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
 * probe's time are skipped, as if the query ran at that time.
 *
 * <p>Probes in key order touch neighbouring blocks; callers sort them. Not
 * thread-safe (one seeker per thread; several may share a snapshot); close it
 * to release the RocksDB iterator.
 */
public final class AsOfSeeker implements AutoCloseable {
  private final Table table;
  private final int matchColumns;
  private final ValueType[] keyTypes;
  private final ValueType timeType;
  private final boolean strict;
  private final Long ttlMillis;
  private final boolean knownAt;
  private final int[] projection;
  private final RowCodec codec;
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
   */
  public AsOfSeeker(ReadView view, Table table, int matchColumns, boolean strict,
      boolean knownAt, int[] projection) {
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
    this.strict = strict;
    final FeatureView featureView = table.featureView();
    this.ttlMillis = featureView == null ? null : featureView.ttlMillis();
    if (knownAt && featureView == null) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "a known-at cutoff needs a"
          + " feature view; " + table.name() + " is a plain table");
    }
    this.knownAt = knownAt;
    this.projection = projection.clone();
    final ValueType[] types = new ValueType[table.columns().size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = table.columns().get(i).type();
    }
    this.codec = new RowCodec(types);
    final byte[] prefix = table.encodeKeyPrefix(new Object[0], 0);
    this.cursor = view.seeker(Space.DATA, prefix, KeyEncoder.successor(prefix));
  }

  /** The type probe times must have (the table's time column type). */
  public ValueType timeType() {
    return timeType;
  }

  /**
   * A probe: the encoded key prefix and time to search for.
   *
   * @param key the encoded key values followed by the encoded time
   * @param entityLength length of the encoded key values (with the table prefix)
   * @param time the probe time, a storage value of the time column's type
   * @param index the caller's number for the probe (its row), carried along
   */
  public record Probe(byte[] key, int entityLength, Object time, int index) {
  }

  /** Sorts {@code probes[0, count)} into key order, the order to seek them in. */
  public static void sort(Probe[] probes, int count) {
    ProbeSort.sort(probes, count, 4);
  }

  /**
   * Makes the probe for key values and a time (storage values of the key
   * columns' types), or returns null if one of them is NULL: NULL matches nothing.
   */
  public Probe probe(Object[] keyValues, Object time, int index) {
    if (time == null) {
      return null;
    }
    for (int i = 0; i < matchColumns; i++) {
      if (keyValues[i] == null) {
        return null;
      }
    }
    encoder.reset().writeRawInt(table.id());
    for (int i = 0; i < matchColumns; i++) {
      encoder.write(keyTypes[i], keyValues[i]);
    }
    final int entityLength = encoder.length();
    encoder.write(timeType, time);
    return new Probe(encoder.toByteArray(), entityLength, time, index);
  }

  /**
   * Returns the projected columns of the match for a probe, or null if there
   * is none (or the newest candidate has expired).
   */
  public Object[] find(Probe probe) {
    // Keys below `bound` are those with a time before (strict) or at the probe time.
    final byte[] bound = strict ? probe.key() : KeyEncoder.successor(probe.key());
    final int entityLength = probe.entityLength();
    final Object time = probe.time();
    boolean positioned = cursor.seekBefore(bound);
    while (positioned) {
      final byte[] key = cursor.key();
      if (!sameEntity(key, probe.key(), entityLength)) {
        return null;
      }
      if (ttlMillis != null || knownAt) {
        final KeyDecoder decoder = new KeyDecoder(key, entityLength);
        final long event = (Long) decoder.read(ValueType.TIMESTAMP);
        if (ttlMillis != null
            && event < FeatureView.saturatedMinus((Long) time, ttlMillis)) {
          return null; // the newest candidate is stale, and older ones more so
        }
        if (knownAt && (Long) decoder.read(ValueType.TIMESTAMP) > (Long) time) {
          positioned = cursor.previous(); // written after the probe time: not yet known
          continue;
        }
      }
      final Object[] row = new Object[projection.length];
      try {
        codec.decode(cursor.value(), projection, row);
      } catch (StorageException e) {
        throw new SorrelException(ErrorCode.IO_ERROR, "corrupt row in table " + table.name()
            + ": " + e.getMessage(), e);
      }
      return row;
    }
    return null;
  }

  private static boolean sameEntity(byte[] key, byte[] probe, int length) {
    return key.length >= length && Arrays.equals(key, 0, length, probe, 0, length);
  }

  @Override public void close() {
    cursor.close();
  }
}
