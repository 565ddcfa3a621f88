package dev.sorrel.storage.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.storage.ColumnarBatch;
import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.files.ParquetRowWriter.Compression;

/**
 * Column batches written to Parquet read back as the rows they hold, across batches and row
 * groups, in the schema the row writer declares; strings get a dictionary, keys do not; a
 * batch's columns written on two threads give the same file as on one.
 */
class ParquetBatchWriterTest {
  private static final ValueType[] ALL = ValueType.values();

  @TempDir Path dir;

  private static void fill(ColumnarBatch batch, int first, int count) {
    batch.clear();
    for (int r = 0; r < count; r++) {
      final Object[] row = ParquetRowWriterTest.row(first + r);
      for (int c = 0; c < row.length; c++) {
        batch.set(c, r, row[c]);
      }
    }
    batch.setSize(count);
  }

  @Test
  void everyTypeRoundTripsWithNullsAcrossBatchesAndRowGroups() throws IOException {
    final Path file = dir.resolve("batches.parquet");
    final Path rowFile = dir.resolve("rows.parquet");
    final int count = 20_000;
    final ColumnarBatch batch = new ColumnarBatch(ALL, 4096);
    try (ParquetBatchWriter writer = new ParquetBatchWriter(file, ParquetRowWriterTest.names(),
        ALL, ParquetRowWriterTest.decimal(12), ParquetRowWriterTest.decimal(3),
        Compression.SNAPPY, 128 << 10, null);
         ParquetRowWriter rows = new ParquetRowWriter(rowFile, ParquetRowWriterTest.names(),
             ALL, ParquetRowWriterTest.decimal(12), ParquetRowWriterTest.decimal(3),
             Compression.SNAPPY)) {
      for (int first = 0; first < count; first += batch.capacity()) {
        fill(batch, first, Math.min(batch.capacity(), count - first));
        writer.write(batch);
      }
      assertEquals(count, writer.rowCount());
      for (int i = 0; i < count; i++) {
        rows.append(ParquetRowWriterTest.row(i));
      }
    }
    final ParquetMetadata footer = ParquetRowWriterTest.footer(file);
    assertTrue(footer.getBlocks().size() > 1, "small row groups: " + footer.getBlocks().size());
    assertEquals(ParquetRowWriterTest.footer(rowFile).getFileMetaData().getSchema(),
        footer.getFileMetaData().getSchema(), "the row writer's schema");
    assertEquals("sorrel", footer.getFileMetaData().getKeyValueMetaData()
        .get("writer.model.name"));
    try (ParquetRows rows = ParquetRows.open(file, 1000)) {
      final List<Object[]> all = ParquetRowWriterTest.readAll(rows);
      assertEquals(count, all.size());
      for (int i = 0; i < count; i++) {
        ParquetRowWriterTest.assertRow(ParquetRowWriterTest.row(i), all.get(i), i);
      }
    }
    for (BlockMetaData block : footer.getBlocks()) {
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        final String column = chunk.getPath().toDotString();
        final boolean dictionary = chunk.getEncodings().contains(Encoding.PLAIN_DICTIONARY)
            || chunk.getEncodings().contains(Encoding.RLE_DICTIONARY);
        if (column.equals("varchar")) {
          assertTrue(dictionary, "50 distinct strings get a dictionary: " + chunk);
        } else if (column.equals("bigint") || column.equals("double")) {
          assertFalse(dictionary, "keys and measurements are written plain: " + chunk);
        }
      }
    }
  }

  /** Writes {@code count} rows of every type in batches of 4096, helped by {@code helper}. */
  private static void writeAll(Path file, int count, Executor helper) throws IOException {
    final ColumnarBatch batch = new ColumnarBatch(ALL, 4096);
    try (ParquetBatchWriter writer = new ParquetBatchWriter(file, ParquetRowWriterTest.names(),
        ALL, ParquetRowWriterTest.decimal(12), ParquetRowWriterTest.decimal(3),
        Compression.SNAPPY, 256 << 10, helper)) {
      for (int first = 0; first < count; first += batch.capacity()) {
        fill(batch, first, Math.min(batch.capacity(), count - first));
        writer.write(batch);
      }
    }
  }

  @Test
  void columnsWrittenOnTwoThreadsGiveTheSameFileAsOnOne() throws Exception {
    final int count = 30_000;
    final Path serial = dir.resolve("serial.parquet");
    writeAll(serial, count, null);
    final ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      final Path parallel = dir.resolve("parallel.parquet");
      writeAll(parallel, count, pool);
      assertArrayEquals(Files.readAllBytes(serial), Files.readAllBytes(parallel));
      // A helper that refuses the work leaves every column to the calling thread.
      final Path refused = dir.resolve("refused.parquet");
      writeAll(refused, count, task -> {
        throw new RejectedExecutionException("closing");
      });
      assertArrayEquals(Files.readAllBytes(serial), Files.readAllBytes(refused));
    } finally {
      pool.shutdownNow();
    }
    try (ParquetRows rows = ParquetRows.open(serial, 1000)) {
      final List<Object[]> all = ParquetRowWriterTest.readAll(rows);
      assertEquals(count, all.size());
      for (int i = 0; i < count; i++) {
        ParquetRowWriterTest.assertRow(ParquetRowWriterTest.row(i), all.get(i), i);
      }
    }
  }

  @Test
  void aDecimalTooWideOnTwoThreadsNamesItsRowAndTheWriterGivesUp() throws IOException {
    final Path file = dir.resolve("wide2.parquet");
    final ValueType[] types = {ValueType.VARCHAR, ValueType.DECIMAL, ValueType.DOUBLE};
    final ColumnarBatch batch = new ColumnarBatch(types, 10);
    final ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      final ParquetBatchWriter writer = new ParquetBatchWriter(file,
          new String[] {"s", "d", "x"}, types, new int[] {0, 4, 0}, new int[] {0, 2, 0},
          Compression.SNAPPY, pool);
      for (int r = 0; r < 3; r++) {
        batch.set(0, r, "s" + r);
        batch.set(1, r, new BigDecimal(r == 2 ? "123.45" : "1.5"));
        batch.set(2, r, (double) r);
      }
      batch.setSize(3);
      final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> writer.write(batch));
      assertTrue(e.getMessage().startsWith("row 3: DECIMAL value 123.45 exceeds precision 4"),
          e.getMessage());
      assertThrows(IllegalStateException.class, () -> writer.write(batch));
      writer.abort();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aDecimalTooWideNamesItsRowAndTheWriterGivesUp() throws IOException {
    final Path file = dir.resolve("wide.parquet");
    final ValueType[] types = {ValueType.BIGINT, ValueType.DECIMAL};
    final ColumnarBatch batch = new ColumnarBatch(types, 10);
    final ParquetBatchWriter writer = new ParquetBatchWriter(file, new String[] {"id", "d"},
        types, new int[] {0, 4}, new int[] {0, 2}, Compression.SNAPPY);
    batch.set(0, 0, 1L);
    batch.set(1, 0, new BigDecimal("12.34"));
    batch.set(0, 1, 2L);
    batch.set(1, 1, new BigDecimal("123.45"));
    batch.setSize(2);
    final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> writer.write(batch));
    assertTrue(e.getMessage().startsWith("row 2: DECIMAL value 123.45 exceeds precision 4"),
        e.getMessage());
    assertThrows(IllegalStateException.class, () -> writer.write(batch));
    writer.abort();
    assertArrayEquals(new Object[] {1L, new BigDecimal("12.34")},
        new Object[] {batch.value(0, 0), batch.value(1, 0)}, "the batch is left as it was");
  }
}
