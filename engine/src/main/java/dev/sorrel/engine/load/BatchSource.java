package dev.sorrel.engine.load;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.files.ArrowIpcReader;
import dev.sorrel.storage.files.ParquetRows;
import dev.sorrel.storage.files.RowBatchReader;
import dev.sorrel.storage.files.UnsupportedFileException;

/**
 * A typed columnar file (Parquet, Arrow IPC) as records, read a batch of rows at a time. The
 * two formats differ only in how their readers fail, which this class translates.
 */
final class BatchSource implements RecordSource {
  private final Path path;
  private final FileFormat format;
  private final RowBatchReader reader;
  private Object[][] batch = new Object[0][];
  private int index;
  private long row;

  private BatchSource(Path path, FileFormat format, RowBatchReader reader) {
    this.path = path;
    this.format = format;
    this.reader = reader;
  }

  static BatchSource open(Path path, FileFormat format) {
    try {
      return new BatchSource(path, format, format == FileFormat.PARQUET ? ParquetRows.open(path)
          : ArrowIpcReader.open(path));
    } catch (NoSuchFileException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "file '" + path + "' does not exist");
    } catch (IOException | RuntimeException | LinkageError e) {
      throw failure(path, format, 0, e);
    }
  }

  @Override public String file() {
    return path.toString();
  }

  @Override public List<String> columnNames() {
    final List<String> names = new ArrayList<>(reader.columnCount());
    for (int c = 0; c < reader.columnCount(); c++) {
      names.add(reader.columnName(c));
    }
    return names;
  }

  @Override public ValueType columnType(int column) {
    return reader.columnType(column);
  }

  @Override public String fileType(int column) {
    return reader.fileType(column);
  }

  @Override public boolean next() {
    while (++index >= batch.length) {
      final Object[][] next;
      try {
        next = reader.next();
      } catch (IOException | RuntimeException | LinkageError e) {
        throw failure(path, format, row, e);
      }
      if (next == null) {
        index = batch.length;
        return false;
      }
      batch = next;
      index = -1;
    }
    row++;
    return true;
  }

  @Override public int fieldCount() {
    return batch[index].length;
  }

  @Override public Object value(int column) {
    return batch[index][column];
  }

  @Override public long position() {
    return row;
  }

  @Override public String where(long position) {
    return path + " row " + position;
  }

  @Override public void close() {
    try {
      reader.close();
    } catch (IOException | RuntimeException e) {
      // Every row was read (or the load failed already): nothing is lost.
    }
  }

  /** Translates a reader's failure after {@code rows} rows. */
  private static SorrelException failure(Path path, FileFormat format, long rows, Throwable e) {
    if (format == FileFormat.ARROW) {
      return FileErrors.arrow("read", path, e);
    }
    if (e instanceof LinkageError) {
      return FileErrors.missingParquetLibrary((LinkageError) e);
    }
    if (e instanceof UnsupportedFileException) {
      return new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "cannot read Parquet file "
          + path + ": " + e.getMessage(), e);
    }
    if (e instanceof FileSystemException) {
      return new SorrelException(ErrorCode.IO_ERROR, "cannot read " + path + ": "
          + e.getMessage(), e);
    }
    if (e instanceof RuntimeException r) {
      throw r;
    }
    return new SorrelException(ErrorCode.DATA_EXCEPTION, "cannot read Parquet file " + path
        + (rows > 0 ? " after row " + rows : "") + ": " + e.getMessage(), e);
  }
}
