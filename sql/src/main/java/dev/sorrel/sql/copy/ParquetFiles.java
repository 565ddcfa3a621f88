package dev.sorrel.sql.copy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.files.ParquetRowWriter.Compression;
import dev.sorrel.storage.files.ParquetRowWriter;
import dev.sorrel.storage.files.ParquetRows;
import dev.sorrel.storage.files.UnsupportedFileException;
import dev.sorrel.storage.files.ValueText;

/**
 * Parquet files ({@code .parquet}) for COPY, read and written without Hadoop (see
 * {@link ParquetRows} and {@link ParquetRowWriter} for the type mapping and codecs).
 *
 * <p>A load matches file columns to table columns by name (exactly, else upper-cased); a table
 * column the file lacks gets NULL, and must be nullable. A file column's values go into a table
 * column of the same type, or of another numeric type (range-checked), DATE into TIMESTAMP,
 * binary into VARCHAR (as UTF-8), and text into any type (read as CSV fields are); any other
 * pairing is refused before a row is read. An export keeps the query's column names and SQL
 * types, compressed with Snappy unless another codec is asked for.
 */
final class ParquetFiles {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private ParquetFiles() {
  }

  static boolean isParquet(String extension) {
    return extension.equals("parquet") || extension.equals("pq");
  }

  /** The codec a {@code compression} option names. */
  static Compression compression(String option) {
    return switch (option.trim().toLowerCase(Locale.ROOT)) {
      case "snappy" -> Compression.SNAPPY;
      case "zstd", "zstandard" -> Compression.ZSTD;
      case "gzip" -> Compression.GZIP;
      case "lz4", "lz4_raw" -> Compression.LZ4_RAW;
      case "none", "uncompressed" -> Compression.UNCOMPRESSED;
      default -> throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "unknown Parquet"
          + " compression '" + option + "'; use snappy, zstd, gzip, lz4 or none");
    };
  }

  // ------------------------------------------------------------ load

  /** Loads every row of the file into {@code table} through {@code tx}; returns the count. */
  static long load(Table table, Transaction tx, Path path) {
    long count = 0;
    try (ParquetRows rows = ParquetRows.open(path)) {
      final Conversion[] conversions = new Conversion[rows.columnCount()];
      final int[] target = targets(table, rows, path, conversions);
      final int width = table.columns().size();
      Object[][] batch;
      while ((batch = rows.next()) != null) {
        for (Object[] values : batch) {
          count++;
          final Object[] row = new Object[width];
          for (int c = 0; c < target.length; c++) {
            final Object value = values[c];
            if (value != null) {
              row[target[c]] = convert(conversions[c], value, table.columns().get(target[c]),
                  path, count);
            }
          }
          try {
            table.insert(tx, row);
          } catch (SorrelException e) {
            throw new SorrelException(e.code(), path + " row " + count + ": " + e.getMessage(),
                e);
          }
        }
      }
      return count;
    } catch (NoSuchFileException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "file '" + path + "' does not exist");
    } catch (UnsupportedFileException e) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "cannot read Parquet file "
          + path + ": " + e.getMessage(), e);
    } catch (FileSystemException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot read " + path + ": " + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.DATA_EXCEPTION, "cannot read Parquet file " + path
          + (count > 0 ? " after row " + count : "") + ": " + e.getMessage(), e);
    } catch (LinkageError e) {
      throw missingLibrary(e);
    }
  }

  private static Object convert(Conversion conversion, Object value, ColumnDef column, Path path,
      long row) {
    try {
      return conversion.apply(value);
    } catch (IllegalArgumentException e) {
      final String shown = value instanceof String s ? "'" + s + "'" : "the value";
      throw new SorrelException(ErrorCode.INVALID_CHARACTER_VALUE, path + " row " + row
          + ", column " + column.name() + ": cannot read " + shown + " as "
          + column.sqlTypeName() + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Maps each file column to its table column ordinal and chooses its conversion; checks that
   * every NOT NULL column is in the file.
   */
  private static int[] targets(Table table, ParquetRows rows, Path path,
      Conversion[] conversions) {
    final List<ColumnDef> columns = table.columns();
    final int[] target = new int[rows.columnCount()];
    final boolean[] seen = new boolean[columns.size()];
    for (int i = 0; i < target.length; i++) {
      final String name = rows.columnName(i);
      int ordinal = table.def().columnIndex(name);
      if (ordinal < 0) {
        ordinal = table.def().columnIndex(name.toUpperCase(Locale.ROOT));
      }
      if (ordinal < 0) {
        throw new SorrelException(ErrorCode.COLUMN_NOT_FOUND, path + " has column '" + name
            + "', which table " + table.name() + " does not have");
      }
      if (seen[ordinal]) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, path + " has two columns"
            + " for column " + columns.get(ordinal).name() + " of table " + table.name());
      }
      seen[ordinal] = true;
      target[i] = ordinal;
      final ColumnDef column = columns.get(ordinal);
      conversions[i] = conversion(rows.columnType(i), column.type());
      if (conversions[i] == null) {
        throw new SorrelException(ErrorCode.TYPE_MISMATCH, path + " column '" + name
            + "' is Parquet " + rows.parquetType(i) + ", which"
            + " column " + column.name() + " " + column.sqlTypeName() + " of table "
            + table.name() + " cannot hold");
      }
    }
    for (int c = 0; c < columns.size(); c++) {
      final ColumnDef column = columns.get(c);
      if (!seen[c] && !column.nullable()) {
        throw new SorrelException(ErrorCode.NOT_NULL_VIOLATION, "column " + column.name()
            + " of table " + table.name() + " is NOT NULL but " + path + " has no such column");
      }
    }
    return target;
  }

  /** Turns a file value (storage form of its own type) into what the table column takes. */
  @FunctionalInterface
  private interface Conversion {
    /** Converts a non-null value; IllegalArgumentException if text cannot be read as the type. */
    Object apply(Object value);
  }

  private static final Conversion SAME = value -> value;

  /** The conversion from {@code from} values to a column of {@code to}, or null if none. */
  private static Conversion conversion(ValueType from, ValueType to) {
    if (from == null || from == to || numeric(from) && numeric(to)) {
      // Equal or numeric types: the table range-checks and converts (Values.coerce). A column
      // of Parquet's null type has no values to convert.
      return SAME;
    }
    if (from == ValueType.VARCHAR) {
      return value -> ValueText.parse(to, (String) value);
    }
    if (from == ValueType.VARBINARY && to == ValueType.VARCHAR) {
      return value -> utf8((byte[]) value);
    }
    if (from == ValueType.DATE && to == ValueType.TIMESTAMP) {
      return value -> (Integer) value * MILLIS_PER_DAY;
    }
    return null;
  }

  private static boolean numeric(ValueType type) {
    return switch (type) {
      case TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL -> true;
      default -> false;
    };
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the bytes are not UTF-8 text", e);
    }
  }

  // ------------------------------------------------------------ export

  /**
   * Writes a result set to {@code file} (the temporary file of the export to {@code path});
   * returns the number of rows.
   */
  static long export(ResultSet rows, Path file, Path path, Compression compression)
      throws SQLException {
    final ResultColumns columns =
        new ResultColumns(rows.getMetaData(), ParquetRowWriter.MAX_DECIMAL_PRECISION);
    final Set<String> names = new HashSet<>();
    for (String name : columns.names) {
      if (!names.add(name)) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "cannot write " + path
            + ": two columns are named " + name + ", and Parquet columns need distinct names"
            + " (rename one with AS)");
      }
    }
    final ParquetRowWriter writer;
    try {
      writer = new ParquetRowWriter(file, columns.names, columns.types, columns.precisions,
          columns.scales, compression);
    } catch (IllegalArgumentException e) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "cannot write " + path + ": "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot write " + path + ": "
          + e.getMessage(), e);
    } catch (LinkageError e) {
      throw missingLibrary(e);
    }
    long count = 0;
    try (writer) {
      while (rows.next()) {
        count++;
        try {
          writer.append(columns.row(rows));
        } catch (IllegalArgumentException e) {
          throw new SorrelException(ErrorCode.NUMERIC_OUT_OF_RANGE, path + " row " + count
              + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot write " + path + ": "
          + e.getMessage(), e);
    } catch (LinkageError e) {
      throw missingLibrary(e);
    }
    return count;
  }

  private static SorrelException missingLibrary(LinkageError e) {
    return new SorrelException(ErrorCode.INTERNAL_ERROR, "Parquet support is missing a class"
        + " (the parquet and hadoop jars must be on the classpath): " + e, e);
  }
}
