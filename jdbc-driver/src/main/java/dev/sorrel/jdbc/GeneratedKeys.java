package dev.sorrel.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaResultSetMetaData;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.jdbc.CalciteConnection;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.identity.WrittenRows;
import dev.sorrel.sql.schema.SorrelSchema;

/**
 * JDBC's generated keys of one statement: the columns a caller asks for
 * ({@code RETURN_GENERATED_KEYS}, column indexes or names, given to
 * {@code prepareStatement} or to {@code execute...}) of each row its last
 * execution inserted, or updated as an upsert, in order; a batch reports the
 * rows of all its executions. What Spring's {@code KeyHolder} and
 * Hibernate's IDENTITY generator read.
 *
 * <p>{@code RETURN_GENERATED_KEYS} asks for the table's identity column, or
 * for its primary key if it has none (the key is what tells the rows apart),
 * or else for every column, as PostgreSQL's driver returns. Named columns
 * may be any of the table's, matched exactly or else ignoring case, as
 * PostgreSQL's {@code RETURNING} would take them. Without a request, and
 * after a statement that inserted nothing, the keys are an empty result set.
 */
final class GeneratedKeys {
  /**
   * The columns a caller asked for: by 1-based index, by name, or (both
   * null) the table's generated keys.
   */
  record Request(int[] indexes, String[] names) {
    /**
     * The request a JDBC method's generated-keys argument makes ({@code
     * RETURN_GENERATED_KEYS}, column indexes, column names), or null for none.
     */
    static Request of(Object argument) {
      if (argument instanceof Integer flag) {
        return flag == Statement.RETURN_GENERATED_KEYS ? new Request(null, null) : null;
      }
      if (argument instanceof int[] indexes) {
        return indexes.length == 0 ? null : new Request(indexes.clone(), null);
      }
      if (argument instanceof String[] names) {
        return names.length == 0 ? null : new Request(null, names.clone());
      }
      return null;
    }

  }

  /** What a prepared statement was prepared to return; null for none. */
  private volatile Request prepared;
  /** The request of the last execution, or null if it made none. */
  private Request request;
  private List<WrittenRows.Written> rows = List.of();

  /** Records what the prepared statement's executions return. */
  void prepare(Request wanted) {
    this.prepared = wanted;
  }

  /** What the prepared statement's executions return, or null. */
  Request prepared() {
    return prepared;
  }

  /** An execution of a statement; {@link #run} keeps the rows it writes if asked to. */
  interface Execution<T> {
    T run() throws SQLException;
  }

  /**
   * Runs an execution of {@code target}, keeping the rows it writes when
   * {@code wanted} asks for keys; any execution replaces the keys of the last.
   */
  <T> T run(Statement target, Request wanted, Execution<T> execution) throws SQLException {
    request = wanted;
    rows = List.of();
    if (wanted == null) {
      return execution.run();
    }
    final WrittenRows written = WrittenRows.of(
        target.getConnection().unwrap(CalciteConnection.class));
    if (written == null) {
      return execution.run();
    }
    written.keep();
    boolean done = false;
    try {
      final T result = execution.run();
      done = true;
      return result;
    } finally {
      final List<WrittenRows.Written> taken = written.take();
      rows = done ? taken : List.of();
    }
  }

  /** The keys of the last execution as a result set of {@code statement}. */
  ResultSet resultSet(AvaticaStatement statement) throws SQLException {
    final Table table = rows.isEmpty() ? null : rows.get(0).table();
    final int[] columns = table == null || request == null ? new int[0] : columns(table);
    final List<ColumnMetaData> metaData = new ArrayList<>();
    for (int i = 0; i < columns.length; i++) {
      metaData.add(metaData(i, table, columns[i]));
    }
    final List<Object> values = new ArrayList<>();
    for (WrittenRows.Written written : rows) {
      if (written.table() != table) {
        continue; // a batch of statements into several tables: the first table's keys
      }
      final Object[] row = new Object[columns.length];
      for (int i = 0; i < columns.length; i++) {
        final Object value = written.row()[columns[i]];
        row[i] = value instanceof byte[] bytes ? new ByteString(bytes) : value;
      }
      values.add(row);
    }
    final Meta.Signature signature = Meta.Signature.create(metaData, "", List.of(),
        Meta.CursorFactory.ARRAY, Meta.StatementType.SELECT);
    final AvaticaResultSet resultSet = new AvaticaResultSet(statement, new QueryState(),
        signature, new AvaticaResultSetMetaData(statement, null, signature),
        statement.connection.getTimeZone(), null);
    return resultSet.execute2(MetaImpl.createCursor(Meta.CursorFactory.ARRAY, values),
        metaData);
  }

  /** The ordinals of the columns the request names, in the order it names them. */
  private int[] columns(Table table) throws SQLException {
    final List<ColumnDef> all = table.columns();
    if (request.indexes() != null) {
      final int[] columns = new int[request.indexes().length];
      for (int i = 0; i < columns.length; i++) {
        final int index = request.indexes()[i];
        if (index < 1 || index > all.size()) {
          throw SqlErrors.create(ErrorCode.COLUMN_NOT_FOUND.sqlState(), "generated keys: table "
              + table.name() + " has no column " + index + " (it has " + all.size() + ")",
              null);
        }
        columns[i] = index - 1;
      }
      return columns;
    }
    if (request.names() != null) {
      final int[] columns = new int[request.names().length];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = column(table, request.names()[i]);
      }
      return columns;
    }
    final int[] identity = table.identityColumns();
    if (identity.length > 0) {
      return identity;
    }
    final int[] key = table.keyColumns();
    if (key.length > 0) {
      return key;
    }
    final int[] columns = new int[all.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = i;
    }
    return columns;
  }

  private static int column(Table table, String name) throws SQLException {
    final int exact = table.def().columnIndex(name);
    if (exact >= 0) {
      return exact;
    }
    for (int i = 0; i < table.columns().size(); i++) {
      if (table.columns().get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw SqlErrors.create(ErrorCode.COLUMN_NOT_FOUND.sqlState(), "generated keys: column "
        + name + " does not exist in table " + table.name(), null);
  }

  /** How a column type travels in a result set: its JDBC type, representation and size. */
  private record Shape(int jdbcType, ColumnMetaData.Rep rep, int precision) {
    static Shape of(ColumnDef column) {
      return switch (column.type()) {
        case BOOLEAN -> new Shape(Types.BOOLEAN, ColumnMetaData.Rep.BOOLEAN, 1);
        case TINYINT -> new Shape(Types.TINYINT, ColumnMetaData.Rep.BYTE, 3);
        case SMALLINT -> new Shape(Types.SMALLINT, ColumnMetaData.Rep.SHORT, 5);
        case INTEGER -> new Shape(Types.INTEGER, ColumnMetaData.Rep.INTEGER, 10);
        case BIGINT -> new Shape(Types.BIGINT, ColumnMetaData.Rep.LONG, 19);
        case REAL -> new Shape(Types.REAL, ColumnMetaData.Rep.FLOAT, 7);
        case DOUBLE -> new Shape(Types.DOUBLE, ColumnMetaData.Rep.DOUBLE, 15);
        case DECIMAL -> new Shape(Types.DECIMAL, ColumnMetaData.Rep.NUMBER, column.precision());
        case VARCHAR -> new Shape(Types.VARCHAR, ColumnMetaData.Rep.STRING, column.precision());
        case VARBINARY -> new Shape(Types.VARBINARY, ColumnMetaData.Rep.BYTE_STRING,
            column.precision());
        // Dates, times and timestamps travel as numbers, as they do in query results.
        case DATE -> new Shape(Types.DATE, ColumnMetaData.Rep.INTEGER, 10);
        case TIME -> new Shape(Types.TIME, ColumnMetaData.Rep.INTEGER, 8);
        case TIMESTAMP -> new Shape(Types.TIMESTAMP, ColumnMetaData.Rep.LONG, 23);
      };
    }
  }

  /** A column of the keys, typed as a query of the column would type it. */
  private static ColumnMetaData metaData(int ordinal, Table table, int column) {
    final ColumnDef def = table.columns().get(column);
    final Shape shape = Shape.of(def);
    final ColumnMetaData.AvaticaType type = ColumnMetaData.scalar(shape.jdbcType(),
        def.type().name(), shape.rep());
    final int precision = Math.max(shape.precision(), 0);
    return new ColumnMetaData(ordinal, def.hasIdentity(), shape.rep() == ColumnMetaData.Rep.STRING,
        true, false, def.nullable() ? DatabaseMetaData.columnNullable
            : DatabaseMetaData.columnNoNulls, true, precision, def.name(), def.name(),
        SorrelSchema.NAME, precision, Math.max(def.scale(), 0), table.name(), null, type, true,
        false, false, type.columnClassName());
  }
}
