package dev.sorrel.engine.feature.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

import dev.sorrel.engine.feature.FeatureView;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ByteKey;
import dev.sorrel.storage.KeyDecoder;
import dev.sorrel.storage.KeyEncoder;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.ValueType;

/**
 * Writes a {@link HistorySegment}: one forward scan of a feature view's
 * history at a snapshot, each section streamed to its own temporary file,
 * then the sections joined behind a header into one file that is synced and
 * renamed into place, so a crash leaves either no segment or a whole one.
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
    final Path dir = target.getParent();
    final String temporaryName = target.getFileName() + ".tmp";
    final String[] names = {"index", "keys", "events", "created", "ends", "values"};
    final Section[] sections = new Section[names.length];
    final Path temporary = dir.resolve(temporaryName);
    try {
      for (int i = 0; i < names.length; i++) {
        sections[i] = new Section(dir.resolve(temporaryName + "." + names[i]));
      }
      final Rows rows = new Rows(view, sections);
      if (base == null) {
        rows.scan(snapshot, new byte[0]);
      } else {
        rows.merge(snapshot, base, changed);
      }
      rows.finish();
      final long entities = rows.entities;
      final long rowCount = rows.rows;
      final ByteBuffer header = ByteBuffer.allocate(HistorySegment.HEADER_SIZE)
          .order(ByteOrder.LITTLE_ENDIAN);
      header.put(HistorySegment.MAGIC);
      header.putInt(8, HistorySegment.FORMAT);
      header.putInt(12, history.id());
      header.putLong(16, version);
      header.putLong(24, rowCount);
      header.putLong(32, entities);
      header.putInt(40, history.columns().size());
      long offset = HistorySegment.HEADER_SIZE;
      for (int i = 0; i < sections.length; i++) {
        sections[i].finish();
        header.putLong(48 + 8 * i, offset);
        offset += sections[i].paddedSize();
      }
      header.putLong(96, offset);
      final CRC32C crc = new CRC32C();
      crc.update(header.array(), 0, HistorySegment.CHECKED_HEADER);
      header.putLong(HistorySegment.CHECKED_HEADER, crc.getValue());
      try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        header.rewind();
        while (header.hasRemaining()) {
          out.write(header);
        }
        for (Section section : sections) {
          section.appendTo(out);
        }
        out.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      for (Section section : sections) {
        if (section != null) {
          section.discard();
        }
      }
      Files.deleteIfExists(temporary);
    }
  }

  /** The rows of the segment being written, entity by entity, in key order. */
  private static final class Rows {
    private final FeatureView view;
    private final Table history;
    private final ValueType[] keyTypes;
    private final Section entityIndex;
    private final Section entityKeys;
    private final Section events;
    private final Section created;
    private final Section valueEnds;
    private final Section values;
    long rows;
    long entities;
    private byte[] entity;

    Rows(FeatureView view, Section[] sections) {
      this.view = view;
      this.history = view.history();
      this.keyTypes = new ValueType[view.keyCount()];
      for (int i = 0; i < keyTypes.length; i++) {
        keyTypes[i] = history.columns().get(history.keyColumns()[i]).type();
      }
      this.entityIndex = sections[0];
      this.entityKeys = sections[1];
      this.events = sections[2];
      this.created = sections[3];
      this.valueEnds = sections[4];
      this.values = sections[5];
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

  /** One section being written: a buffered temporary file. */
  private static final class Section {
    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16)
        .order(ByteOrder.LITTLE_ENDIAN);
    private long size;

    Section(Path path) throws IOException {
      this.path = path;
      this.channel = FileChannel.open(path, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    }

    long size() {
      return size;
    }

    long paddedSize() {
      return (size + 7) & ~7L;
    }

    void putLong(long value) throws IOException {
      if (buffer.remaining() < 8) {
        drain();
      }
      buffer.putLong(value);
      size += 8;
    }

    void put(byte[] bytes) throws IOException {
      int done = 0;
      while (done < bytes.length) {
        if (!buffer.hasRemaining()) {
          drain();
        }
        final int n = Math.min(buffer.remaining(), bytes.length - done);
        buffer.put(bytes, done, n);
        done += n;
      }
      size += bytes.length;
    }

    /** Pads the section to a multiple of 8 bytes and writes out the buffer. */
    void finish() throws IOException {
      final long padding = paddedSize() - size;
      for (long i = 0; i < padding; i++) {
        if (!buffer.hasRemaining()) {
          drain();
        }
        buffer.put((byte) 0);
      }
      drain();
    }

    private void drain() throws IOException {
      buffer.flip();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      buffer.clear();
    }

    void appendTo(FileChannel out) throws IOException {
      final long total = paddedSize();
      long done = 0;
      while (done < total) {
        done += channel.transferTo(done, total - done, out);
      }
    }

    void discard() throws IOException {
      channel.close();
      Files.deleteIfExists(path);
    }
  }
}
