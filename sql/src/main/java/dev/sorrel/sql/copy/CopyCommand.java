package dev.sorrel.sql.copy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNodeList;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.parser.SorrelSqlDialect;
import dev.sorrel.sql.parser.SqlCopy;
import dev.sorrel.sql.runtime.WriteScope;
import dev.sorrel.storage.files.CsvReader;
import dev.sorrel.storage.files.ParquetRowWriter.Compression;
import dev.sorrel.storage.files.ValueText;

/**
 * Runs a {@code COPY}: loads a CSV, Arrow IPC or Parquet file into a table as one
 * transaction, or writes a table or a query's result to such a file (written to a temporary
 * file first and moved into place, so a failed export leaves no partial file).
 *
 * <p>Options ({@code WITH (...)}): for CSV, {@code header} (default true; a load maps
 * file columns to table columns by the header's names) and {@code delimiter}
 * (default {@code ,}; {@code \t} for a {@code .tsv} file); for a Parquet export,
 * {@code compression} ({@code snappy}, the default, {@code zstd}, {@code gzip},
 * {@code lz4} or {@code none}).
 */
public final class CopyCommand {
  private CopyCommand() {
  }

  /** Runs the statement; returns the number of rows loaded or written. */
  public static long execute(Database database, SqlCopy copy, Connection connection) {
    final String file = ((SqlLiteral) copy.file).getValueAs(String.class);
    final Path path = Path.of(file);
    final String extension = extension(file);
    final Format format = ArrowFiles.isArrow(extension) ? Format.ARROW
        : ParquetFiles.isParquet(extension) ? Format.PARQUET
        : extension.equals("csv") || extension.equals("tsv") || extension.equals("txt")
            ? Format.CSV : null;
    if (format == null) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "COPY reads and writes CSV"
          + " (.csv, .tsv, .txt), Arrow IPC (.arrow, .feather) and Parquet (.parquet) files; '"
          + file + "' is none of these");
    }
    boolean header = true;
    char delimiter = extension.equals("tsv") ? '\t' : ',';
    Compression compression = Compression.SNAPPY;
    final SqlNodeList options = copy.options;
    if (options != null) {
      for (int i = 0; i < options.size(); i += 2) {
        final String key = ((SqlIdentifier) options.get(i)).getSimple().toLowerCase(Locale.ROOT);
        final String value = ((SqlLiteral) options.get(i + 1)).toValue();
        switch (key) {
        case "header":
          requireFormat(format != Format.PARQUET, key, "CSV files");
          header = Boolean.parseBoolean(value);
          break;
        case "delimiter":
          requireFormat(format != Format.PARQUET, key, "CSV files");
          final String d = value.equals("\\t") ? "\t" : value;
          if (d.length() != 1) {
            throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE,
                "COPY delimiter must be one character, not '" + value + "'");
          }
          delimiter = d.charAt(0);
          break;
        case "compression":
          requireFormat(format == Format.PARQUET && !copy.from, key,
              "Parquet exports (COPY ... TO 'file.parquet')");
          compression = ParquetFiles.compression(value);
          break;
        default:
          throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "unknown COPY option "
              + key + "; options: header, delimiter (CSV), compression (Parquet export)");
        }
      }
    }
    return switch (format) {
      case ARROW -> copy.from ? loadArrow(database, copy, path)
          : export(copy, connection, path, format, true, delimiter, compression);
      case PARQUET -> copy.from ? loadParquet(database, copy, path)
          : export(copy, connection, path, format, true, delimiter, compression);
      case CSV -> copy.from ? load(database, copy, path, header, delimiter)
          : export(copy, connection, path, format, header, delimiter, compression);
    };
  }

  /** The file formats COPY reads and writes, chosen by the file name's extension. */
  private enum Format {
    CSV, ARROW, PARQUET
  }

  private static void requireFormat(boolean applies, String option, String where) {
    if (!applies) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "COPY option " + option
          + " applies to " + where);
    }
  }

  private static String extension(String file) {
    final int dot = file.lastIndexOf('.');
    return dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  // ------------------------------------------------------------ load

  private static Table target(Database database, SqlCopy copy) {
    if (copy.table == null) {
      throw new SorrelException(ErrorCode.SYNTAX_ERROR, "COPY ... FROM loads a table, not a query");
    }
    final String name = copy.table.names.get(copy.table.names.size() - 1);
    final Table table = database.catalog().table(name);
    if (table == null) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "table " + name + " does not exist");
    }
    return table;
  }

  /** Loads of at least this many rows compact the table's key range afterwards. */
  private static final long COMPACT_AFTER_ROWS = 1_000_000;

  /**
   * Compacts the table after a large committed load (not inside a JDBC batch,
   * whose transaction has not committed yet): a bulk load leaves its rows
   * spread over several LSM levels, and key seeks (point-in-time joins, range
   * scans) cost a third more until background compaction catches up.
   */
  private static long compactAfterLargeLoad(Database database, Table table, long rows) {
    if (rows >= COMPACT_AFTER_ROWS && !WriteScope.inBatch(database)) {
      table.compact();
    }
    return rows;
  }

  private static long loadArrow(Database database, SqlCopy copy, Path path) {
    final Table table = target(database, copy);
    return compactAfterLargeLoad(database, table,
        WriteScope.write(database, tx -> ArrowFiles.load(table, tx, path)));
  }

  private static long loadParquet(Database database, SqlCopy copy, Path path) {
    final Table table = target(database, copy);
    return compactAfterLargeLoad(database, table,
        WriteScope.write(database, tx -> ParquetFiles.load(table, tx, path)));
  }

  private static long load(Database database, SqlCopy copy, Path path, boolean header,
      char delimiter) {
    final Table table = target(database, copy);
    try (CsvReader reader = new CsvReader(Files.newBufferedReader(path, StandardCharsets.UTF_8),
        delimiter)) {
      final int[] target = columns(table, header ? reader.next() : null, path);
      return compactAfterLargeLoad(database, table, WriteScope.write(database, tx -> {
        long count = 0;
        try {
          List<String> record;
          while ((record = reader.next()) != null) {
            if (record.size() == 1 && record.get(0) == null) {
              continue; // blank line
            }
            final Object[] row = row(table, target, record, path, reader.line());
            try {
              table.insert(tx, row);
            } catch (SorrelException e) {
              throw new SorrelException(e.code(), path + " line " + reader.line() + ": "
                  + e.getMessage(), e);
            }
            count++;
          }
        } catch (IOException e) {
          throw new SorrelException(ErrorCode.DATA_EXCEPTION, "cannot read " + path + " near line "
              + reader.line() + ": " + e.getMessage(), e);
        }
        return count;
      }));
    } catch (NoSuchFileException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "file '" + path + "' does not exist");
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot read " + path + ": " + e.getMessage(),
          e);
    }
  }

  /** Maps each file column to its table column ordinal. */
  private static int[] columns(Table table, List<String> names, Path path) {
    final List<ColumnDef> columns = table.columns();
    if (names == null) {
      final int[] all = new int[columns.size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return all;
    }
    final int[] target = new int[names.size()];
    final List<Integer> seen = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      final String label = names.get(i) == null ? "" : names.get(i).trim();
      int ordinal = table.def().columnIndex(label);
      if (ordinal < 0) {
        ordinal = table.def().columnIndex(label.toUpperCase(Locale.ROOT));
      }
      if (ordinal < 0) {
        throw new SorrelException(ErrorCode.COLUMN_NOT_FOUND, path + " has column '" + label
            + "', which table " + table.name() + " does not have");
      }
      if (seen.contains(ordinal)) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, path + " has column '"
            + label + "' twice");
      }
      seen.add(ordinal);
      target[i] = ordinal;
    }
    for (int c = 0; c < columns.size(); c++) {
      if (!seen.contains(c) && !columns.get(c).nullable()) {
        throw new SorrelException(ErrorCode.NOT_NULL_VIOLATION, "column "
            + columns.get(c).name() + " of table " + table.name() + " is NOT NULL but " + path
            + " has no such column (COPY does not apply column defaults)");
      }
    }
    return target;
  }

  private static Object[] row(Table table, int[] target, List<String> record, Path path,
      int line) {
    if (record.size() != target.length) {
      throw new SorrelException(ErrorCode.DATA_EXCEPTION, path + " line " + line + " has "
          + record.size() + " fields, not " + target.length);
    }
    final Object[] row = new Object[table.columns().size()];
    for (int i = 0; i < target.length; i++) {
      final String text = record.get(i);
      if (text == null) {
        continue;
      }
      final ColumnDef column = table.columns().get(target[i]);
      try {
        row[target[i]] = ValueText.parse(column.type(), text);
      } catch (IllegalArgumentException e) {
        throw new SorrelException(ErrorCode.INVALID_CHARACTER_VALUE, path + " line " + line
            + ", column " + column.name() + ": cannot read '" + text + "' as "
            + column.sqlTypeName() + " (" + e.getMessage() + ")");
      }
    }
    try {
      return table.checkRow(row);
    } catch (SorrelException e) {
      throw new SorrelException(e.code(), path + " line " + line + ": " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------ export

  private static long export(SqlCopy copy, Connection connection, Path path, Format format,
      boolean header, char delimiter, Compression compression) {
    final String sql = copy.query != null
        ? SorrelSqlDialect.sql(copy.query)
        : "SELECT * FROM " + SorrelSqlDialect.sql(copy.table);
    final Path absolute = path.toAbsolutePath();
    final Path temporary;
    try {
      temporary = Files.createTempFile(absolute.getParent(), ".copy-", ".tmp");
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot write " + path + ": " + e, e);
    }
    long count = 0;
    if (format != Format.CSV) {
      try (Statement statement = connection.createStatement();
           ResultSet rows = statement.executeQuery(sql)) {
        count = format == Format.ARROW ? ArrowFiles.export(rows, temporary)
            : ParquetFiles.export(rows, temporary, path, compression);
      } catch (SQLException | RuntimeException e) {
        throw exportFailed(temporary, path, e);
      }
      place(temporary, absolute, path);
      return count;
    }
    try (Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql);
         Writer out = new BufferedWriter(Files.newBufferedWriter(temporary,
             StandardCharsets.UTF_8))) {
      final ResultSetMetaData meta = rows.getMetaData();
      final int width = meta.getColumnCount();
      if (header) {
        for (int c = 1; c <= width; c++) {
          if (c > 1) {
            out.write(delimiter);
          }
          out.write(quote(meta.getColumnLabel(c), delimiter));
        }
        out.write('\n');
      }
      while (rows.next()) {
        for (int c = 1; c <= width; c++) {
          if (c > 1) {
            out.write(delimiter);
          }
          final Object value = rows.getObject(c);
          if (value != null) {
            out.write(quote(TextValues.format(value), delimiter));
          }
        }
        out.write('\n');
        count++;
      }
    } catch (SQLException | IOException | RuntimeException e) {
      throw exportFailed(temporary, path, e);
    }
    place(temporary, absolute, path);
    return count;
  }

  private static RuntimeException exportFailed(Path temporary, Path path, Exception e) {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException ignored) {
      // The original failure is the one to report.
    }
    if (e instanceof RuntimeException r) {
      return r;
    }
    return new SorrelException(ErrorCode.IO_ERROR, "COPY to " + path + " failed: "
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
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot write " + path + ": " + e, e);
    }
  }

  /** Quotes a field if it holds the delimiter, a quote or a line break, or is empty. */
  private static String quote(String text, char delimiter) {
    if (text.isEmpty() || text.indexOf(delimiter) >= 0 || text.indexOf('"') >= 0
        || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }

}
