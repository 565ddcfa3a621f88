package dev.sorrel.engine.feature.segment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import dev.sorrel.engine.feature.FeatureView;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ByteKey;
import dev.sorrel.storage.KeyDecoder;
import dev.sorrel.storage.KeyEncoder;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.SectionedFile;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.ValueType;

/**
 * Writes a {@link HistorySegment}: one forward scan of a feature view's
 * history at a snapshot, into the sections of a {@link SectionedFile} (each
 * streamed to its own temporary file, then joined behind the header into one
 * file that is synced and renamed into place, so a crash leaves either no
 * segment or a whole one).
 */
final class HistorySegmentWriter {
  /** Rows between checks for interruption (a build is cancelled by interrupting it). */
  private static final int CHECK_EVERY = 65_536;

  private HistorySegmentWriter() {
  }

  /**
   * Writes the segment of {@code view}'s history as {@code snapshot} sees it.
   * With a {@code base} segment and the entities {@code changed} since it
   * (as of the snapshot), only those are read from RocksDB and the others
   * copied from the base, several times faster than a full scan; the file is
   * the same either way.
   *
   * @param target the final file name
   * @param version the history's data version at the snapshot
   * @param base an older segment of the same history, or null for a full scan
   * @param changed the entities changed between {@code base} and the snapshot
   * @throws InterruptedException if the thread is interrupted during the scan
   */
  static void write(FeatureView view, ReadView snapshot, long version, Path target,
      HistorySegment base, SegmentSnapshot.Changes changed)
      throws IOException, InterruptedException {
    final Table history = view.history();
    try (SectionedFile.Writer file = SectionedFile.create(target, HistorySegment.MAGIC,
        HistorySegment.FORMAT, HistorySegment.SECTIONS)) {
      final Rows rows = new Rows(view, file);
      if (base == null) {
        rows.scan(snapshot, new byte[0]);
      } else {
        rows.merge(snapshot, base, changed);
      }
      rows.finish();
      file.commit(HistorySegment.metadata(history.id(), history.columns().size(), version,
          rows.rows, rows.entities));
    }
  }

  /**
   * Starts writing the segment of a history from rows given in key order,
   * not read from RocksDB: a bulk load into an empty history writes it from
   * the rows it loads.
   *
   * @param target the file to write (its name is the caller's)
   */
  static Stream stream(FeatureView view, Path target) throws IOException {
    return new Stream(view, SectionedFile.create(target, HistorySegment.MAGIC,
        HistorySegment.FORMAT, HistorySegment.SECTIONS));
  }

  /** A segment written from history rows given one by one in key order. */
  static final class Stream implements AutoCloseable {
    private final FeatureView view;
    private final SectionedFile.Writer file;
    private final Rows rows;

    private Stream(FeatureView view, SectionedFile.Writer file) {
      this.view = view;
      this.file = file;
      this.rows = new Rows(view, file);
    }

    /**
     * Adds a history row: its stored key (the entity key columns between
     * {@code entityStart} and {@code entityEnd}), times and stored value;
     * keys must ascend.
     */
    void add(byte[] key, int entityStart, int entityEnd, long event, long created,
        byte[] value) throws IOException {
      rows.add(key, entityStart, entityEnd, event, created, value);
    }

    long rows() {
      return rows.rows;
    }

    /** Writes the file, as of data version {@code version} of the history. */
    void commit(long version) throws IOException {
      rows.finish();
      file.commit(HistorySegment.metadata(view.history().id(),
          view.history().columns().size(), version, rows.rows, rows.entities));
    }

    /** Deletes the temporary files (and the file, if not committed). */
    @Override public void close() throws IOException {
      file.close();
    }
  }

  /** The rows of the segment being written, entity by entity, in key order. */
  private static final class Rows {
    private final FeatureView view;
    private final Table history;
    private final ValueType[] keyTypes;
    private final SectionedFile.Section entityIndex;
    private final SectionedFile.Section entityKeys;
    private final SectionedFile.Section events;
    private final SectionedFile.Section created;
    private final SectionedFile.Section valueEnds;
    private final SectionedFile.Section values;
    long rows;
    long entities;
    private byte[] entity;

    Rows(FeatureView view, SectionedFile.Writer file) {
      this.view = view;
      this.history = view.history();
      this.keyTypes = new ValueType[view.keyCount()];
      for (int i = 0; i < keyTypes.length; i++) {
        keyTypes[i] = history.columns().get(history.keyColumns()[i]).type();
      }
      this.entityIndex = file.section(HistorySegment.ENTITY_INDEX);
      this.entityKeys = file.section(HistorySegment.ENTITY_KEYS);
      this.events = file.section(HistorySegment.EVENTS);
      this.created = file.section(HistorySegment.CREATED);
      this.valueEnds = file.section(HistorySegment.VALUE_ENDS);
      this.values = file.section(HistorySegment.VALUES);
    }

    /** Adds the rows RocksDB holds whose encoded entity key starts with {@code entityPrefix}. */
    void scan(ReadView snapshot, byte[] entityPrefix) throws IOException, InterruptedException {
      final byte[] tablePrefix = history.encodeKeyPrefix(new Object[0], 0);
      final int prefixLength = tablePrefix.length;
      final byte[] from = Arrays.copyOf(tablePrefix, prefixLength + entityPrefix.length);
      System.arraycopy(entityPrefix, 0, from, prefixLength, entityPrefix.length);
      try (KvCursor cursor = snapshot.scan(Space.DATA, from, KeyEncoder.successor(from))) {
        while (cursor.next()) {
          final byte[] key = cursor.key();
          final KeyDecoder decoder = new KeyDecoder(key, prefixLength);
          for (ValueType type : keyTypes) {
            decoder.skip(type);
          }
          final int entityEnd = decoder.position();
          if (entity == null || !Arrays.equals(entity, 0, entity.length,
              key, prefixLength, entityEnd)) {
            startEntity(Arrays.copyOfRange(key, prefixLength, entityEnd));
          }
          add((Long) decoder.read(ValueType.TIMESTAMP), (Long) decoder.read(ValueType.TIMESTAMP),
              cursor.value());
        }
      }
    }

    /**
     * Adds every entity of {@code base} and every entity changed since: the
     * unchanged ones copied from the base, the changed ones read from RocksDB,
     * merged in key order.
     */
    void merge(ReadView snapshot, HistorySegment base, SegmentSnapshot.Changes changed)
        throws IOException, InterruptedException {
      final java.util.List<byte[]> added = new java.util.ArrayList<>();
      for (ByteKey key : changed.notInSegment()) {
        added.add(key.bytes());
      }
      added.sort(Arrays::compareUnsigned);
      int next = 0;
      for (long e = 0; e < base.entities(); e++) {
        final byte[] key = base.entityKey(e);
        for (; next < added.size() && Arrays.compareUnsigned(added.get(next), key) < 0; next++) {
          scan(snapshot, added.get(next));
        }
        if (changed.changed(e)) {
          scan(snapshot, key);
          continue;
        }
        startEntity(key);
        for (long row = base.firstRow(e); row < base.firstRow(e + 1); row++) {
          add(base.event(row), base.created(row), base.value(row));
        }
      }
      for (; next < added.size(); next++) {
        scan(snapshot, added.get(next));
      }
    }

    private void startEntity(byte[] key) throws IOException {
      entity = key;
      entityIndex.putLong(rows);
      entityIndex.putLong(entityKeys.size());
      entityIndex.putLong(ByteKey.bigEndian(key, 0));
      entityIndex.putLong(ByteKey.bigEndian(key, 8));
      entityKeys.put(key);
      entities++;
    }

    private void add(long event, long createdAt, byte[] value)
        throws IOException, InterruptedException {
      if ((rows % CHECK_EVERY) == 0 && Thread.interrupted()) {
        throw new InterruptedException("history segment build of " + view.name());
      }
      append(event, createdAt, value);
    }

    /** Adds a row given with its stored key, starting its entity if the key starts a new one. */
    void add(byte[] key, int entityStart, int entityEnd, long event, long createdAt,
        byte[] value) throws IOException {
      if (entity == null || !Arrays.equals(entity, 0, entity.length,
          key, entityStart, entityEnd)) {
        startEntity(Arrays.copyOfRange(key, entityStart, entityEnd));
      }
      append(event, createdAt, value);
    }

    private void append(long event, long createdAt, byte[] value) throws IOException {
      events.putLong(event);
      created.putLong(createdAt);
      values.put(value);
      valueEnds.putLong(values.size());
      rows++;
    }

    /** Ends the entity index with its sentinel entry. */
    void finish() throws IOException {
      entityIndex.putLong(rows);
      entityIndex.putLong(entityKeys.size());
      entityIndex.putLong(0);
      entityIndex.putLong(0);
    }
  }
}
