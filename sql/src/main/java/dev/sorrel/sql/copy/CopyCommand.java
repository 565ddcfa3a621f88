package dev.sorrel.sql.copy;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.load.FileFormat;
import dev.sorrel.engine.load.FileOptions;
import dev.sorrel.engine.load.RowStream;
import dev.sorrel.engine.load.TableExporter;
import dev.sorrel.engine.load.TableLoader;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.FileAccess;
import dev.sorrel.sql.ddl.PositionedException;
import dev.sorrel.sql.parser.SorrelSqlDialect;
import dev.sorrel.sql.parser.SqlCopy;
import dev.sorrel.sql.runtime.Cancellation;
import dev.sorrel.sql.runtime.TransactionState;
import dev.sorrel.sql.schema.SorrelSchema;
import dev.sorrel.storage.files.ParquetRowWriter.Compression;

/**
 * Runs a {@code COPY}: reads its options and hands the work to the engine, which loads a CSV,
 * Arrow IPC or Parquet file into a table as one transaction ({@link TableLoader}) or writes a
 * table's or a query's rows to such a file ({@link TableExporter}).
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

  /**
   * Runs the statement; a query to export runs through {@code queries}. Returns the number of
   * rows loaded or written.
   *
   * @param canceled the statement's cancellation, polled at every row: a canceled load rolls
   *     back, a canceled export leaves no file
   * @param files which files the connection may read and write
   * @param segments whether an export of a table may read the table's segment (the
   *     connection's {@code table_segments})
   */
  public static long execute(Database database, SqlCopy copy, NestedQuery queries,
      BooleanSupplier canceled, FileAccess files, boolean segments) {
    // 'a' 'b' (string literals continued across whitespace) parses as a chain, which is one name.
    final String file = SqlLiteral.unchain(copy.file).getValueAs(String.class);
    final Path path;
    try {
      path = files.resolve(file, "COPY");
    } catch (SorrelException e) {
      throw new PositionedException(e.code(), copy.file.getParserPosition(), e.getMessage());
    }
    final FileFormat format = FileFormat.of(file);
    if (format == null) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "COPY reads and writes CSV"
          + " (.csv, .tsv, .txt), Arrow IPC (.arrow, .feather) and Parquet (.parquet) files; '"
          + file + "' is none of these");
    }
    final FileOptions options = options(copy, format, FileOptions.defaults(file));
    if (copy.from) {
      final Table table = target(database, copy);
      final TransactionState transactions = queries.transactions();
      // In autocommit the load is its transaction's only statement, and may go in bulk.
      final boolean alone = TransactionState.runsAlone(transactions);
      final long rows = TransactionState.write(transactions, database, canceled,
          tx -> TableLoader.load(tx, table, path, format, options, canceled, alone));
      // Inside a transaction or a JDBC batch the load has not committed yet: nothing to compact.
      if (transactions == null || !transactions.isGathering()) {
        TableLoader.loaded(table, rows);
      }
      return rows;
    }
    final Table table = storedTable(database, copy.table != null ? copy.table
        : wholeTable(copy.query));
    // A query sees its transaction's own writes, which the engine's export does not read.
    if (table != null && (copy.table != null
        || !TransactionState.hasWritten(queries.transactions(), table))) {
      TransactionState.checkReadable(queries.transactions(), table);
      // An open transaction's snapshot (REPEATABLE READ keeps its first one) decides the rows.
      return TableExporter.export(table, TransactionState.read(queries.transactions(), table),
          segments, path, format, options, canceled);
    }
    final String sql = copy.query != null
        ? SorrelSqlDialect.sql(copy.query)
        : "SELECT * FROM " + SorrelSqlDialect.sql(copy.table);
    final NestedQuery.Prepared query = queries.prepare(sql);
    final QueryColumns columns = new QueryColumns(query.rowType());
    try (NestedQuery.Rows rows = query.run()) {
      final RowStream storage = columns.storageRows(rows);
      return TableExporter.export(new RowStream() {
        @Override public boolean next() {
          Cancellation.check(canceled, "exporting to " + file);
          return storage.next();
        }

        @Override public Object[] row() {
          return storage.row();
        }
      }, columns.columns(), path, format, options, database.workers());
    }
  }

  private static FileOptions options(SqlCopy copy, FileFormat format, FileOptions defaults) {
    boolean header = defaults.header();
    char delimiter = defaults.delimiter();
    Compression compression = defaults.compression();
    final SqlNodeList options = copy.options;
    if (options != null) {
      for (int i = 0; i < options.size(); i += 2) {
        final String key = ((SqlIdentifier) options.get(i)).getSimple().toLowerCase(Locale.ROOT);
        final String value = ((SqlLiteral) options.get(i + 1)).toValue();
        switch (key) {
        case "header":
          requireFormat(format != FileFormat.PARQUET, key, "CSV files");
          header = Boolean.parseBoolean(value);
          break;
        case "delimiter":
          requireFormat(format != FileFormat.PARQUET, key, "CSV files");
          final String d = value.equals("\\t") ? "\t" : value;
          if (d.length() != 1) {
            throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE,
                "COPY delimiter must be one character, not '" + value + "'");
          }
          delimiter = d.charAt(0);
          break;
        case "compression":
          requireFormat(format == FileFormat.PARQUET && !copy.from, key,
              "Parquet exports (COPY ... TO 'file.parquet')");
          compression = compression(value);
          break;
        default:
          throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "unknown COPY option "
              + key + "; options: header, delimiter (CSV), compression (Parquet export)");
        }
      }
    }
    return new FileOptions(header, delimiter, compression);
  }

  private static void requireFormat(boolean applies, String option, String where) {
    if (!applies) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "COPY option " + option
          + " applies to " + where);
    }
  }

  /** The codec a {@code compression} option names. */
  private static Compression compression(String option) {
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

  /**
   * The table a query names if it is exactly {@code SELECT * FROM name}: its rows are the
   * table's, so the engine may read them directly. Null for any other query.
   */
  private static SqlIdentifier wholeTable(SqlNode query) {
    if (!(query instanceof SqlSelect select) || select.isDistinct()
        || select.getWhere() != null || select.getGroup() != null
        || select.getHaving() != null || select.getQualify() != null
        || select.getWindowList() != null && !select.getWindowList().isEmpty()
        || select.getOrderList() != null && !select.getOrderList().isEmpty()
        || select.getOffset() != null || select.getFetch() != null
        || select.getHints() != null && !select.getHints().isEmpty()
        || select.getSelectList().size() != 1
        || !(select.getSelectList().get(0) instanceof SqlIdentifier star) || !star.isStar()
        || star.names.size() != 1
        || !(select.getFrom() instanceof SqlIdentifier from)) {
      return null;
    }
    return from;
  }

  /**
   * The plain table {@code COPY name TO} (or {@code COPY (SELECT * FROM name) TO}) exports, read
   * by the engine directly; null for another query, a view, a feature view or a system table,
   * which are exported through their query.
   */
  private static Table storedTable(Database database, SqlIdentifier name) {
    if (name == null) {
      return null;
    }
    final List<String> names = name.names;
    if (names.size() > 2 || names.size() == 2 && !names.get(0).equals(SorrelSchema.NAME)) {
      return null;
    }
    final Table table = database.catalog().table(names.get(names.size() - 1));
    return table == null || database.catalog().featureViewOf(table) != null
        || database.catalog().onlineViewOf(table) != null ? null : table;
  }
}
