package dev.sorrel.storage.files;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

import dev.sorrel.storage.ColumnarBatch;
import dev.sorrel.storage.ValueType;

/**
 * Writes RFC 4180 CSV, the counterpart of {@link CsvReader}: fields separated by a delimiter,
 * records ending in LF, a field quoted with {@code "} (a quote inside doubled) when it holds the
 * delimiter, a quote or a line break, or is the empty string; NULL is an empty unquoted field.
 *
 * <p>Values are written in the forms {@link ValueText} reads back: ISO dates, times
 * {@code 09:15:00} (with {@code .123} when they have milliseconds), timestamps {@code 2026-11-28 09:15:00.123} (UTC, always with
 * milliseconds), plain decimals without an exponent, binary as lower-case hex. Not thread-safe.
 */
public final class CsvWriter implements RowWriter, BatchWriter {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter TIME_MILLIS =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
  private static final long MILLIS_PER_SECOND = 1000;

  private final Writer out;
  private final char delimiter;
  private final ValueType[] types;

  /**
   * Creates a writer of rows whose values have the given types, to {@code out} (which it closes
   * when closed; buffer it).
   */
  public CsvWriter(Writer out, char delimiter, ValueType[] types) {
    this.out = out;
    this.delimiter = delimiter;
    this.types = types.clone();
  }

  /** Writes a header record of column names. */
  public void writeHeader(String[] names) throws IOException {
    for (int c = 0; c < names.length; c++) {
      if (c > 0) {
        out.write(delimiter);
      }
      writeField(names[c]);
    }
    out.write('\n');
  }

  @Override public void append(Object[] row) throws IOException {
    if (row.length != types.length) {
      throw new IllegalArgumentException("row has " + row.length + " values, the file has "
          + types.length + " columns");
    }
    for (int c = 0; c < row.length; c++) {
      if (c > 0) {
        out.write(delimiter);
      }
      if (row[c] != null) {
        writeField(text(types[c], row[c]));
      }
    }
    out.write('\n');
  }

  /**
   * Appends a batch's rows, each value in the same text as {@link #append} writes for it (the
   * primitive columns formatted without boxing).
   */
  @Override public void write(ColumnarBatch batch) throws IOException {
    if (batch.width() != types.length) {
      throw new IllegalArgumentException("batch has " + batch.width() + " columns, the file has "
          + types.length + " columns");
    }
    final int size = batch.size();
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < types.length; c++) {
        if (c > 0) {
          out.write(delimiter);
        }
        if (!batch.nulls(c)[r]) {
          writeField(text(batch, c, r));
        }
      }
      out.write('\n');
    }
  }

  private String text(ColumnarBatch batch, int c, int r) {
    return switch (types[c]) {
      case BOOLEAN -> batch.longs(c)[r] != 0 ? "true" : "false";
      case TINYINT, SMALLINT, INTEGER, BIGINT -> Long.toString(batch.longs(c)[r]);
      case REAL -> Float.toString((float) batch.doubles(c)[r]);
      case DOUBLE -> Double.toString(batch.doubles(c)[r]);
      case DATE, TIME -> text(types[c], (int) batch.longs(c)[r]);
      case TIMESTAMP -> text(types[c], batch.longs(c)[r]);
      case DECIMAL, VARCHAR, VARBINARY -> text(types[c], batch.objects(c)[r]);
    };
  }

  /** The text of a non-null value of {@code type}, unquoted. */
  public static String text(ValueType type, Object value) {
    return switch (type) {
      case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, VARCHAR ->
          value.toString();
      case DECIMAL -> ((BigDecimal) value).toPlainString();
      case VARBINARY -> HexFormat.of().formatHex((byte[]) value);
      case DATE -> LocalDate.ofEpochDay((Integer) value).toString();
      // Whole seconds as they have always been written; milliseconds only
      // when there are some, so that they survive a round trip.
      case TIME -> {
        final LocalTime time = LocalTime.ofNanoOfDay(
            Math.floorMod((Integer) value, 86_400_000L) * 1_000_000L);
        yield (time.getNano() == 0 ? TIME : TIME_MILLIS).format(time);
      }
      case TIMESTAMP -> TIMESTAMP.format(LocalDateTime.ofEpochSecond(
          Math.floorDiv((Long) value, MILLIS_PER_SECOND),
          (int) Math.floorMod((Long) value, MILLIS_PER_SECOND) * 1_000_000, ZoneOffset.UTC));
    };
  }

  private void writeField(String text) throws IOException {
    if (text.isEmpty() || text.indexOf(delimiter) >= 0 || text.indexOf('"') >= 0
        || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      out.write('"');
      out.write(text.replace("\"", "\"\""));
      out.write('"');
    } else {
      out.write(text);
    }
  }

  @Override public void close() throws IOException {
    out.close();
  }

  @Override public void abort() {
    try {
      out.close();
    } catch (IOException e) {
      // Giving up the file anyway; the caller deletes it.
    }
  }
}
