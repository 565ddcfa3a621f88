package dev.sorrel.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;

import dev.sorrel.sql.schema.SorrelSchema;

/**
 * The {@link ResultSetMetaData} methods Sorrel answers itself (see
 * {@link JdbcProxy}): display sizes and precisions as JDBC defines them
 * (characters needed to show any value), every column searchable, and a
 * column writable when it is a column of a table that takes writes.
 * Calcite's driver answers 3 as a TIMESTAMP's precision (its fraction
 * digits), -1 as an unbounded VARCHAR's display size, and every column
 * read-only.
 */
final class ResultSetMetaDataOverrides {
  private final JdbcProxy self;

  ResultSetMetaDataOverrides(JdbcProxy self) {
    this.self = self;
  }

  private ResultSetMetaData target() {
    return self.target(ResultSetMetaData.class);
  }

  public int getColumnDisplaySize(int column) throws SQLException {
    final ResultSetMetaData m = target();
    return switch (m.getColumnType(column)) {
      case Types.BOOLEAN, Types.BIT -> 5;
      case Types.TINYINT -> 4;
      case Types.SMALLINT -> 6;
      case Types.INTEGER -> 11;
      case Types.BIGINT -> 20;
      case Types.REAL -> 15;
      case Types.FLOAT, Types.DOUBLE -> 24;
      // a sign and a decimal point
      case Types.DECIMAL, Types.NUMERIC -> m.getPrecision(column) + 2;
      case Types.BINARY, Types.VARBINARY -> length(m.getPrecision(column), 2);
      case Types.CHAR, Types.VARCHAR -> length(m.getPrecision(column), 1);
      default -> getPrecision(column);
    };
  }

  /** Characters for a value of a length; unbounded when Calcite says 0 or less. */
  private static int length(int precision, int perUnit) {
    return precision <= 0 || precision > Integer.MAX_VALUE / perUnit ? Integer.MAX_VALUE
        : precision * perUnit;
  }

  /** For dates and times, the length of the value as text, as JDBC defines precision. */
  public int getPrecision(int column) throws SQLException {
    final ResultSetMetaData m = target();
    return switch (m.getColumnType(column)) {
      case Types.DATE -> 10;
      case Types.TIME -> 8;
      case Types.TIMESTAMP -> 23;
      case Types.CHAR, Types.VARCHAR, Types.BINARY, Types.VARBINARY ->
          length(m.getPrecision(column), 1);
      default -> m.getPrecision(column);
    };
  }

  public boolean isSearchable(int column) throws SQLException {
    target().getColumnType(column);
    return true;
  }

  public boolean isReadOnly(int column) throws SQLException {
    return !isWritable(column);
  }

  public boolean isWritable(int column) throws SQLException {
    final ResultSetMetaData m = target();
    final String table = m.getTableName(column);
    if (table == null || table.isEmpty() || !SorrelSchema.NAME.equals(m.getSchemaName(column))) {
      return false;
    }
    final SchemaPlus schema = self.connection().unwrap(CalciteConnection.class).getRootSchema()
        .getSubSchema(SorrelSchema.NAME);
    final SorrelSchema sorrel = schema == null ? null : schema.unwrap(SorrelSchema.class);
    final var t = sorrel == null ? null : sorrel.database().catalog().table(table);
    return t != null && !t.isReadOnly();
  }

  public boolean isDefinitelyWritable(int column) throws SQLException {
    return isWritable(column);
  }
}
