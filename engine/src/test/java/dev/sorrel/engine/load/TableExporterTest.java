package dev.sorrel.engine.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.storage.ValueType;

/**
 * Exports written with a worker's help are byte for byte the serial ones, whichever thread
 * writes which batch, also when no worker ever comes; a failing source leaves no file.
 */
class TableExporterTest {
  private static final List<ExportColumn> COLUMNS = List.of(
      new ExportColumn("id", ValueType.BIGINT, 0, 0),
      new ExportColumn("arm", ValueType.VARCHAR, 0, 0),
      new ExportColumn("revenue", ValueType.DOUBLE, 0, 0),
      new ExportColumn("amount", ValueType.DECIMAL, 12, 2),
      new ExportColumn("ts", ValueType.TIMESTAMP, 0, 0),
      new ExportColumn("day", ValueType.DATE, 0, 0),
      new ExportColumn("ok", ValueType.BOOLEAN, 0, 0));
  /** Several batches, the last one partial. */
  private static final int ROWS = 3 * ExportPipeline.BATCH_ROWS + 123;

  @TempDir Path dir;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** Rows with NULLs, repeated strings and DECIMALs of other scales; fails at {@code failAt}. */
  private static RowStream rows(int count, int failAt) {
    return new RowStream() {
      private int row = -1;

      @Override public boolean next() {
        if (++row == failAt) {
          throw new SorrelException(ErrorCode.DIVISION_BY_ZERO, "failing at row " + row);
        }
        return row < count;
      }

      @Override public Object[] row() {
        final boolean nulls = row % 7 == 3;
        return new Object[] {(long) row, nulls ? null : row % 3 == 0 ? "control" : "treatment",
            nulls ? null : row * 0.25, nulls ? null : BigDecimal.valueOf(row, 3),
            1_767_225_600_000L + row * 1000L, row % 365, row % 2 == 0};
      }
    };
  }

  private byte[] export(String name, java.util.concurrent.Executor workers) throws IOException {
    final Path file = dir.resolve(name);
    assertEquals(ROWS, TableExporter.export(rows(ROWS, -1), COLUMNS, file,
        FileFormat.of(name), FileOptions.defaults(name), workers));
    return Files.readAllBytes(file);
  }

  @Test
  void aWorkerWritesTheSameBytesAsOneThread() throws IOException {
    for (String name : List.of("e.parquet", "e.csv", "e.arrow")) {
      final byte[] serial = export("serial-" + name, null);
      assertArrayEquals(serial, export("helped-" + name, pool), name);
      // A pool that never runs the task, and one that refuses it: the caller writes alone.
      final List<Runnable> parked = new ArrayList<>();
      assertArrayEquals(serial, export("parked-" + name, parked::add), name);
      // The pipeline's writer; for Parquet also the second thread of each batch's columns.
      assertEquals(name.endsWith(".parquet") ? 1 + 4 : 1, parked.size());
      assertArrayEquals(serial, export("refused-" + name, task -> {
        throw new RejectedExecutionException("closing");
      }), name);
      for (Runnable task : parked) {
        task.run(); // a late start finds its work done and returns at once
      }
    }
  }

  @Test
  void aFailingSourceLeavesNoFileAndKeepsTheOldOne() throws IOException {
    for (String name : List.of("f.parquet", "f.csv", "f.arrow")) {
      final byte[] old = export(name, pool);
      final Path file = dir.resolve(name);
      final SorrelException e = assertThrows(SorrelException.class,
          () -> TableExporter.export(rows(ROWS, 2 * ExportPipeline.BATCH_ROWS + 5), COLUMNS,
              file, FileFormat.of(name), FileOptions.defaults(name), pool));
      assertEquals(ErrorCode.DIVISION_BY_ZERO, e.code());
      assertArrayEquals(old, Files.readAllBytes(file), name);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
          .toList(), "no temporary file is left");
    }
  }
}
