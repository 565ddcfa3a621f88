package dev.sorrel.engine.feature.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

import dev.sorrel.storage.ByteKey;
import dev.sorrel.storage.MappedFile;

/**
 * A read-only columnar image of a feature view's history at one data
 * version, in a memory-mapped file: what point-in-time joins search instead
 * of seeking RocksDB once per probe.
 *
 * <p>The history's rows are laid out in key order (entity, event time, write
 * time), as parallel sections: per entity its encoded key and first row; per
 * row its event time, its write time and its stored value (the row's bytes as
 * RocksDB holds them, decoded by the table's own codec). A probe finds its
 * entity by galloping forward from the previous probe's entity (probes come
 * sorted) and its row by binary search over the entity's event times, all in
 * mapped memory without a call into RocksDB. The file is a cache: it is
 * used only when its data version equals the history's at the reading
 * snapshot (see {@link HistorySegments}), and a missing or damaged file just
 * means the join seeks RocksDB.
 *
 * <p>File layout, little-endian, every section 8-byte aligned:
 * <pre>
 *   header (128 bytes): magic "SORRELHS", format, table id, data version,
 *     rows, entities, column count, section offsets, file length, CRC-32C
 *   entity index: (entities + 1) x [first row, key offset, key bytes 0-7 and
 *                 8-15 as unsigned big-endian numbers, compared before the key]
 *   entity keys : the encoded entity key values (without the table prefix)
 *   event times : rows x long
 *   write times : rows x long
 *   value ends  : rows x long, where each row's value ends in the values section
 *   values      : the stored row values
 * </pre>
 */
public final class HistorySegment {
  static final byte[] MAGIC = "SORRELHS".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT = 1;
  static final int HEADER_SIZE = 128;
  /** Bytes of the header covered by its checksum (which follows them). */
  static final int CHECKED_HEADER = 104;
  /** Bytes per entity index entry: first row, key offset, key bytes 0-7 and 8-15. */
  static final int ENTRY = 32;

  private final MappedFile file;
  private final int tableId;
  private final long version;
  private final long rows;
  private final long entities;
  private final long entityIndex;
  private final long entityKeys;
  private final long events;
  private final long created;
  private final long valueEnds;
  private final long values;

  private HistorySegment(MappedFile file, ByteBuffer header) {
    this.file = file;
    this.tableId = header.getInt(12);
    this.version = header.getLong(16);
    this.rows = header.getLong(24);
    this.entities = header.getLong(32);
    this.entityIndex = header.getLong(48);
    this.entityKeys = header.getLong(56);
    this.events = header.getLong(64);
    this.created = header.getLong(72);
    this.valueEnds = header.getLong(80);
    this.values = header.getLong(88);
  }

  /**
   * Maps and validates a segment file.
   *
   * @throws IOException if it cannot be read or is not a whole, intact segment
   */
  static HistorySegment open(Path path) throws IOException {
    final MappedFile file = MappedFile.open(path);
    if (file.length() < HEADER_SIZE) {
      throw new IOException("segment " + path + " is truncated");
    }
    final ByteBuffer header = ByteBuffer.wrap(file.bytes(0, HEADER_SIZE))
        .order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < MAGIC.length; i++) {
      if (header.get(i) != MAGIC[i]) {
        throw new IOException(path + " is not a history segment");
      }
    }
    if (header.getInt(8) != FORMAT) {
      throw new IOException("segment " + path + " has format " + header.getInt(8)
          + ", not " + FORMAT);
    }
    final CRC32C crc = new CRC32C();
    crc.update(header.array(), 0, CHECKED_HEADER);
    if (crc.getValue() != header.getLong(CHECKED_HEADER)) {
      throw new IOException("segment " + path + " has a damaged header");
    }
    if (header.getLong(96) != file.length()) {
      throw new IOException("segment " + path + " is " + file.length() + " bytes, not "
          + header.getLong(96));
    }
    final HistorySegment segment = new HistorySegment(file, header);
    segment.validate();
    return segment;
  }

  /** Checks that the sections fit the file and agree with the counts. */
  private void validate() throws IOException {
    final long[] starts = {entityIndex, entityKeys, events, created, valueEnds, values,
        file.length()};
    for (int i = 0; i < starts.length - 1; i++) {
      if (starts[i] < HEADER_SIZE || (starts[i] & 7) != 0 || starts[i] > starts[i + 1]) {
        throw new IOException("segment " + file + " has an invalid section table");
      }
    }
    if (rows < 0 || entities < 0
        || entityKeys - entityIndex < (entities + 1) * ENTRY
        || created - events < rows * 8 || valueEnds - created < rows * 8
        || values - valueEnds < rows * 8
        || firstRow(entities) != rows
        || rows > 0 && valueEnd(rows - 1) > file.length() - values
        || keyOffset(entities) > events - entityKeys) {
      throw new IOException("segment " + file + " has inconsistent sections");
    }
  }

  public int tableId() {
    return tableId;
  }

  /** The history's data version this segment is an image of. */
  public long version() {
    return version;
  }

  public long rows() {
    return rows;
  }

  public long entities() {
    return entities;
  }

  public Path path() {
    return file.path();
  }

  /** The file's size. */
  public long bytes() {
    return file.length();
  }

  public long firstRow(long entity) {
    return file.getLong(entityIndex + entity * ENTRY);
  }

  private long keyOffset(long entity) {
    return file.getLong(entityIndex + entity * ENTRY + 8);
  }

  /** The entity key's bytes 0-7 as an unsigned big-endian number ({@link ByteKey#bigEndian}). */
  private long keyHead(long entity) {
    return file.getLong(entityIndex + entity * ENTRY + 16);
  }

  /** The entity key's bytes 8-15, likewise. */
  private long keyTail(long entity) {
    return file.getLong(entityIndex + entity * ENTRY + 24);
  }

  /** An entity's encoded key (without the table prefix). */
  public byte[] entityKey(long entity) {
    final long start = keyOffset(entity);
    return file.bytes(entityKeys + start, (int) (keyOffset(entity + 1) - start));
  }

  public long event(long row) {
    return file.getLong(events + row * 8);
  }

  public long created(long row) {
    return file.getLong(created + row * 8);
  }

  private long valueEnd(long row) {
    return file.getLong(valueEnds + row * 8);
  }

  /** The stored value of a row, as the history table holds it. */
  public byte[] value(long row) {
    final long start = row == 0 ? 0 : valueEnd(row - 1);
    return file.bytes(values + start, (int) (valueEnd(row) - start));
  }

  /**
   * A search over the segment for one thread: probes sorted by key are
   * matched in one forward sweep over the entities.
   */
  public final class Search {
    /** No entity before this one can match a later probe (probes ascend). */
    private long next;
    /** The last entity found, and its key: consecutive probes often share it. */
    private long lastEntity = -1;
    private long lastHead;
    private long lastTail;
    private int lastLength;
    /** The key itself if longer than 16 bytes (else head and tail are the key). */
    private byte[] lastKey;
    private byte[] scratch = new byte[32];

    /**
     * Compares an entity's key with the probe's {@code key[from, to)},
     * unsigned, shorter first. {@code head} and {@code tail} are the probe
     * key's bytes 0-7 and 8-15 ({@link ByteKey#bigEndian}); with the entity's
     * in its index entry they decide every comparison of keys up to 16 bytes
     * without reading the key itself.
     */
    private int compareEntity(long entity, long head, long tail, byte[] key, int from, int to) {
      int c = Long.compareUnsigned(keyHead(entity), head);
      if (c != 0) {
        return c;
      }
      c = Long.compareUnsigned(keyTail(entity), tail);
      if (c != 0) {
        return c;
      }
      final long start = keyOffset(entity);
      final int length = (int) (keyOffset(entity + 1) - start);
      if (length <= 16 && to - from <= 16) {
        return Integer.compare(length, to - from); // equal bytes, zero-padded: shorter first
      }
      if (scratch.length < length) {
        scratch = new byte[Math.max(length, 2 * scratch.length)];
      }
      file.read(entityKeys + start, scratch, length);
      return Arrays.compareUnsigned(scratch, 0, length, key, from, to);
    }

    /**
     * The entity whose encoded key is {@code key[from, to)}, or -1.
     */
    public long entity(byte[] key, int from, int to) {
      final long head = ByteKey.bigEndian(key, from, to);
      final long tail = ByteKey.bigEndian(key, from + 8, to);
      if (lastEntity >= 0 && head == lastHead && tail == lastTail && to - from == lastLength
          && (to - from <= 16 || Arrays.equals(lastKey, 0, lastKey.length, key, from, to))) {
        return lastEntity; // the same entity as the previous probe
      }
      if (entities == 0) {
        return -1;
      }
      long low = next;
      if (low >= entities || compareEntity(low, head, tail, key, from, to) > 0) {
        // Not ascending from the last probe: search everything before it.
        low = 0;
      }
      // Gallop: find a window [low, high] whose end is at or above the key.
      long step = 1;
      long high = low;
      while (high < entities && compareEntity(high, head, tail, key, from, to) < 0) {
        low = high + 1;
        high = low + step;
        step <<= 1;
      }
      high = Math.min(high, entities - 1);
      // First entity in [low, high] at or above the key.
      while (low < high) {
        final long mid = (low + high) >>> 1;
        if (compareEntity(mid, head, tail, key, from, to) < 0) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      next = low;
      if (low < entities && compareEntity(low, head, tail, key, from, to) == 0) {
        lastHead = head;
        lastTail = tail;
        lastLength = to - from;
        lastKey = to - from <= 16 ? null : Arrays.copyOfRange(key, from, to);
        lastEntity = low;
        return low;
      }
      return -1;
    }

    /**
     * The last row of an entity whose event time is at or before
     * {@code time} ({@code strict}: before it), or -1 if none. Rows with equal
     * event times are in write-time order, so this is the newest write.
     */
    public long lastAtOrBefore(long entity, long time, boolean strict) {
      long low = firstRow(entity);
      long high = firstRow(entity + 1); // exclusive
      final long first = low;
      while (low < high) {
        final long mid = (low + high) >>> 1;
        final long event = event(mid);
        if (strict ? event < time : event <= time) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low == first ? -1 : low - 1;
    }

    /** The entity's first row: searches walking back stop before it. */
    public long firstRowOf(long entity) {
      return firstRow(entity);
    }

    private long[] low = new long[0];
    private long[] high = new long[0];
    private long[] first = new long[0];
    private int[] active = new int[0];

    /**
     * {@link #lastAtOrBefore(long, long, boolean)} of {@code count} probes at
     * once: {@code rows[i]} receives the row for {@code entity[i]} (-1: none)
     * and {@code time[i]}. The binary searches advance in lockstep, one step
     * of every probe per round, so their memory reads do not depend on each
     * other and the processor overlaps them: over a segment larger than its
     * caches nearly every step is a cache miss, and one search after another
     * would wait for each in turn.
     */
    public void lastAtOrBefore(long[] entity, long[] time, int count, boolean strict, long[] rows) {
      if (low.length < count) {
        low = new long[count];
        high = new long[count];
        first = new long[count];
        active = new int[count];
      }
      int searching = 0;
      for (int i = 0; i < count; i++) {
        if (entity[i] < 0) {
          rows[i] = -1;
          continue;
        }
        low[i] = firstRow(entity[i]);
        high[i] = firstRow(entity[i] + 1);
        first[i] = low[i];
        active[searching++] = i;
      }
      int pending = searching;
      while (pending > 0) {
        int still = 0;
        for (int k = 0; k < pending; k++) {
          final int i = active[k];
          final long mid = (low[i] + high[i]) >>> 1;
          final long event = event(mid);
          if (strict ? event < time[i] : event <= time[i]) {
            low[i] = mid + 1;
          } else {
            high[i] = mid;
          }
          if (low[i] < high[i]) {
            active[still++] = i;
          }
        }
        pending = still;
      }
      for (int i = 0; i < count; i++) {
        if (entity[i] >= 0) {
          rows[i] = low[i] == first[i] ? -1 : low[i] - 1;
        }
      }
    }
  }

  /**
   * Reads the stored values of rows ({@code -1}: none) into one buffer,
   * returned (a larger one if {@code buffer} is too small): row {@code i}'s
   * value is {@code buffer[ends[i - 1], ends[i])} (from 0 for the first),
   * empty for none. Two passes, so that the reads of different rows overlap
   * (see {@link Search#lastAtOrBefore(long[], long[], int, boolean, long[])}).
   */
  public byte[] values(long[] rows, int count, long[] starts, int[] ends, byte[] buffer) {
    int total = 0;
    for (int i = 0; i < count; i++) {
      final long row = rows[i];
      if (row < 0) {
        starts[i] = 0;
        ends[i] = total;
      } else {
        starts[i] = row == 0 ? 0 : valueEnd(row - 1);
        total += (int) (valueEnd(row) - starts[i]);
        ends[i] = total;
      }
    }
    final byte[] out = buffer.length >= total ? buffer : new byte[Math.max(total,
        2 * buffer.length)];
    for (int i = 0; i < count; i++) {
      final int from = i == 0 ? 0 : ends[i - 1];
      if (ends[i] > from) {
        file.read(values + starts[i], out, from, ends[i] - from);
      }
    }
    return out;
  }

  @Override public String toString() {
    return "history segment " + file + " (table " + tableId + ", version " + version + ", "
        + rows + " rows)";
  }
}
