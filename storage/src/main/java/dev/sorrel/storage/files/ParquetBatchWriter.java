package dev.sorrel.storage.files;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;

import dev.sorrel.storage.ColumnarBatch;
import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.files.ParquetRowWriter.Compression;

/**
 * Writes {@link ColumnarBatch}es to a Parquet file column by column: each column's values go
 * straight from the batch's primitive arrays to parquet-java's column writer (encoding,
 * statistics, dictionary, pages), with no record assembly and no boxing in between. The file is
 * the one {@link ParquetRowWriter} writes for the same rows (same schema, types, codecs, row
 * group size and footer metadata); page boundaries may fall elsewhere, as pages are sized per
 * batch rather than per row.
 *
 * <p>VARCHAR and VARBINARY columns are dictionary-encoded while their dictionary stays under
 * parquet-java's page limit (low-cardinality strings: categories, labels), then fall back to
 * plain encoding; so are the other types that often hold categories (BOOLEAN, TINYINT,
 * SMALLINT, INTEGER, DECIMAL and DATE). BIGINT, REAL, DOUBLE, TIME and TIMESTAMP columns,
 * mostly keys, measurements and instants, are written plain.
 * Rows are buffered up to a row group ({@value ParquetRowWriter#DEFAULT_ROW_GROUP_BYTES} bytes
 * by default), which is then compressed page by page and written; {@link #close()} writes the
 * footer. Not thread-safe.
 */
public final class ParquetBatchWriter implements BatchWriter {
  /** The footer's object model entry, as {@link ParquetRowWriter} writes it. */
  private static final Map<String, String> FOOTER =
      Map.of(ParquetWriter.OBJECT_MODEL_NAME_PROP, "sorrel");

  private final ParquetSchema schema;
  private final ParquetProperties properties;
  private final ParquetCodecs codecs = new ParquetCodecs();
  private final BytesInputCompressor compressor;
  private final ParquetFileWriter file;
  private final ColumnDescriptor[] descriptors;
  private final long rowGroupBytes;
  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore store;
  private final ColumnWriter[] writers;
  private long groupRows;
  private long rowCount;
  private boolean broken;

  /**
   * Creates (or replaces) {@code file} for batches of the given columns, with the arguments of
   * {@link ParquetRowWriter#ParquetRowWriter(Path, String[], ValueType[], int[], int[],
   * Compression)}.
   */
  public ParquetBatchWriter(Path file, String[] names, ValueType[] types,
      int[] decimalPrecisions, int[] decimalScales, Compression compression) throws IOException {
    this(file, names, types, decimalPrecisions, decimalScales, compression,
        ParquetRowWriter.DEFAULT_ROW_GROUP_BYTES);
  }

  /** As the public constructor, with the row group size given (for tests). */
  ParquetBatchWriter(Path file, String[] names, ValueType[] types, int[] decimalPrecisions,
      int[] decimalScales, Compression compression, long rowGroupBytes) throws IOException {
    this.schema = new ParquetSchema(names, types, decimalPrecisions, decimalScales);
    this.properties = properties(schema);
    this.compressor = codecs.getCompressor(compression.codec());
    this.rowGroupBytes = rowGroupBytes;
    final List<ColumnDescriptor> columns = schema.messageType.getColumns();
    this.descriptors = columns.toArray(new ColumnDescriptor[0]);
    this.writers = new ColumnWriter[descriptors.length];
    this.file = new ParquetFileWriter(new LocalOutputFile(file), schema.messageType,
        ParquetFileWriter.Mode.OVERWRITE, rowGroupBytes, 0, null, properties);
    try {
      this.file.start();
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
    startRowGroup();
  }

  /**
   * The writer's settings: parquet-java's defaults, but a dictionary only for the types whose
   * columns are often categorical. For the others (keys, measurements, instants) a dictionary
   * almost always overflows parquet-java's limit and falls back to plain encoding, after
   * costing a hash of every value up to the limit and a re-encoding of them all.
   */
  private static ParquetProperties properties(ParquetSchema schema) {
    final ParquetProperties.Builder builder = ParquetProperties.builder()
        .withDictionaryEncoding(false);
    for (int c = 0; c < schema.types.length; c++) {
      builder.withDictionaryEncoding(schema.names[c], dictionary(schema.types[c]));
    }
    return builder.build();
  }

  private static boolean dictionary(ValueType type) {
    return switch (type) {
      case BOOLEAN, TINYINT, SMALLINT, INTEGER, DECIMAL, VARCHAR, VARBINARY, DATE -> true;
      case BIGINT, REAL, DOUBLE, TIME, TIMESTAMP -> false;
    };
  }

  private void startRowGroup() {
    pages = ColumnChunkPageWriteStore.builder()
        .withCompressorProvider(column -> compressor)
        .withSchema(schema.messageType)
        .withAllocator(properties.getAllocator())
        .withColumnIndexTruncateLength(properties.getColumnIndexTruncateLength())
        .withPageWriteChecksumEnabled(properties.getPageWriteChecksumEnabled())
        .build();
    store = properties.newColumnWriteStore(schema.messageType, pages, pages);
    for (int c = 0; c < descriptors.length; c++) {
      writers[c] = store.getColumnWriter(descriptors[c]);
    }
    groupRows = 0;
  }

  @Override public void write(ColumnarBatch batch) throws IOException {
    if (broken) {
      throw new IllegalStateException("the Parquet writer failed before and cannot go on");
    }
    if (batch.width() != writers.length) {
      throw new IllegalArgumentException("batch has " + batch.width() + " columns, the file has "
          + writers.length);
    }
    final int size = batch.size();
    if (size == 0) {
      return;
    }
    broken = true; // until the batch is complete: a column written alone spoils the row group
    for (int c = 0; c < writers.length; c++) {
      writeColumn(batch, c, size);
    }
    for (int r = 0; r < size; r++) {
      store.endRecord();
    }
    broken = false;
    groupRows += size;
    rowCount += size;
    if (store.getBufferedSize() >= rowGroupBytes) {
      flushRowGroup();
      startRowGroup();
    }
  }

  /** Writes one column of a batch; nulls have definition level 0, values 1. */
  private void writeColumn(ColumnarBatch batch, int c, int size) {
    final ColumnWriter writer = writers[c];
    final boolean[] nulls = batch.nulls(c);
    final ValueType type = schema.types[c];
    switch (type) {
      case BOOLEAN -> {
        final long[] values = batch.longs(c);
        for (int r = 0; r < size; r++) {
          if (nulls[r]) {
            writer.writeNull(0, 0);
          } else {
            writer.write(values[r] != 0, 0, 1);
          }
        }
      }
      case TINYINT, SMALLINT, INTEGER, DATE, TIME -> {
        final long[] values = batch.longs(c);
        for (int r = 0; r < size; r++) {
          if (nulls[r]) {
            writer.writeNull(0, 0);
          } else {
            writer.write((int) values[r], 0, 1);
          }
        }
      }
      case BIGINT -> {
        final long[] values = batch.longs(c);
        for (int r = 0; r < size; r++) {
          if (nulls[r]) {
            writer.writeNull(0, 0);
          } else {
            writer.write(values[r], 0, 1);
          }
        }
      }
      case TIMESTAMP -> {
        final long[] values = batch.longs(c);
        for (int r = 0; r < size; r++) {
          if (nulls[r]) {
            writer.writeNull(0, 0);
          } else {
            writer.write(schema.timestampMicros(c, values[r]), 0, 1);
          }
        }
      }
      case REAL -> {
        final double[] values = batch.doubles(c);
        for (int r = 0; r < size; r++) {
          if (nulls[r]) {
            writer.writeNull(0, 0);
          } else {
            writer.write((float) values[r], 0, 1);
          }
        }
      }
      case DOUBLE -> {
        final double[] values = batch.doubles(c);
        for (int r = 0; r < size; r++) {
          if (nulls[r]) {
            writer.writeNull(0, 0);
          } else {
            writer.write(values[r], 0, 1);
          }
        }
      }
      case DECIMAL -> {
        final Object[] values = batch.objects(c);
        for (int r = 0; r < size; r++) {
          if (nulls[r]) {
            writer.writeNull(0, 0);
            continue;
          }
          final Object unscaled;
          try {
            unscaled = schema.decimal(c, (BigDecimal) values[r]);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("row " + (rowCount + r + 1) + ": "
                + e.getMessage(), e);
          }
          if (unscaled instanceof Integer i) {
            writer.write((int) i, 0, 1);
          } else if (unscaled instanceof Long l) {
            writer.write((long) l, 0, 1);
          } else {
            writer.write((Binary) unscaled, 0, 1);
          }
        }
      }
      case VARCHAR -> {
        final Object[] values = batch.objects(c);
        for (int r = 0; r < size; r++) {
          if (nulls[r]) {
            writer.writeNull(0, 0);
          } else {
            writer.write(Binary.fromString((String) values[r]), 0, 1);
          }
        }
      }
      case VARBINARY -> {
        final Object[] values = batch.objects(c);
        for (int r = 0; r < size; r++) {
          if (nulls[r]) {
            writer.writeNull(0, 0);
          } else {
            writer.write(Binary.fromConstantByteArray((byte[]) values[r]), 0, 1);
          }
        }
      }
    }
  }

  /** The number of rows written. */
  public long rowCount() {
    return rowCount;
  }

  private void flushRowGroup() throws IOException {
    if (groupRows > 0) {
      file.startBlock(groupRows);
      store.flush();
      pages.flushToFileWriter(file);
      file.endBlock();
    }
    store.close();
    pages.close();
    store = null;
    pages = null;
  }

  /** Writes the last row group and the footer, and closes the file. */
  @Override public void close() throws IOException {
    if (broken) {
      abort();
      throw new IllegalStateException("the Parquet writer failed before and cannot complete");
    }
    try {
      flushRowGroup();
      file.end(FOOTER);
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    } finally {
      codecs.release();
    }
  }

  @Override public void abort() {
    broken = true;
    try {
      if (store != null) {
        store.close();
        pages.close();
      }
    } catch (RuntimeException e) {
      // Giving up anyway; the file is deleted by the caller.
    } finally {
      store = null;
      pages = null;
      try {
        file.close(); // without a footer: closes the stream (abort() would leave it open)
      } catch (IOException | RuntimeException e) {
        // As above.
      }
      codecs.release();
    }
  }
}
