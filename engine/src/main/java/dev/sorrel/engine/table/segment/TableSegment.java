package dev.sorrel.engine.table.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.storage.MappedFile;
import dev.sorrel.storage.SectionedFile;
import dev.sorrel.storage.ValueType;

/**
 * A read-only columnar image of a table at one data version, in a
 * memory-mapped file: what full and key-range scans read instead of
 * iterating RocksDB and decoding every row.
 *
 * <p>Rows are in primary-key order, in blocks of {@link #BLOCK_ROWS}. Each
 * column has a null bitmap and its values: fixed-width types as one 8-byte
 * slot per row (integers, dates, times and timestamps as longs, booleans as
 * 0 or 1, DOUBLE as its bits, REAL as its float bits), variable-width types
 * as end offsets into a byte section (VARCHAR as UTF-8, DECIMAL as its plain
 * text, VARBINARY as is). Every block has, per column, its non-null count
 * and the minimum and maximum of its fixed-width values, so that a scan can
 * skip blocks; the rows' stored keys are kept too, for key ranges and for
 * merging the rows written since the segment's version. The file is a cache
 * (see {@link TableSegments}): it is used only when the change log tells
 * exactly what changed since its version.
 *
 * <p>The file is a {@link SectionedFile} (magic "SORRELTS", format 1) whose
 * metadata holds the table id and column count (ints), the data version, the
 * row count, the column fingerprint (longs), and whose sections are:
 * <pre>
 *   0 key ends    : rows x long, where each row's stored key ends in section 1
 *   1 keys        : the rows' stored keys, table prefix included
 *   2 block stats : blocks x columns x [non-null count, minimum, maximum]
 *   3 + 3c        : column c's null bitmap, one bit per row (1: null), in longs
 *   4 + 3c        : column c's values: 8 bytes per row, or end offsets into 5 + 3c
 *   5 + 3c        : column c's variable-width bytes (empty for fixed-width types)
 * </pre>
 * Every section has its CRC-32C in the file's header. A file read from disk has its sections
 * checked on first use, each section once, and only those a scan reads
 * ({@link #verify(int[])}, before the scan starts): a scan of two columns of a wide table does
 * not pay for a pass over the others. One just written is trusted.
 */
public final class TableSegment {
  static final byte[] MAGIC = "SORRELTS".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT = 1;
  /** Rows per block: the unit of skipping and of decoding. */
  public static final int BLOCK_ROWS = 4096;
  static final int KEY_ENDS = 0;
  static final int KEYS = 1;
  static final int STATS = 2;
  static final int FIXED_SECTIONS = 3;
  private static final int METADATA = 32;

  /** How a column's values are laid out in the file and in a {@link ColumnBatch}. */
  enum Layout { LONG, DOUBLE, BYTES }

  static Layout layout(ValueType type) {
    return switch (type) {
      case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP -> Layout.LONG;
      case REAL, DOUBLE -> Layout.DOUBLE;
      case DECIMAL, VARCHAR, VARBINARY -> Layout.BYTES;
    };
  }

  private final SectionedFile sections;
  private final MappedFile file;
  private final int tableId;
  private final int columns;
  private final long version;
  private final long rows;
  private final long fingerprint;
  private final ValueType[] types;
  /** Per section: whether its checksum was checked (or the file was written by this process). */
  private final AtomicIntegerArray intact;

  private TableSegment(SectionedFile sections, ValueType[] types, boolean trusted) {
    this.sections = sections;
    this.file = sections.file();
    final ByteBuffer metadata = sections.metadata();
    this.tableId = metadata.getInt(0);
    this.columns = metadata.getInt(4);
    this.version = metadata.getLong(8);
    this.rows = metadata.getLong(16);
    this.fingerprint = metadata.getLong(24);
    this.types = types;
    this.intact = new AtomicIntegerArray(sections.sectionCount());
    if (trusted) {
      for (int s = 0; s < sections.sectionCount(); s++) {
        intact.set(s, 1);
      }
    }
  }

  static byte[] metadata(int tableId, int columns, long version, long rows, long fingerprint) {
    return ByteBuffer.allocate(METADATA).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(tableId).putInt(columns).putLong(version).putLong(rows).putLong(fingerprint)
        .array();
  }

  /** A number that changes when a table's columns (names, types, order) change. */
  public static long fingerprint(List<ColumnDef> columns) {
    long hash = 1125899906842597L;
    for (ColumnDef column : columns) {
      for (char c : (column.name() + ":" + column.type().name() + ";").toCharArray()) {
        hash = 31 * hash + c;
      }
    }
    return hash;
  }

  static int sectionCount(int columns) {
    return FIXED_SECTIONS + 3 * columns;
  }

  /**
   * Maps a segment file of a table with these column types and validates its header and the
   * sizes of its sections (the sections' checksums are checked by {@link #verify(int[])}).
   *
   * @param verify false for a file this process just wrote, whose sections are trusted; true
   *     for one read from disk, whose sections {@link #verify(int[])} checks on first use
   * @throws IOException if it cannot be read or is not a whole segment of such a table
   */
  static TableSegment open(Path path, ValueType[] types, boolean verify) throws IOException {
    final SectionedFile sections = SectionedFile.open(path, MAGIC, FORMAT);
    if (sections.sectionCount() != sectionCount(types.length)
        || sections.metadata().capacity() < METADATA) {
      throw new IOException("table segment " + path + " has an invalid section table");
    }
    final TableSegment segment = new TableSegment(sections, types, !verify);
    segment.validate();
    return segment;
  }

  /**
   * Checks, against their checksums, the sections a read of these columns uses that have not
   * been checked yet: the keys, the block statistics, and each column's null bitmap, values
   * and bytes. Each section is read once for this (a pass at memory speed: CRC-32C is an
   * instruction on current processors), then trusted.
   *
   * @param columns the columns to be read (indexes into the table's columns)
   * @throws IOException naming the file and the section if one is not as written
   */
  public void verify(int[] columns) throws IOException {
    check(KEY_ENDS);
    check(KEYS);
    check(STATS);
    for (int column : columns) {
      check(nullsSection(column));
      check(valuesSection(column));
      check(bytesSection(column));
    }
  }

  private void check(int section) throws IOException {
    if (intact.get(section) == 0) {
      // Two threads may both check a section: the same answer, and cheaper than a lock.
      sections.verify(section);
      intact.set(section, 1);
    }
  }

  private void validate() throws IOException {
    boolean ok = rows >= 0 && columns == types.length
        && sections.sectionLength(KEY_ENDS) == rows * 8
        && sections.sectionLength(STATS) == blocks() * columns * 24L
        && (rows == 0 || keyEnd(rows - 1) <= sections.sectionLength(KEYS));
    for (int c = 0; ok && c < columns; c++) {
      ok = sections.sectionLength(nullsSection(c)) == (rows + 63) / 64 * 8
          && sections.sectionLength(valuesSection(c)) == rows * 8
          && (layout(types[c]) != Layout.BYTES || rows == 0
              || file.getLong(sections.sectionStart(valuesSection(c)) + (rows - 1) * 8)
                  <= sections.sectionLength(bytesSection(c)));
    }
    if (!ok) {
      throw new IOException("table segment " + file + " has inconsistent sections");
    }
  }

  static int nullsSection(int column) {
    return FIXED_SECTIONS + 3 * column;
  }

  static int valuesSection(int column) {
    return FIXED_SECTIONS + 3 * column + 1;
  }

  static int bytesSection(int column) {
    return FIXED_SECTIONS + 3 * column + 2;
  }

  public int tableId() {
    return tableId;
  }

  /** The table's data version this segment is an image of. */
  public long version() {
    return version;
  }

  /** The fingerprint of the columns it was written with ({@link #fingerprint(List)}). */
  public long fingerprint() {
    return fingerprint;
  }

  public long rows() {
    return rows;
  }

  /** The number of blocks. */
  public int blocks() {
    return (int) ((rows + BLOCK_ROWS - 1) / BLOCK_ROWS);
  }

  public Path path() {
    return file.path();
  }

  /** The file's size in bytes. */
  public long bytes() {
    return file.length();
  }

  /** The first row of a block. */
  public static long firstRow(int block) {
    return (long) block * BLOCK_ROWS;
  }

  /** The number of rows in a block. */
  public int blockRows(int block) {
    return (int) Math.min(BLOCK_ROWS, rows - firstRow(block));
  }

  private long keyEnd(long row) {
    return file.getLong(sections.sectionStart(KEY_ENDS) + row * 8);
  }

  /** A row's stored key, table prefix included. */
  public byte[] key(long row) {
    final long start = row == 0 ? 0 : keyEnd(row - 1);
    return file.bytes(sections.sectionStart(KEYS) + start, (int) (keyEnd(row) - start));
  }

  private long stat(int block, int column, int field) {
    return file.getLong(sections.sectionStart(STATS) + ((long) block * columns + column) * 24
        + field * 8L);
  }

  /** The number of non-null values of a column in a block. */
  public long nonNull(int block, int column) {
    return stat(block, column, 0);
  }

  /**
   * The smallest fixed-width value of a column in a block, as a
   * {@link ColumnBatch} holds it (a long, or a double's bits); meaningless
   * if the block has no non-null value or the type is variable-width.
   */
  public long minimum(int block, int column) {
    return stat(block, column, 1);
  }

  /** The largest value, as {@link #minimum}. */
  public long maximum(int block, int column) {
    return stat(block, column, 2);
  }

  /** A column's type. */
  public ValueType type(int column) {
    return types[column];
  }

  /** Decodes a column's values in a block into {@code batch}. */
  public void read(int block, int column, ColumnBatch batch) {
    final int count = blockRows(block);
    final long first = firstRow(block);
    batch.reset(count);
    final long nulls = sections.sectionStart(nullsSection(column));
    // Blocks start at a multiple of 64 rows, so a block's bits are whole longs.
    final boolean[] isNull = batch.nulls();
    for (int i = 0; i < count; i += 64) {
      final long bits = file.getLong(nulls + (first + i) / 64 * 8);
      final int end = Math.min(64, count - i);
      if (bits == 0) {
        java.util.Arrays.fill(isNull, i, i + end, false);
        continue;
      }
      for (int j = 0; j < end; j++) {
        isNull[i + j] = (bits & (1L << j)) != 0;
      }
    }
    final long values = sections.sectionStart(valuesSection(column)) + first * 8;
    switch (layout(types[column])) {
    case LONG -> {
      file.getLongs(values, batch.longs(), count);
      return;
    }
    case DOUBLE -> {
      if (types[column] == ValueType.DOUBLE) {
        file.getDoubles(values, batch.doubles(), count);
      } else {
        for (int i = 0; i < count; i++) {
          batch.setRaw(i, file.getLong(values + i * 8L));
        }
      }
      return;
    }
    case BYTES -> {
      final long bytes = sections.sectionStart(bytesSection(column));
      long start = first == 0 ? 0 : file.getLong(values - 8);
      for (int i = 0; i < count; i++) {
        final long end = file.getLong(values + i * 8L);
        if (!isNull[i]) {
          batch.setBytes(i, bytes + start, (int) (end - start), file);
        }
        start = end;
      }
    }
    }
  }

  @Override public String toString() {
    return "table segment " + file + " (table " + tableId + ", version " + version + ", "
        + rows + " rows)";
  }
}
