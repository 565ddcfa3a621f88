package dev.sorrel.engine.load;

import java.io.BufferedWriter;
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
import java.util.function.BooleanSupplier;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.arrow.ArrowRowWriter;
import dev.sorrel.storage.files.ArrowIpcWriter;
import dev.sorrel.storage.files.CsvWriter;
import dev.sorrel.storage.files.ParquetRowWriter;
import dev.sorrel.storage.files.RowWriter;

/**
 * Writes rows in storage form (a table's, or a query's converted by the caller) to a CSV,
 * Parquet or Arrow IPC file. The file is written to a temporary file beside it and moved into
 * place when complete, so a failed export leaves no partial file and an old file stays intact.
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
   * Exports every row of {@code table}, in key order, as of one snapshot,
   * until {@code canceled} turns true.
   *
   * @param canceled polled at every row: once true, the export fails with
   *     {@link ErrorCode#QUERY_CANCELED} and leaves no file behind
   * @return the number of rows written
   */
  public static long export(Table table, Path path, FileFormat format, FileOptions options,
      BooleanSupplier canceled) {
    final List<ExportColumn> columns = table.columns().stream().map(ExportColumn::of).toList();
    final int[] all = new int[columns.size()];
    for (int c = 0; c < all.length; c++) {
      all[c] = c;
    }
    try (ReadView snapshot = table.database().snapshot();
         Table.RowCursor cursor = table.scan(snapshot, KeyRange.ALL, all)) {
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
      }, columns, path, format, options);
    }
  }

  /**
   * Exports {@code rows}, each one value per column in the storage representation of the
   * column's type ({@code null} for NULL).
   *
   * @return the number of rows written
   */
  public static long export(RowStream rows, List<ExportColumn> columns, Path path,
      FileFormat format, FileOptions options) {
    final Path absolute = path.toAbsolutePath();
    final Path temporary;
    try {
      temporary = Files.createTempFile(absolute.getParent(), ".export-", ".tmp");
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot write " + path + ": " + e, e);
    }
    final long count;
    try {
      count = switch (format) {
        case CSV -> writeCsv(rows, columns, temporary, path, options);
        case PARQUET -> writeParquet(rows, columns, temporary, path, options);
        case ARROW -> writeArrow(rows, columns, temporary, path);
      };
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

  private static long writeCsv(RowStream rows, List<ExportColumn> columns, Path file,
      Path path, FileOptions options) {
    final ValueType[] types = columns.stream().map(ExportColumn::type)
        .toArray(ValueType[]::new);
    long count = 0;
    try (CsvWriter writer = new CsvWriter(new BufferedWriter(Files.newBufferedWriter(file,
        StandardCharsets.UTF_8)), options.delimiter(), types)) {
      if (options.header()) {
        writer.writeHeader(columns.stream().map(ExportColumn::name).toArray(String[]::new));
      }
      while (rows.next()) {
        writer.append(rows.row());
        count++;
      }
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot write " + path + ": "
          + e.getMessage(), e);
    }
    return count;
  }

  private static long writeParquet(RowStream rows, List<ExportColumn> columns,
      Path file, Path path, FileOptions options) {
    final Set<String> names = new HashSet<>();
    for (ExportColumn column : columns) {
      if (!names.add(column.name())) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "cannot write " + path
            + ": two columns are named " + column.name() + ", and Parquet columns need"
            + " distinct names (rename one with AS)");
      }
    }
    final Shape shape = new Shape(columns, ParquetRowWriter.MAX_DECIMAL_PRECISION);
    final RowWriter writer;
    try {
      writer = new ParquetRowWriter(file, shape.names, shape.types, shape.precisions,
          shape.scales, options.compression());
    } catch (IllegalArgumentException e) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "cannot write " + path + ": "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot write " + path + ": "
          + e.getMessage(), e);
    } catch (LinkageError e) {
      throw FileErrors.missingParquetLibrary(e);
    }
    long count = 0;
    try (writer) {
      while (rows.next()) {
        count++;
        try {
          writer.append(shape.rescale(rows.row()));
        } catch (IllegalArgumentException e) {
          throw new SorrelException(ErrorCode.NUMERIC_OUT_OF_RANGE, path + " row " + count
              + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot write " + path + ": "
          + e.getMessage(), e);
    } catch (LinkageError e) {
      throw FileErrors.missingParquetLibrary(e);
    }
    return count;
  }

  private static long writeArrow(RowStream rows, List<ExportColumn> columns,
      Path file, Path path) {
    final Shape shape = new Shape(columns, ArrowRowWriter.MAX_DECIMAL_PRECISION);
    final ArrowIpcWriter writer;
    try {
      writer = new ArrowIpcWriter(file, shape.names, shape.types, shape.precisions,
          shape.scales);
    } catch (IOException | RuntimeException | LinkageError e) {
      throw FileErrors.arrow("write", path, e);
    }
    long count = 0;
    boolean written = false;
    try {
      // Only the writer's failures are Arrow's: the rows' own (a failing query) pass through.
      while (rows.next()) {
        final Object[] row = shape.rescale(rows.row());
        try {
          writer.append(row);
        } catch (IOException | RuntimeException | LinkageError e) {
          throw FileErrors.arrow("write", path, e);
        }
        count++;
      }
      written = true;
    } finally {
      try {
        writer.close();
      } catch (IOException | RuntimeException | LinkageError e) {
        if (written) {
          throw FileErrors.arrow("write", path, e);
        }
        // The failure being thrown is the one to report.
      }
    }
    return count;
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
    private final boolean decimals;

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

    /** Rounds the row's DECIMAL values to their columns' scales, in place. */
    Object[] rescale(Object[] row) {
      if (decimals) {
        for (int c = 0; c < row.length; c++) {
          if (types[c] == ValueType.DECIMAL && row[c] instanceof BigDecimal d
              && d.scale() != scales[c]) {
            row[c] = d.setScale(scales[c], RoundingMode.HALF_UP);
          }
        }
      }
      return row;
    }
  }
}
