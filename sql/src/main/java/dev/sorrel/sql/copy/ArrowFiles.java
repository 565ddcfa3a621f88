package dev.sorrel.sql.copy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.arrow.ArrowRowReader;
import dev.sorrel.storage.arrow.ArrowRowWriter;

/**
 * Arrow IPC files ({@code .arrow}, {@code .feather}) for COPY: the columnar
 * format pandas, Polars and DuckDB read and write without conversion.
 * Columns are matched by name on load; an export keeps the query's column
 * names and SQL types (timestamps without time zone, in milliseconds).
 *
 * <p>Arrow's file reader and writer need the JVM option
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED} (the {@code sorrel}
 * launcher sets it); without it COPY says so instead of failing obscurely.
 */
final class ArrowFiles {
  private static final int BATCH = 4096;

  private ArrowFiles() {
  }

  static boolean isArrow(String extension) {
    return extension.equals("arrow") || extension.equals("feather") || extension.equals("ipc");
  }

  /** Loads every batch of the file into {@code table} through {@code tx}; returns the count. */
  static long load(Table table, Transaction tx, Path path) {
    try (BufferAllocator allocator = new RootAllocator();
         FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
         ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      final VectorSchemaRoot root = reader.getVectorSchemaRoot();
      final int[] target = targets(table, root, path);
      long count = 0;
      while (reader.loadNextBatch()) {
        final ArrowRowReader rows = new ArrowRowReader(root);
        for (int r = 0; r < rows.rowCount(); r++) {
          final Object[] row = new Object[table.columns().size()];
          for (int c = 0; c < target.length; c++) {
            row[target[c]] = rows.get(c, r);
          }
          try {
            table.insert(tx, row);
          } catch (SorrelException e) {
            throw new SorrelException(e.code(), path + " row " + (count + 1) + ": "
                + e.getMessage(), e);
          }
          count++;
        }
      }
      return count;
    } catch (NoSuchFileException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "file '" + path + "' does not exist");
    } catch (SorrelException e) {
      throw e;
    } catch (IOException | RuntimeException | LinkageError e) {
      throw failure("read", path, e);
    }
  }

  private static SorrelException failure(String what, Path path, Throwable e) {
    final String message = String.valueOf(e.getMessage());
    if (message.contains("DirectByteBuffer") || message.contains("Unsafe")
        || e instanceof LinkageError) {
      return new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "Arrow files need the JVM"
          + " option --add-opens=java.base/java.nio=ALL-UNNAMED (" + message + ")", e);
    }
    return new SorrelException(ErrorCode.DATA_EXCEPTION, "cannot " + what + " Arrow file " + path
        + ": " + message, e);
  }

  private static int[] targets(Table table, VectorSchemaRoot root, Path path) {
    final int[] target = new int[root.getFieldVectors().size()];
    final List<Integer> seen = new ArrayList<>();
    for (int i = 0; i < target.length; i++) {
      final String name = root.getVector(i).getName();
      int ordinal = table.def().columnIndex(name);
      if (ordinal < 0) {
        ordinal = table.def().columnIndex(name.toUpperCase(Locale.ROOT));
      }
      if (ordinal < 0) {
        throw new SorrelException(ErrorCode.COLUMN_NOT_FOUND, path + " has column '" + name
            + "', which table " + table.name() + " does not have");
      }
      seen.add(ordinal);
      target[i] = ordinal;
    }
    for (int c = 0; c < table.columns().size(); c++) {
      final ColumnDef column = table.columns().get(c);
      if (!seen.contains(c) && !column.nullable()) {
        throw new SorrelException(ErrorCode.NOT_NULL_VIOLATION, "column " + column.name()
            + " of table " + table.name() + " is NOT NULL but " + path + " has no such column");
      }
    }
    return target;
  }

  /** Writes a result set to an Arrow IPC file; returns the number of rows. */
  static long export(ResultSet rows, Path file) throws SQLException {
    final ResultColumns columns =
        new ResultColumns(rows.getMetaData(), ArrowRowWriter.MAX_DECIMAL_PRECISION);
    long count = 0;
    try (BufferAllocator allocator = new RootAllocator();
         ArrowRowWriter batch = new ArrowRowWriter(allocator, columns.names, columns.types,
             columns.precisions, columns.scales);
         FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
             StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.CREATE)) {
      ArrowFileWriter writer = null;
      try {
        boolean more = true;
        while (more) {
          batch.reset();
          while (batch.rowCount() < BATCH && (more = rows.next())) {
            batch.append(columns.row(rows));
            count++;
          }
          final VectorSchemaRoot root = batch.finish();
          if (writer == null) {
            writer = new ArrowFileWriter(root, null, channel);
            writer.start();
          }
          if (root.getRowCount() > 0) {
            writer.writeBatch();
          }
        }
        writer.end();
      } finally {
        if (writer != null) {
          writer.close();
        }
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      if (e instanceof SorrelException s) {
        throw s;
      }
      throw failure("write", file, e);
    }
    return count;
  }
}
