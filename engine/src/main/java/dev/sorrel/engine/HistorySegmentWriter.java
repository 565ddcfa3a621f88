package dev.sorrel.engine;

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
   *
   * @param target the final file name
   * @param version the history's data version at the snapshot
   * @throws InterruptedException if the thread is interrupted during the scan
   */
  static void write(FeatureView view, ReadView snapshot, long version, Path target)
      throws IOException, InterruptedException {
    final Table history = view.history();
    final ValueType[] keyTypes = new ValueType[view.keyCount()];
    for (int i = 0; i < keyTypes.length; i++) {
      keyTypes[i] = history.columns().get(history.keyColumns()[i]).type();
    }
    final Path dir = target.getParent();
    final String base = target.getFileName() + ".tmp";
    final String[] names = {"index", "keys", "events", "created", "ends", "values"};
    final Section[] sections = new Section[names.length];
    final Path temporary = dir.resolve(base);
    try {
      for (int i = 0; i < names.length; i++) {
        sections[i] = new Section(dir.resolve(base + "." + names[i]));
      }
      final Section entityIndex = sections[0];
      final Section entityKeys = sections[1];
      final Section events = sections[2];
      final Section created = sections[3];
      final Section valueEnds = sections[4];
      final Section values = sections[5];
      long rows = 0;
      long entities = 0;
      byte[] entity = null;
      final byte[] prefix = history.encodeKeyPrefix(new Object[0], 0);
      final int prefixLength = prefix.length;
      try (KvCursor cursor = snapshot.scan(Space.DATA, prefix, KeyEncoder.successor(prefix))) {
        while (cursor.next()) {
          if ((rows % CHECK_EVERY) == 0 && Thread.interrupted()) {
            throw new InterruptedException("history segment build of " + view.name());
          }
          final byte[] key = cursor.key();
          final KeyDecoder decoder = new KeyDecoder(key, prefixLength);
          for (ValueType type : keyTypes) {
            decoder.skip(type);
          }
          final int entityEnd = decoder.position();
          if (entity == null || !Arrays.equals(entity, 0, entity.length,
              key, prefixLength, entityEnd)) {
            entity = Arrays.copyOfRange(key, prefixLength, entityEnd);
            entityIndex.putLong(rows);
            entityIndex.putLong(entityKeys.size());
            entityIndex.putLong(ByteKey.bigEndian(entity, 0));
            entityIndex.putLong(ByteKey.bigEndian(entity, 8));
            entityKeys.put(entity);
            entities++;
          }
          events.putLong((Long) decoder.read(ValueType.TIMESTAMP));
          created.putLong((Long) decoder.read(ValueType.TIMESTAMP));
          values.put(cursor.value());
          valueEnds.putLong(values.size());
          rows++;
        }
      }
      entityIndex.putLong(rows);
      entityIndex.putLong(entityKeys.size());
      entityIndex.putLong(0);
      entityIndex.putLong(0);
      final ByteBuffer header = ByteBuffer.allocate(HistorySegment.HEADER_SIZE)
          .order(ByteOrder.LITTLE_ENDIAN);
      header.put(HistorySegment.MAGIC);
      header.putInt(8, HistorySegment.FORMAT);
      header.putInt(12, history.id());
      header.putLong(16, version);
      header.putLong(24, rows);
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
