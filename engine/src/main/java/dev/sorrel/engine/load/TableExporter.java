package dev.sorrel.engine.load;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.engine.table.Table;
import dev.sorrel.engine.table.segment.SegmentBatchScan;
import dev.sorrel.engine.table.segment.TableSegments;
import dev.sorrel.storage.ColumnarBatch;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.arrow.ArrowRowWriter;
import dev.sorrel.storage.files.ArrowIpcWriter;
import dev.sorrel.storage.files.BatchWriter;
import dev.sorrel.storage.files.CsvWriter;
import dev.sorrel.storage.files.ParquetBatchWriter;
import dev.sorrel.storage.files.ParquetRowWriter;

/**
 * Writes rows in storage form (a table's, or a query's converted by the caller) to a CSV,
 * Parquet or Arrow IPC file. The rows are read in column batches ({@link ColumnBatchSource}:
 * a table segment's blocks are copied into them, boxed rows are gathered into them) and written column by column, while the next batch is
 * read: a database worker encodes and writes, the calling thread reads (see
 * {@link ExportPipeline}); the file's bytes do not depend on which thread wrote what. The file
 * is written to a temporary file beside it and moved into place when complete; a failed export
 * deletes the temporary file, so it leaves no partial file and an old file stays intact.
 *
 * <p>A CSV export writes a header of column names unless asked not to; the columnar formats keep
 * the columns' names and types, DECIMAL values rounded (half up) to their column's scale.
 */
public final class TableExporter {
  private TableExporter() {
  }

  /**
   * Exports every row of {@code table}, in key order, as of one snapshot.
   *
   * @return the number of rows written
   */
  public static long export(Table table, Path path, FileFormat format, FileOptions options) {
    return export(table, path, format, options, () -> false);
  }

  /**
   * Exports every row of {@code table}, in key order, as of one snapshot (read from the table's
   * segment where one is usable), until {@code canceled} turns true.
   *
   * @param canceled polled at every row: once true, the export fails with
   *     {@link ErrorCode#QUERY_CANCELED} and leaves no file behind
   * @return the number of rows written
   */
  public static long export(Table table, Path path, FileFormat format, FileOptions options,
      BooleanSupplier canceled) {
    return export(table, null, path, format, options, canceled);
  }

  /**
   * Exports every row of {@code table} as {@code view} holds them (a transaction's snapshot,
   * which stays open), or as of a new snapshot if {@code view} is null.
   *
   * @return the number of rows written
   */
  public static long export(Table table, ReadView view, Path path, FileFormat format,
      FileOptions options, BooleanSupplier canceled) {
    return export(table, view, true, path, format, options, canceled);
  }

  /**
   * Exports every row of {@code table} as {@code view} holds them (a transaction's snapshot,
   * which stays open), or as of a new snapshot if {@code view} is null. Where {@code segments}
   * allows and the table's segment is usable at that snapshot, its blocks are copied column by
   * column into the file's batches (rows changed since the segment was built read from the
   * snapshot among them); else the rows are read from the store.
   *
   * @return the number of rows written
   */
  public static long export(Table table, ReadView view, boolean segments, Path path,
      FileFormat format, FileOptions options, BooleanSupplier canceled) {
    final List<ExportColumn> columns = table.columns().stream().map(ExportColumn::of).toList();
    final int[] all = new int[columns.size()];
    for (int c = 0; c < all.length; c++) {
      all[c] = c;
    }
    try (ReadView owned = view == null ? table.database().snapshot() : null) {
      final ReadView read = view == null ? owned : view;
      final TableSegments.Usable usable = segments
          ? table.database().tableSegments().usable(table, read) : null;
      if (usable != null) {
        return export(new SegmentBatches(new SegmentBatchScan(table, usable, read, all,
            List.of()), canceled, table.name()), columns, path, format, options,
            table.database().workers());
      }
      try (Table.RowCursor cursor = table.scan(read, KeyRange.ALL, all, null)) {
        return export(new RowStream() {
          @Override public boolean next() {
            if (canceled.getAsBoolean()) {
              throw new SorrelException(ErrorCode.QUERY_CANCELED, "query canceled while"
                  + " exporting " + table.name());
            }
            return cursor.next();
          }

          @Override public Object[] row() {
            return cursor.row();
          }
        }, columns, path, format, options, table.database().workers());
      }
    }
  }

  /**
   * Exports {@code rows}, each one value per column in the storage representation of the
   * column's type ({@code null} for NULL), on the calling thread alone.
   *
   * @return the number of rows written
   */
  public static long export(RowStream rows, List<ExportColumn> columns, Path path,
      FileFormat format, FileOptions options) {
    return export(rows, columns, path, format, options, null);
  }

  /**
   * Exports {@code rows}, each one value per column in the storage representation of the
   * column's type ({@code null} for NULL), while one of {@code workers} (if given) writes the
   * file.
   *
   * @return the number of rows written
   */
  public static long export(RowStream rows, List<ExportColumn> columns, Path path,
      FileFormat format, FileOptions options, Executor workers) {
    return export(new RowBatches(rows), columns, path, format, options, workers);
  }

  /**
   * Exports the rows of {@code source}, whose batches have one column per export column: the
   * rows are read a batch at a time on the calling thread while one of {@code workers} (if
   * given and free; else the calling thread) encodes and writes the previous batches. The file
   * is the same either way.
   *
   * @return the number of rows written
   */
  public static long export(ColumnBatchSource source, List<ExportColumn> columns, Path path,
      FileFormat format, FileOptions options, Executor workers) {
    final Path absolute = path.toAbsolutePath();
    final Shape shape = new Shape(columns, format == FileFormat.ARROW
        ? ArrowRowWriter.MAX_DECIMAL_PRECISION : ParquetRowWriter.MAX_DECIMAL_PRECISION);
    if (format == FileFormat.PARQUET) {
      requireDistinctNames(columns, path);
    }
    final Path temporary;
    try {
      temporary = Files.createTempFile(absolute.getParent(), ".export-", ".tmp");
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot write " + path + ": " + e, e);
    }
    final long count;
    try {
      final BatchWriter writer = open(format, temporary, path, shape, options, workers);
      // The columnar formats declare a scale per DECIMAL column; CSV writes values as they are.
      final ColumnBatchSource rows = format == FileFormat.CSV || !shape.decimals ? source
          : batch -> shape.round(batch, source.fill(batch));
      try {
        count = ExportPipeline.run(rows, shape.types, writer, workers);
      } catch (ExportPipeline.WriteFailure e) {
        writer.abort();
        throw writeFailure(format, path, e.getCause());
      } catch (RuntimeException | Error e) {
        // The source's failure (the query's, a cancel) passes through as it is.
        writer.abort();
        throw e;
      }
      try {
        writer.close();
      } catch (IOException | RuntimeException | LinkageError e) {
        writer.abort();
        throw writeFailure(format, path, e);
      }
    } catch (RuntimeException | Error e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    place(temporary, absolute, path);
    return count;
  }

  private static void requireDistinctNames(List<ExportColumn> columns, Path path) {
    final Set<String> names = new HashSet<>();
    for (ExportColumn column : columns) {
      if (!names.add(column.name())) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "cannot write " + path
            + ": two columns are named " + column.name() + ", and Parquet columns need"
            + " distinct names (rename one with AS)");
      }
    }
  }

  /**
   * Creates the file's writer (a Parquet writer encodes a batch's columns on its thread and one
   * of {@code workers}, if given); its failures become SorrelExceptions.
   */
  private static BatchWriter open(FileFormat format, Path file, Path path, Shape shape,
      FileOptions options, Executor workers) {
    switch (format) {
      case CSV -> {
        try {
          final CsvWriter writer = new CsvWriter(Files.newBufferedWriter(file,
              StandardCharsets.UTF_8), options.delimiter(), shape.types);
          if (options.header()) {
            try {
              writer.writeHeader(shape.names);
            } catch (IOException e) {
              writer.abort();
              throw e;
            }
          }
          return writer;
        } catch (IOException e) {
          throw new SorrelException(ErrorCode.IO_ERROR, "cannot write " + path + ": "
              + e.getMessage(), e);
        }
      }
      case PARQUET -> {
        try {
          return new ParquetBatchWriter(file, shape.names, shape.types, shape.precisions,
              shape.scales, options.compression(), workers);
        } catch (IllegalArgumentException e) {
          throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "cannot write " + path
              + ": " + e.getMessage(), e);
        } catch (IOException e) {
          throw new SorrelException(ErrorCode.IO_ERROR, "cannot write " + path + ": "
              + e.getMessage(), e);
        } catch (LinkageError e) {
          throw FileErrors.missingParquetLibrary(e);
        }
      }
      case ARROW -> {
        try {
          return new ArrowIpcWriter(file, shape.names, shape.types, shape.precisions,
              shape.scales);
        } catch (IOException | RuntimeException | LinkageError e) {
          throw FileErrors.arrow("write", path, e);
        }
      }
    }
    throw new AssertionError(format);
  }

  /** A file writer's failure while writing or completing the file. */
  private static RuntimeException writeFailure(FileFormat format, Path path, Throwable e) {
    if (e instanceof Error error && !(e instanceof LinkageError)) {
      throw error;
    }
    switch (format) {
      case ARROW -> {
        return FileErrors.arrow("write", path, e);
      }
      case PARQUET -> {
        if (e instanceof LinkageError linkage) {
          return FileErrors.missingParquetLibrary(linkage);
        }
        if (e instanceof IllegalArgumentException) {
          return new SorrelException(ErrorCode.NUMERIC_OUT_OF_RANGE, path + " "
              + e.getMessage(), e);
        }
      }
      case CSV -> {
        // As for Parquet's other failures, below.
      }
    }
    if (e instanceof SorrelException sorrel) {
      return sorrel;
    }
    return new SorrelException(ErrorCode.IO_ERROR, "cannot write " + path + ": "
        + e.getMessage(), e);
  }

  /** Moves a finished export into place, atomically where the file system can. */
  private static void place(Path temporary, Path absolute, Path path) {
    try {
      try {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot write " + path + ": " + e, e);
    }
  }

  /** The columns as a columnar writer takes them. */
  private static final class Shape {
    final String[] names;
    final ValueType[] types;
    final int[] precisions;
    final int[] scales;
    final boolean decimals;

    /**
     * A DECIMAL without a precision, or with one above {@code maxPrecision}, gets
     * {@code maxPrecision}.
     */
    Shape(List<ExportColumn> columns, int maxPrecision) {
      final int width = columns.size();
      names = new String[width];
      types = new ValueType[width];
      precisions = new int[width];
      scales = new int[width];
      boolean any = false;
      for (int c = 0; c < width; c++) {
        final ExportColumn column = columns.get(c);
        names[c] = column.name();
        types[c] = column.type();
        precisions[c] = column.precision() > 0 && column.precision() <= maxPrecision
            ? column.precision() : maxPrecision;
        scales[c] = Math.max(0, column.scale());
        any |= types[c] == ValueType.DECIMAL;
      }
      decimals = any;
    }

    /**
     * Rounds (half up) the DECIMAL values of a batch's first {@code size} rows to their
     * columns' scales, in place; returns {@code size}.
     */
    int round(ColumnarBatch batch, int size) {
      for (int c = 0; c < types.length; c++) {
        if (types[c] != ValueType.DECIMAL) {
          continue;
        }
        final Object[] values = batch.objects(c);
        final boolean[] nulls = batch.nulls(c);
        for (int r = 0; r < size; r++) {
          if (!nulls[r] && values[r] instanceof BigDecimal d && d.scale() != scales[c]) {
            values[r] = d.setScale(scales[c], RoundingMode.HALF_UP);
          }
        }
      }
      return size;
    }
  }
}
