package dev.sorrel.storage.files;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.apache.parquet.schema.MessageType;

import dev.sorrel.storage.ColumnarBatch;
import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.files.ParquetRowWriter.Compression;

/**
 * Writes {@link ColumnarBatch}es to a Parquet file column by column: each column's values go
 * straight from the batch's primitive arrays to parquet-java's column writer (encoding,
 * statistics, dictionary, pages), with no record assembly and no boxing in between. The file is
 * the one {@link ParquetRowWriter} writes for the same rows (same schema, types, codecs, row
 * group size and footer metadata); page boundaries may fall elsewhere, as each column's pages
 * are cut by its own size.
 *
 * <p>VARCHAR and VARBINARY columns are dictionary-encoded while their dictionary stays under
 * parquet-java's page limit (low-cardinality strings: categories, labels), then fall back to
 * plain encoding; so are the other types that often hold categories (BOOLEAN, TINYINT,
 * SMALLINT, INTEGER, DECIMAL and DATE). BIGINT, REAL, DOUBLE, TIME and TIMESTAMP columns,
 * mostly keys, measurements and instants, are written plain.
 * Rows are buffered up to a row group ({@value ParquetRowWriter#DEFAULT_ROW_GROUP_BYTES} bytes
 * by default), which is then compressed page by page and written; {@link #close()} writes the
 * footer.
 *
 * <p>Each column has its own write store, which cuts its pages by that column's size alone, and
 * its own compressor; so a batch's columns can be encoded and compressed on two threads at once
 * (given a helper executor), each column whole on one thread, and the file's bytes do not depend
 * on which thread took which column. Not thread-safe otherwise: one caller at a time.
 */
public final class ParquetBatchWriter implements BatchWriter {
  /** The footer's object model entry, as {@link ParquetRowWriter} writes it. */
  private static final Map<String, String> FOOTER =
      Map.of(ParquetWriter.OBJECT_MODEL_NAME_PROP, "sorrel");

  /** Strings of at most this many chars have their encoded form kept for repeats. */
  private static final int RECENT_LENGTH = 64;
  /** Slots of a VARCHAR column's cache of recently written strings. */
  private static final int RECENT = 256;

  private final ParquetSchema schema;
  private final ParquetProperties properties;
  private final ParquetCodecs codecs = new ParquetCodecs();
  /** A compressor per column (each keeps scratch state), as columns compress on two threads. */
  private final Map<ColumnDescriptor, BytesInputCompressor> compressors = new HashMap<>();
  private final ParquetFileWriter file;
  private final ColumnDescriptor[] descriptors;
  /** Per column, the schema of that column alone, for its own write store. */
  private final MessageType[] columnSchemas;
  private final long rowGroupBytes;
  /** A second thread for the columns of a batch, or null to write them all on the caller's. */
  private final Executor helper;
  private ColumnChunkPageWriteStore pages;
  /**
   * One write store per column: each column's pages are cut by its own size alone, so a column
   * is written whole by whichever thread takes it, and the file does not depend on which did.
   */
  private final ColumnWriteStore[] stores;
  private final ColumnWriter[] writers;
  /** Per VARCHAR column, its recently written strings and their encoded forms, by hash. */
  private final String[][] recentStrings;
  private final Binary[][] recentBinaries;
  private long groupRows;
  private long rowCount;
  private boolean broken;

  /**
   * Creates (or replaces) {@code file} for batches of the given columns, with the arguments of
   * {@link ParquetRowWriter#ParquetRowWriter(Path, String[], ValueType[], int[], int[],
   * Compression)}, writing on the calling thread alone.
   */
  public ParquetBatchWriter(Path file, String[] names, ValueType[] types,
      int[] decimalPrecisions, int[] decimalScales, Compression compression) throws IOException {
    this(file, names, types, decimalPrecisions, decimalScales, compression, null);
  }

  /**
   * As {@link #ParquetBatchWriter(Path, String[], ValueType[], int[], int[], Compression)},
   * but a batch's columns are encoded and compressed on two threads at once: the calling
   * thread's and a task handed to {@code helper} (if the helper does not start it in time,
   * the calling thread takes all the columns). The file is the same either way.
   *
   * @param helper an executor for the second thread, or null for none
   */
  public ParquetBatchWriter(Path file, String[] names, ValueType[] types,
      int[] decimalPrecisions, int[] decimalScales, Compression compression, Executor helper)
      throws IOException {
    this(file, names, types, decimalPrecisions, decimalScales, compression,
        ParquetRowWriter.DEFAULT_ROW_GROUP_BYTES, helper);
  }

  /** As the public constructors, with the row group size given (for tests). */
  ParquetBatchWriter(Path file, String[] names, ValueType[] types, int[] decimalPrecisions,
      int[] decimalScales, Compression compression, long rowGroupBytes, Executor helper)
      throws IOException {
    this.schema = new ParquetSchema(names, types, decimalPrecisions, decimalScales);
    this.properties = properties(schema);
    this.rowGroupBytes = rowGroupBytes;
    this.helper = helper;
    final List<ColumnDescriptor> columns = schema.messageType.getColumns();
    this.descriptors = columns.toArray(new ColumnDescriptor[0]);
    final int width = descriptors.length;
    this.columnSchemas = new MessageType[width];
    this.stores = new ColumnWriteStore[width];
    this.writers = new ColumnWriter[width];
    this.recentStrings = new String[width][];
    this.recentBinaries = new Binary[width][];
    for (int c = 0; c < width; c++) {
      compressors.put(descriptors[c], codecs.getCompressor(compression.codec()));
      columnSchemas[c] = new MessageType(schema.messageType.getName(),
          List.of(schema.messageType.getType(c)));
      if (schema.types[c] == ValueType.VARCHAR) {
        recentStrings[c] = new String[RECENT];
        recentBinaries[c] = new Binary[RECENT];
      }
    }
    this.file = new ParquetFileWriter(new LocalOutputFile(file), schema.messageType,
        ParquetFileWriter.Mode.OVERWRITE, rowGroupBytes, 0, null, properties);
    try {
      this.file.start();
      startRowGroup();
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
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
        .withCompressorProvider(compressors::get)
        .withSchema(schema.messageType)
        .withAllocator(properties.getAllocator())
        .withColumnIndexTruncateLength(properties.getColumnIndexTruncateLength())
        .withPageWriteChecksumEnabled(properties.getPageWriteChecksumEnabled())
        .build();
    // Each store takes its column's page writer from the row group's page store, which
    // writes the chunks to the file in schema order.
    for (int c = 0; c < descriptors.length; c++) {
      stores[c] = properties.newColumnWriteStore(columnSchemas[c], pages, pages);
      writers[c] = stores[c].getColumnWriter(descriptors[c]);
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
    if (helper == null || writers.length < 2) {
      for (int c = 0; c < writers.length; c++) {
        writeColumn(batch, c, size);
      }
    } else {
      writeInParallel(batch, size);
    }
    broken = false;
    groupRows += size;
    rowCount += size;
    long buffered = 0;
    for (ColumnWriteStore store : stores) {
      buffered += store.getBufferedSize();
    }
    if (buffered >= rowGroupBytes) {
      flushRowGroup();
      startRowGroup();
    }
  }

  /**
   * Writes a batch's columns on this thread and the helper's, each column whole on one of
   * them, taking the next column not yet taken; waits for both. A failure is the one of the
   * first column (in the file's order) that failed, as a serial write would report it.
   */
  private void writeInParallel(ColumnarBatch batch, int size) {
    final AtomicInteger next = new AtomicInteger();
    final Throwable[] failures = new Throwable[writers.length];
    final Runnable columns = () -> {
      for (int c = next.getAndIncrement(); c < writers.length; c = next.getAndIncrement()) {
        try {
          writeColumn(batch, c, size);
        } catch (RuntimeException | Error e) {
          failures[c] = e;
        }
      }
    };
    final FutureTask<Void> task = new FutureTask<>(columns, null);
    try {
      helper.execute(task);
    } catch (RejectedExecutionException e) {
      // Not started by the executor: run below, on this thread.
    }
    columns.run();
    task.run(); // a no-op if the helper started it; else it takes no column, as none is left
    boolean interrupted = false;
    try {
      while (true) {
        try {
          task.get(); // the helper's columns are written by now, and visible to this thread
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the helper writes this writer's columns: let it end first
        } catch (ExecutionException e) {
          throw new AssertionError("column failures are kept, not thrown", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    for (Throwable failure : failures) {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
    }
  }

  /**
   * Writes one column of a batch and ends its rows in the column's store; nulls have
   * definition level 0, values 1.
   */
  private void writeColumn(ColumnarBatch batch, int c, int size) {
    writeValues(batch, c, size);
    final ColumnWriteStore store = stores[c];
    for (int r = 0; r < size; r++) {
      store.endRecord();
    }
  }

  private void writeValues(ColumnarBatch batch, int c, int size) {
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
        final String[] strings = recentStrings[c];
        final Binary[] binaries = recentBinaries[c];
        for (int r = 0; r < size; r++) {
          if (nulls[r]) {
            writer.writeNull(0, 0);
          } else {
            writer.write(binary((String) values[r], strings, binaries), 0, 1);
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

  /**
   * A string's UTF-8 form: repeated strings (the categories of a column, which a segment
   * hands out as one instance each) are encoded once and their binary reused, as parquet-java
   * copies no constant binary and changes none.
   */
  private static Binary binary(String value, String[] strings, Binary[] binaries) {
    if (value.length() > RECENT_LENGTH) {
      return Binary.fromString(value);
    }
    final int hash = value.hashCode();
    final int slot = (hash ^ (hash >>> 16)) & (RECENT - 1);
    final String known = strings[slot];
    if (known == value || value.equals(known)) {
      return binaries[slot];
    }
    final Binary binary = Binary.fromString(value);
    strings[slot] = value;
    binaries[slot] = binary;
    return binary;
  }

  /** The number of rows written. */
  public long rowCount() {
    return rowCount;
  }

  private void flushRowGroup() throws IOException {
    if (groupRows > 0) {
      file.startBlock(groupRows);
      for (ColumnWriteStore store : stores) {
        store.flush();
      }
      pages.flushToFileWriter(file);
      file.endBlock();
    }
    closeRowGroup();
  }

  private void closeRowGroup() {
    for (int c = 0; c < stores.length; c++) {
      if (stores[c] != null) {
        stores[c].close();
        stores[c] = null;
      }
    }
    if (pages != null) {
      pages.close();
      pages = null;
    }
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
      closeRowGroup();
    } catch (RuntimeException e) {
      // Giving up anyway; the file is deleted by the caller.
    } finally {
      Arrays.fill(stores, null);
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
