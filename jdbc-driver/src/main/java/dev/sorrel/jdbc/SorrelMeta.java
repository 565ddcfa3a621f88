package dev.sorrel.jdbc;

import java.lang.reflect.Field;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.AvaticaUtils;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.ConnectionPropertiesImpl;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.MetaImpl.MetaCatalog;
import org.apache.calcite.avatica.MetaImpl.MetaColumn;
import org.apache.calcite.avatica.MetaImpl.MetaSchema;
import org.apache.calcite.avatica.MetaImpl.MetaTable;
import org.apache.calcite.avatica.MetaImpl.MetaTableType;
import org.apache.calcite.avatica.MetaImpl.MetaTypeInfo;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalciteMetaImpl;
import org.apache.calcite.jdbc.CalcitePrepare.CalciteSignature;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.schema.Table;
import org.apache.calcite.sql.type.SqlTypeName;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.runtime.WriteScope;
import dev.sorrel.sql.schema.SorrelSchema;
import dev.sorrel.sql.schema.SysSchema;

/**
 * Calcite's connection metadata and execution, changed where Sorrel differs:
 * metadata answered the way JDBC browsers and BI tools read it (plain type
 * names with sizes, table types that {@code getTableTypes} lists, primary
 * keys from the catalog); JDBC batches applied as one transaction; every
 * statement committed on its own (autocommit cannot be turned off); and
 * queries executed with a lean {@link ExecutionContext}.
 */
final class SorrelMeta extends DelegatingMeta {
  private static final List<String> TABLE_TYPES = List.of("SYSTEM TABLE", "TABLE", "VIEW");
  /** The types a column can be declared with: the only ones getTypeInfo lists. */
  private static final Set<String> DECLARABLE = Set.of("BOOLEAN", "TINYINT", "SMALLINT",
      "INTEGER", "BIGINT", "REAL", "FLOAT", "DOUBLE", "DECIMAL", "CHAR", "VARCHAR", "BINARY",
      "VARBINARY", "DATE", "TIME", "TIMESTAMP");

  private final AvaticaConnection connection;
  /**
   * The parameter values of each prepared statement's latest execution.
   * Avatica executes a query in two calls, {@link #execute} with the values,
   * then {@link #createIterable} without them.
   */
  private final Map<Integer, List<TypedValue>> boundValues = new ConcurrentHashMap<>();
  /** Read when the first query runs: the connection is still being built when this is. */
  private volatile ExecutionContext.Session session;

  SorrelMeta(AvaticaConnection connection) {
    super(CalciteMetaImpl.create((CalciteConnection) connection));
    this.connection = connection;
    delegate.connectionSync(connection.handle, new ConnectionPropertiesImpl()
        .setAutoCommit(true));
  }

  private CalciteSchema root() {
    return CalciteSchema.from(((CalciteConnection) connection).getRootSchema());
  }

  private Database database() {
    final CalciteSchema schema = root().getSubSchema(SorrelSchema.NAME, true);
    return ((SorrelSchema) schema.schema).database();
  }

  // ------------------------------------------------------------ metadata

  /** A table as getTables reports it, with the Calcite table behind it. */
  private record Listed(String schema, String name, String type, Table table) {
  }

  private List<Listed> listTables(Pat schemaPattern, Pat tablePattern) {
    final List<Listed> tables = new ArrayList<>();
    final CalciteSchema root = root();
    for (String schemaName : List.of(SorrelSchema.NAME, SysSchema.NAME)) {
      if (!like(schemaPattern, schemaName)) {
        continue;
      }
      final CalciteSchema schema = root.getSubSchema(schemaName, true);
      final String type = schemaName.equals(SysSchema.NAME) ? "SYSTEM TABLE" : "TABLE";
      for (String name : schema.getTableNames()) {
        if (like(tablePattern, name)) {
          tables.add(new Listed(schemaName, name, type, schema.getTable(name, true).getTable()));
        }
      }
      for (var view : schema.getTablesBasedOnNullaryFunctions().entrySet()) {
        if (like(tablePattern, view.getKey())) {
          tables.add(new Listed(schemaName, view.getKey(), "VIEW", view.getValue()));
        }
      }
    }
    tables.sort((a, b) -> {
      final int byType = a.type.compareTo(b.type);
      if (byType != 0) {
        return byType;
      }
      final int bySchema = a.schema.compareTo(b.schema);
      return bySchema != 0 ? bySchema : a.name.compareTo(b.name);
    });
    return tables;
  }

  @Override public MetaResultSet getTables(ConnectionHandle ch, String catalog,
      Pat schemaPattern, Pat tableNamePattern, List<String> typeList) {
    final List<MetaTable> rows = new ArrayList<>();
    for (Listed t : listTables(schemaPattern, tableNamePattern)) {
      if (typeList == null || typeList.contains(t.type)) {
        rows.add(new MetaTable(null, t.schema, t.name, t.type));
      }
    }
    return rows(rows, MetaTable.class, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE",
        "REMARKS", "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME",
        "REF_GENERATION");
  }

  @Override public MetaResultSet getTableTypes(ConnectionHandle ch) {
    final List<MetaTableType> rows = new ArrayList<>();
    for (String type : TABLE_TYPES) {
      rows.add(new MetaTableType(type));
    }
    return rows(rows, MetaTableType.class, "TABLE_TYPE");
  }

  @Override public MetaResultSet getSchemas(ConnectionHandle ch, String catalog,
      Pat schemaPattern) {
    final List<MetaSchema> rows = new ArrayList<>();
    for (String name : List.of(SorrelSchema.NAME, SysSchema.NAME)) {
      if (like(schemaPattern, name)) {
        rows.add(new MetaSchema(null, name));
      }
    }
    return rows(rows, MetaSchema.class, "TABLE_SCHEM", "TABLE_CATALOG");
  }

  /** Sorrel has no catalog level above schemas, so there are no catalog rows. */
  @Override public MetaResultSet getCatalogs(ConnectionHandle ch) {
    return rows(List.of(), MetaCatalog.class, "TABLE_CAT");
  }

  @Override public MetaResultSet getColumns(ConnectionHandle ch, String catalog,
      Pat schemaPattern, Pat tableNamePattern, Pat columnNamePattern) {
    final List<MetaColumn> rows = new ArrayList<>();
    final var typeFactory = ((CalciteConnection) connection).getTypeFactory();
    for (Listed t : listTables(schemaPattern, tableNamePattern)) {
      final RelDataType rowType = t.table.getRowType(typeFactory);
      for (RelDataTypeField field : rowType.getFieldList()) {
        if (like(columnNamePattern, field.getName())) {
          rows.add(column(t, field));
        }
      }
    }
    return rows(rows, MetaColumn.class, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
        "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH",
        "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "COLUMN_DEF",
        "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION",
        "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE",
        "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN");
  }

  private static MetaColumn column(Listed table, RelDataTypeField field) {
    final RelDataType type = field.getType();
    final SqlTypeName name = type.getSqlTypeName();
    final Integer size = switch (name) {
      case BOOLEAN -> 1;
      case TINYINT -> 3;
      case SMALLINT -> 5;
      case INTEGER -> 10;
      case BIGINT -> 19;
      case REAL -> 7;
      case FLOAT, DOUBLE -> 15;
      case DECIMAL -> type.getPrecision();
      case CHAR, VARCHAR, BINARY, VARBINARY -> declaredLength(table, field, type);
      case DATE -> 10;
      case TIME -> 8;
      case TIMESTAMP -> 23;
      default -> null;
    };
    final Integer digits = switch (name) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> 0;
      case DECIMAL -> type.getScale();
      case TIMESTAMP -> 3;
      default -> null;
    };
    final boolean nullable = type.isNullable();
    final Integer octets = name == SqlTypeName.VARCHAR || name == SqlTypeName.CHAR
        || name == SqlTypeName.VARBINARY || name == SqlTypeName.BINARY ? size : null;
    return new MetaColumn(null, table.schema, table.name, field.getName(),
        name.getJdbcOrdinal(), name.getName(), size, digits, 10,
        nullable ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
        octets, field.getIndex() + 1, nullable ? "YES" : "NO", "NO", "NO");
  }

  /** Calcite's type rows, only for the types a column can be declared with. */
  @Override public MetaResultSet getTypeInfo(ConnectionHandle ch) {
    final RelDataTypeSystem typeSystem =
        ((CalciteConnection) connection).getTypeFactory().getTypeSystem();
    final List<MetaTypeInfo> rows = new ArrayList<>();
    for (SqlTypeName type : SqlTypeName.values()) {
      if (!DECLARABLE.contains(type.getName())) {
        continue;
      }
      rows.add(new MetaTypeInfo(type.getName(), type.getJdbcOrdinal(),
          typeSystem.getMaxPrecision(type), typeSystem.getLiteral(type, true),
          typeSystem.getLiteral(type, false), (short) DatabaseMetaData.typeNullable,
          typeSystem.isCaseSensitive(type), (short) DatabaseMetaData.typeSearchable, false,
          false, typeSystem.isAutoincrement(type), (short) typeSystem.getMinScale(type),
          (short) typeSystem.getMaxScale(type), typeSystem.getNumTypeRadix(type)));
    }
    return rows(rows, MetaTypeInfo.class, CalciteMetaImpl.TYPE_INFO_COLUMNS.toArray(new String[0]));
  }

  /** The declared length: the catalog's for Sorrel tables (queries see them unbounded). */
  private static int declaredLength(Listed table, RelDataTypeField field, RelDataType type) {
    if (table.table instanceof dev.sorrel.sql.schema.SorrelTable sorrel) {
      final int length = sorrel.table().columns().get(field.getIndex()).precision();
      return length < 0 ? Integer.MAX_VALUE : length;
    }
    return type.getPrecision() < 0 ? Integer.MAX_VALUE : type.getPrecision();
  }

  @Override public MetaResultSet getPrimaryKeys(ConnectionHandle ch, String catalog,
      String schema, String table) {
    final List<PrimaryKeyRow> rows = new ArrayList<>();
    if (schema == null || schema.equals(SorrelSchema.NAME)) {
      for (dev.sorrel.engine.table.Table t : database().catalog().tables()) {
        if (table != null && !table.equals(t.name())) {
          continue;
        }
        final int[] key = t.keyColumns();
        for (int i = 0; i < key.length; i++) {
          rows.add(new PrimaryKeyRow(null, SorrelSchema.NAME, t.name(),
              t.columns().get(key[i]).name(), (short) (i + 1), "PK_" + t.name()));
        }
      }
    }
    // JDBC orders primary-key rows by column name.
    rows.sort(java.util.Comparator.comparing((PrimaryKeyRow r) -> r.tableName)
        .thenComparing(r -> r.columnName));
    return rows(rows, PrimaryKeyRow.class, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
        "COLUMN_NAME", "KEY_SEQ", "PK_NAME");
  }

  /** A row of getPrimaryKeys (Avatica's own class cannot be built outside its package). */
  public static final class PrimaryKeyRow {
    public final String tableCat;
    public final String tableSchem;
    public final String tableName;
    public final String columnName;
    public final short keySeq;
    public final String pkName;

    PrimaryKeyRow(String tableCat, String tableSchem, String tableName, String columnName,
        short keySeq, String pkName) {
      this.tableCat = tableCat;
      this.tableSchem = tableSchem;
      this.tableName = tableName;
      this.columnName = columnName;
      this.keySeq = keySeq;
      this.pkName = pkName;
    }
  }

  private MetaResultSet rows(List<?> rows, Class<?> type, String... names) {
    final List<ColumnMetaData> columns = new ArrayList<>();
    final List<Field> fields = new ArrayList<>();
    final List<String> fieldNames = new ArrayList<>();
    for (String name : names) {
      final String fieldName = AvaticaUtils.toCamelCase(name);
      final Field field;
      try {
        field = type.getField(fieldName);
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException("no field " + fieldName + " in " + type, e);
      }
      columns.add(MetaImpl.columnMetaData(name, columns.size(), field.getType(), true));
      fields.add(field);
      fieldNames.add(fieldName);
    }
    @SuppressWarnings("unchecked") final Iterable<Object> iterable = (Iterable<Object>) rows;
    final CursorFactory cursorFactory = CursorFactory.record(type, fields, fieldNames);
    // As Calcite answers metadata: a statement of the connection whose rows are all in its
    // first frame.
    final AvaticaStatement statement;
    try {
      statement = connection.createStatement();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    final CalciteSignature<Object> signature = new CalciteSignature<>("", List.of(),
        Collections.emptyMap(), null, columns, cursorFactory, null, List.of(), -1,
        dataContext -> Linq4j.asEnumerable(iterable), StatementType.SELECT);
    return MetaResultSet.create(connection.id, statement.getId(), true, signature,
        new Frame(0, true, iterable));
  }

  /** JDBC LIKE pattern match; a null pattern matches everything. */
  private static boolean like(Pat pattern, String value) {
    if (pattern == null || pattern.s == null) {
      return true;
    }
    final StringBuilder regex = new StringBuilder();
    final String p = pattern.s;
    for (int i = 0; i < p.length(); i++) {
      final char c = p.charAt(i);
      if (c == '\\' && i + 1 < p.length()) {
        regex.append(Pattern.quote(String.valueOf(p.charAt(++i))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches()
        || value.toUpperCase(Locale.ROOT).equals(p);
  }

  // ------------------------------------------------------------ execution

  /** Refuses to turn autocommit off, the one connection setting Sorrel cannot honour. */
  @Override public ConnectionProperties connectionSync(ConnectionHandle ch,
      ConnectionProperties connProps) {
    if (Boolean.FALSE.equals(connProps.isAutoCommit())) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "Sorrel commits every"
          + " statement on its own; multi-statement transactions are not supported yet (use"
          + " executeBatch for an atomic group of writes)");
    }
    return super.connectionSync(ch, connProps);
  }

  @Override public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues,
      int maxRowsInFirstFrame) throws NoSuchStatementException {
    boundValues.put(h.id, parameterValues);
    return super.execute(h, parameterValues, maxRowsInFirstFrame);
  }

  /**
   * The rows of a query, computed as Calcite does but with an
   * {@link ExecutionContext} instead of Calcite's data context, which costs
   * microseconds per execution.
   */
  @Override public Iterable<Object> createIterable(StatementHandle handle, QueryState state,
      Signature signature, List<TypedValue> parameters, Frame firstFrame) {
    final ExecutionContext.Session session = session();
    if (firstFrame != null && firstFrame.done || session.spark
        || !(signature instanceof CalciteSignature<?>)) {
      return super.createIterable(handle, state, signature, parameters, firstFrame);
    }
    @SuppressWarnings("unchecked") final CalciteSignature<Object> query =
        (CalciteSignature<Object>) signature;
    final List<TypedValue> values = parameters == null || parameters.isEmpty()
        ? boundValues.getOrDefault(handle.id, List.of()) : parameters;
    final DataContext context;
    try {
      context = new ExecutionContext(session, query.rootSchema, query.internalParameters,
          values, connection.getCancelFlag(handle));
    } catch (NoSuchStatementException e) {
      throw new IllegalStateException(e);
    }
    final Enumerable<Object> rows = query.enumerable(context);
    return rows;
  }

  @Override public void closeStatement(StatementHandle h) {
    boundValues.remove(h.id);
    super.closeStatement(h);
  }

  private ExecutionContext.Session session() {
    ExecutionContext.Session s = session;
    if (s == null) {
      s = new ExecutionContext.Session((CalciteConnection) connection);
      session = s;
    }
    return s;
  }

  // ------------------------------------------------------------ batches

  @Override public ExecuteBatchResult executeBatch(StatementHandle h,
      List<List<TypedValue>> parameterValueLists) throws NoSuchStatementException {
    return inOneTransaction(() -> super.executeBatch(h, parameterValueLists));
  }

  @Override public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h,
      List<String> sqlCommands) throws NoSuchStatementException {
    return inOneTransaction(() -> super.prepareAndExecuteBatch(h, sqlCommands));
  }

  private interface BatchBody {
    ExecuteBatchResult run() throws NoSuchStatementException;
  }

  private ExecuteBatchResult inOneTransaction(BatchBody body) throws NoSuchStatementException {
    final NoSuchStatementException[] missing = new NoSuchStatementException[1];
    final ExecuteBatchResult result = WriteScope.inTransaction(database(), () -> {
      try {
        return body.run();
      } catch (NoSuchStatementException e) {
        missing[0] = e;
        return null;
      }
    });
    if (missing[0] != null) {
      throw missing[0];
    }
    return result;
  }

}
