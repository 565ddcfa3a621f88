package dev.sorrel.engine.feature.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.sorrel.storage.ByteKey;
import dev.sorrel.storage.MappedFile;
import dev.sorrel.storage.SectionedFile;

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
 * <p>The file is a {@link SectionedFile} (magic "SORRELHS", format 2) whose
 * metadata holds the table id and column count (two ints), the data version,
 * the row count and the entity count (longs), and whose sections, each with
 * its CRC-32C, are:
 * <pre>
 *   0 entity index: (entities + 1) x [first row, key offset, key bytes 0-7 and
 *                   8-15 as unsigned big-endian numbers, compared before the key]
 *   1 entity keys : the encoded entity key values (without the table prefix)
 *   2 event times : rows x long
 *   3 write times : rows x long
 *   4 value ends  : rows x long, where each row's value ends in the values section
 *   5 values      : the stored row values
 * </pre>
 * A file read from disk has every section checked against its checksum on
 * first use ({@link #verify()}, before a search or a build reads it, not when
 * the database opens); one just written is trusted.
 */
public final class HistorySegment {
  static final byte[] MAGIC = "SORRELHS".getBytes(StandardCharsets.US_ASCII);
  /** 1 had a hand-written header and no checksum over the sections. */
  static final int FORMAT = 2;
  static final int ENTITY_INDEX = 0;
  static final int ENTITY_KEYS = 1;
  static final int EVENTS = 2;
  static final int CREATED = 3;
  static final int VALUE_ENDS = 4;
  static final int VALUES = 5;
  static final int SECTIONS = 6;
  /** Bytes of the metadata: table id, column count, data version, rows, entities. */
  private static final int METADATA = 32;
  /** Bytes per entity index entry: first row, key offset, key bytes 0-7 and 8-15. */
  static final int ENTRY = 32;

  private final SectionedFile sections;
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
  /** Whether the sections' checksums were checked (or the file was written by this process). */
  private final AtomicBoolean intact;

  private HistorySegment(SectionedFile sections, boolean trusted) {
    this.sections = sections;
    this.file = sections.file();
    final ByteBuffer metadata = sections.metadata();
    this.tableId = metadata.getInt(0);
    this.version = metadata.getLong(8);
    this.rows = metadata.getLong(16);
    this.entities = metadata.getLong(24);
    this.entityIndex = sections.sectionStart(ENTITY_INDEX);
    this.entityKeys = sections.sectionStart(ENTITY_KEYS);
    this.events = sections.sectionStart(EVENTS);
    this.created = sections.sectionStart(CREATED);
    this.valueEnds = sections.sectionStart(VALUE_ENDS);
    this.values = sections.sectionStart(VALUES);
    this.intact = new AtomicBoolean(trusted);
  }

  /** The metadata a segment file is written with. */
  static byte[] metadata(int tableId, int columns, long version, long rows, long entities) {
    return ByteBuffer.allocate(METADATA).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(tableId).putInt(columns).putLong(version).putLong(rows).putLong(entities)
        .array();
  }

  /**
   * Maps a segment file and validates its header and the sizes of its sections (the sections'
   * checksums are checked by {@link #verify()}).
   *
   * @param verify false for a file this process just wrote, whose sections are trusted; true
   *     for one read from disk, which {@link #verify()} checks on first use
   * @throws IOException if it cannot be read or is not a whole segment
   */
  static HistorySegment open(Path path, boolean verify) throws IOException {
    final SectionedFile sections;
    try {
      sections = SectionedFile.open(path, MAGIC, FORMAT);
    } catch (IOException e) {
      throw new IOException("segment " + e.getMessage(), e);
    }
    if (sections.sectionCount() != SECTIONS || sections.metadata().capacity() < METADATA) {
      throw new IOException("segment " + path + " has an invalid section table");
    }
    final HistorySegment segment = new HistorySegment(sections, !verify);
    segment.validate();
    return segment;
  }

  /**
   * Checks every section against its checksum unless that was done (a search reads them
   * all: the entity index and keys to find an entity, the times and values of its rows).
   *
   * @throws IOException naming the file and the section if one is not as written
   */
  public void verify() throws IOException {
    if (!intact.get()) {
      // Two threads may both check: the same answer, and cheaper than a lock.
      for (int s = 0; s < SECTIONS; s++) {
        sections.verify(s);
      }
      intact.set(true);
    }
  }

  /** Checks that the sections agree with the counts. */
  private void validate() throws IOException {
    if (rows < 0 || entities < 0
        || sections.sectionLength(ENTITY_INDEX) < (entities + 1) * ENTRY
        || sections.sectionLength(EVENTS) < rows * 8 || sections.sectionLength(CREATED) < rows * 8
        || sections.sectionLength(VALUE_ENDS) < rows * 8
        || firstRow(entities) != rows
        || rows > 0 && valueEnd(rows - 1) > sections.sectionLength(VALUES)
        || keyOffset(entities) > sections.sectionLength(ENTITY_KEYS)) {
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
