package dev.sorrel.engine.table.segment;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.SectionedFile;
import dev.sorrel.storage.ValueType;

/**
 * Writes a {@link TableSegment}: one forward scan of a table at a snapshot,
 * column by column into the sections of a {@link SectionedFile}, which puts
 * the whole file in place atomically (a crash leaves no segment or a whole one).
 */
final class TableSegmentWriter {
  /** Rows between checks for interruption (a build is cancelled by interrupting it). */
  private static final int CHECK_EVERY = 65_536;

  private TableSegmentWriter() {
  }

  /**
   * Writes the segment of {@code table} as {@code snapshot} sees it.
   *
   * @param version the table's data version at the snapshot
   * @throws InterruptedException if the thread is interrupted during the scan
   */
  static void write(Table table, ReadView snapshot, long version, Path target)
      throws IOException, InterruptedException {
    final int columns = table.columns().size();
    final ValueType[] types = new ValueType[columns];
    final int[] all = new int[columns];
    for (int c = 0; c < columns; c++) {
      types[c] = table.columns().get(c).type();
      all[c] = c;
    }
    try (SectionedFile.Writer file = SectionedFile.create(target, TableSegment.MAGIC,
        TableSegment.FORMAT, TableSegment.sectionCount(columns));
         Table.RowCursor cursor = table.scan(snapshot, KeyRange.ALL, all)) {
      final Columns out = new Columns(file, types);
      long rows = 0;
      while (cursor.next()) {
        if ((rows % CHECK_EVERY) == 0 && Thread.interrupted()) {
          throw new InterruptedException("table segment build of " + table.name());
        }
        out.add(cursor.key(), cursor.row());
        rows++;
      }
      out.finish();
      file.commit(TableSegment.metadata(table.id(), columns, version, rows,
          TableSegment.fingerprint(table.columns())));
    }
  }

  /** The sections being written and the current block's statistics. */
  private static final class Columns {
    private final SectionedFile.Writer file;
    private final ValueType[] types;
    private final SectionedFile.Section keyEnds;
    private final SectionedFile.Section keys;
    private final SectionedFile.Section stats;
    private final long[] nullBits;
    private final long[] nonNull;
    private final long[] min;
    private final long[] max;
    private long rows;

    Columns(SectionedFile.Writer file, ValueType[] types) {
      this.file = file;
      this.types = types;
      this.keyEnds = file.section(TableSegment.KEY_ENDS);
      this.keys = file.section(TableSegment.KEYS);
      this.stats = file.section(TableSegment.STATS);
      this.nullBits = new long[types.length];
      this.nonNull = new long[types.length];
      this.min = new long[types.length];
      this.max = new long[types.length];
    }

    void add(byte[] key, Object[] row) throws IOException {
      keys.put(key);
      keyEnds.putLong(keys.size());
      final int bit = (int) (rows % 64);
      for (int c = 0; c < types.length; c++) {
        final Object value = row[c];
        final SectionedFile.Section values = file.section(TableSegment.valuesSection(c));
        if (value == null) {
          nullBits[c] |= 1L << bit;
          values.putLong(TableSegment.layout(types[c]) == TableSegment.Layout.BYTES
              ? file.section(TableSegment.bytesSection(c)).size() : 0);
          continue;
        }
        switch (TableSegment.layout(types[c])) {
        case LONG -> {
          final long raw = raw(types[c], value);
          values.putLong(raw);
          observe(c, raw, Long.compare(raw, min[c]) < 0, Long.compare(raw, max[c]) > 0);
        }
        case DOUBLE -> {
          final double d = ((Number) value).doubleValue();
          final long raw = types[c] == ValueType.REAL
              ? Float.floatToRawIntBits((Float) value) : Double.doubleToRawLongBits(d);
          values.putLong(raw);
          final long bits = Double.doubleToRawLongBits(d);
          // Minimum and maximum as doubles (NaN is largest, as Double.compare orders it).
          observe(c, bits, Double.compare(d, Double.longBitsToDouble(min[c])) < 0,
              Double.compare(d, Double.longBitsToDouble(max[c])) > 0);
        }
        case BYTES -> {
          final SectionedFile.Section bytes = file.section(TableSegment.bytesSection(c));
          bytes.put(bytes(types[c], value));
          values.putLong(bytes.size());
          nonNull[c]++;
        }
        }
      }
      rows++;
      if (rows % 64 == 0) {
        flushNulls();
      }
      if (rows % TableSegment.BLOCK_ROWS == 0) {
        endBlock();
      }
    }

    private void observe(int c, long raw, boolean smaller, boolean larger) {
      if (nonNull[c]++ == 0) {
        min[c] = raw;
        max[c] = raw;
        return;
      }
      if (smaller) {
        min[c] = raw;
      }
      if (larger) {
        max[c] = raw;
      }
    }

    private static long raw(ValueType type, Object value) {
      return switch (type) {
        case BOOLEAN -> (Boolean) value ? 1 : 0;
        case TINYINT, SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP ->
            ((Number) value).longValue();
        case REAL, DOUBLE, DECIMAL, VARCHAR, VARBINARY ->
            throw new IllegalArgumentException(type + " is not stored as a long");
      };
    }

    private static byte[] bytes(ValueType type, Object value) {
      return switch (type) {
        case VARCHAR -> ((String) value).getBytes(StandardCharsets.UTF_8);
        case DECIMAL -> ((BigDecimal) value).toString().getBytes(StandardCharsets.US_ASCII);
        case VARBINARY -> (byte[]) value;
        case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DATE, TIME, TIMESTAMP ->
            throw new IllegalArgumentException(type + " is fixed-width");
      };
    }

    private void flushNulls() throws IOException {
      for (int c = 0; c < types.length; c++) {
        file.section(TableSegment.nullsSection(c)).putLong(nullBits[c]);
        nullBits[c] = 0;
      }
    }

    private void endBlock() throws IOException {
      for (int c = 0; c < types.length; c++) {
        stats.putLong(nonNull[c]);
        stats.putLong(min[c]);
        stats.putLong(max[c]);
        nonNull[c] = 0;
        min[c] = 0;
        max[c] = 0;
      }
    }

    void finish() throws IOException {
      if (rows % 64 != 0) {
        flushNulls();
      }
      if (rows % TableSegment.BLOCK_ROWS != 0) {
        endBlock();
      }
    }
  }
}
