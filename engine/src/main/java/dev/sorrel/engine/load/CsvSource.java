package dev.sorrel.engine.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.files.CsvReader;

/** A CSV file as records of text fields, its header (if any) read on opening. */
final class CsvSource implements RecordSource {
  private final Path path;
  private final CsvReader reader;
  private final List<String> names;
  private List<String> record;

  private CsvSource(Path path, CsvReader reader, List<String> names) {
    this.path = path;
    this.reader = reader;
    this.names = names;
  }

  static CsvSource open(Path path, FileOptions options) {
    CsvReader reader = null;
    try {
      reader = new CsvReader(Files.newBufferedReader(path, StandardCharsets.UTF_8),
          options.delimiter());
      List<String> names = null;
      if (options.header()) {
        final List<String> header = reader.next();
        if (header != null) {
          names = new ArrayList<>(header.size());
          for (String name : header) {
            names.add(name == null ? "" : name.trim());
          }
        }
      }
      return new CsvSource(path, reader, names);
    } catch (NoSuchFileException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "file '" + path + "' does not exist");
    } catch (IOException e) {
      closeQuietly(reader);
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot read " + path + ": "
          + e.getMessage(), e);
    }
  }

  @Override public String file() {
    return path.toString();
  }

  @Override public List<String> columnNames() {
    return names;
  }

  @Override public ValueType columnType(int column) {
    return ValueType.VARCHAR;
  }

  @Override public String fileType(int column) {
    return "text";
  }

  @Override public boolean next() {
    try {
      do {
        record = reader.next();
        // A blank line is one empty field: no record.
      } while (record != null && record.size() == 1 && record.get(0) == null);
      return record != null;
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.DATA_EXCEPTION, "cannot read " + path + " near line "
          + reader.line() + ": " + e.getMessage(), e);
    }
  }

  @Override public int fieldCount() {
    return record.size();
  }

  @Override public Object value(int column) {
    return record.get(column);
  }

  @Override public long position() {
    return reader.line();
  }

  @Override public String where(long position) {
    return path + " line " + position;
  }

  @Override public void close() {
    closeQuietly(reader);
  }

  private static void closeQuietly(CsvReader reader) {
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        // Everything needed was read; a failing close of a reader loses nothing.
      }
    }
  }
}
