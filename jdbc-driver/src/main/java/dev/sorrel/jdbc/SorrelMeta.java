package dev.sorrel.jdbc;

import java.lang.reflect.Field;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.AvaticaUtils;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.ConnectionPropertiesImpl;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.MetaImpl.MetaCatalog;
import org.apache.calcite.avatica.MetaImpl.MetaSchema;
import org.apache.calcite.avatica.MetaImpl.MetaTableType;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalciteMetaImpl;
import org.apache.calcite.jdbc.CalcitePrepare;
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
import dev.sorrel.engine.Isolation;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.feature.FeatureView;
import dev.sorrel.sql.SorrelPrepare;
import dev.sorrel.sql.drift.DriftAggregates;
import dev.sorrel.sql.experiment.StatisticsAggregates;
import dev.sorrel.sql.metrics.MetricAggregates;
import dev.sorrel.sql.runtime.TransactionState;
import dev.sorrel.sql.schema.OnlineSchema;
import dev.sorrel.sql.schema.SorrelSchema;
import dev.sorrel.sql.schema.SorrelTable;
import dev.sorrel.sql.schema.SysSchema;
import dev.sorrel.sql.schema.TrackingSchema;

/**
 * Calcite's connection metadata and execution, changed where Sorrel differs:
 * metadata answered the way JDBC browsers and BI tools read it (plain type
 * names with sizes, table types that {@code getTableTypes} lists, primary
 * keys from the catalog, feature views as their own table type, Sorrel's
 * functions); JDBC batches applied as one transaction; autocommit, commit,
 * rollback and the isolation level handed to the connection's
 * {@link TransactionState}; writes refused on a read-only connection; a
 * statement's {@code setMaxRows} applied at each execution; queries executed
 * with a lean {@link ExecutionContext}; and statements that
 * {@code Statement.cancel()} and query timeouts can stop at any point,
 * planning included, without waiting for a lock the execution holds.
 */
final class SorrelMeta extends DelegatingMeta {
  /** Feature views have their own type: their history in PUBLIC, their latest values in ONLINE. */
  static final String FEATURE_VIEW = "FEATURE VIEW";
  /** The message of Calcite's failure to run a statement with a parameter never set. */
  private static final String UNBOUND_PARAMETER =
      "exception while executing query: unbound parameter";

  private static final List<String> TABLE_TYPES = List.of(FEATURE_VIEW, "SYSTEM TABLE", "TABLE",
      "VIEW");
  /** The schemas, in the order getSchemas lists them. */
  private static final List<String> SCHEMAS = List.of(OnlineSchema.NAME, SorrelSchema.NAME,
      SysSchema.NAME, TrackingSchema.NAME);
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
  /** Set by {@code Connection.setReadOnly}: only queries run. */
  private volatile boolean readOnly;
  /** The signature of each prepared statement, by statement id. */
  private final Map<Integer, Signature> prepared = new ConcurrentHashMap<>();
  /** Read when the first query runs: the connection is still being built when this is. */
  private volatile ExecutionContext.Session session;

  SorrelMeta(AvaticaConnection connection) {
    super(CalciteMetaImpl.create((CalciteConnection) connection));
    this.connection = connection;
    delegate.connectionSync(connection.handle, new ConnectionPropertiesImpl()
        .setAutoCommit(true)
        .setTransactionIsolation(java.sql.Connection.TRANSACTION_REPEATABLE_READ));
  }

  private CalciteSchema root() {
    return CalciteSchema.from(((CalciteConnection) connection).getRootSchema());
  }

  private Database database() {
    return schema().database();
  }

  private SorrelSchema schema() {
    return (SorrelSchema) root().getSubSchema(SorrelSchema.NAME, true).schema;
  }

  /** The connection's transaction state, held by its schema. */
  private TransactionState transactions() {
    return schema().transactions();
  }

  // ------------------------------------------------------------ metadata

  /** A table as getTables reports it, with the Calcite table behind it. */
  private record Listed(String schema, String name, String type, Table table, String remarks) {
  }

  private List<Listed> listTables(Pat schemaPattern, Pat tablePattern) {
    final List<Listed> tables = new ArrayList<>();
    final CalciteSchema root = root();
    final var catalog = database().catalog();
    for (String schemaName : SCHEMAS) {
      if (!like(schemaPattern, schemaName)) {
        continue;
      }
      final CalciteSchema schema = root.getSubSchema(schemaName, true);
      for (String name : schema.getTableNames()) {
        if (!like(tablePattern, name)) {
          continue;
        }
        final Table table = schema.getTable(name, true).getTable();
        String type = schemaName.equals(SysSchema.NAME)
            || schemaName.equals(TrackingSchema.NAME) ? "SYSTEM TABLE" : "TABLE";
        String remarks = schemaName.equals(SorrelSchema.NAME) ? catalog.comment(name) : null;
        if (table instanceof SorrelTable sorrel) {
          final FeatureView history = catalog.featureViewOf(sorrel.table());
          final FeatureView online = catalog.onlineViewOf(sorrel.table());
          if (history != null) {
            type = FEATURE_VIEW;
            remarks = history.def().comment();
          } else if (online != null) {
            type = FEATURE_VIEW;
            remarks = "the latest values per entity of feature view " + online.name()
                + (online.def().comment() == null ? "" : ": " + online.def().comment());
          }
        }
        tables.add(new Listed(schemaName, name, type, table, remarks));
      }
      for (var view : schema.getTablesBasedOnNullaryFunctions().entrySet()) {
        if (like(tablePattern, view.getKey())) {
          tables.add(new Listed(schemaName, view.getKey(), "VIEW", view.getValue(),
              catalog.comment(view.getKey())));
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
    final List<TableRow> rows = new ArrayList<>();
    for (Listed t : listTables(schemaPattern, tableNamePattern)) {
      if (typeList == null || typeList.contains(t.type)) {
        rows.add(new TableRow(t.schema, t.name, t.type, t.remarks));
      }
    }
    return rows(rows, TableRow.class, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE",
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
    for (String name : SCHEMAS) {
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
    final List<ColumnRow> rows = new ArrayList<>();
    final var typeFactory = ((CalciteConnection) connection).getTypeFactory();
    final var comments = database().catalog();
    for (Listed t : listTables(schemaPattern, tableNamePattern)) {
      final RelDataType rowType = t.table.getRowType(typeFactory);
      // An online table shows the comments of its feature view's columns.
      final String commented = t.schema.equals(SysSchema.NAME) ? null
          : t.table instanceof SorrelTable sorrel && comments.onlineViewOf(sorrel.table()) != null
              ? comments.onlineViewOf(sorrel.table()).name() : t.name;
      for (RelDataTypeField field : rowType.getFieldList()) {
        if (like(columnNamePattern, field.getName())) {
          rows.add(column(t, field,
              commented == null ? null : comments.comment(commented, field.getName())));
        }
      }
    }
    return rows(rows, ColumnRow.class, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
        "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH",
        "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "COLUMN_DEF",
        "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION",
        "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE",
        "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN");
  }

  private static ColumnRow column(Listed table, RelDataTypeField field, String remarks) {
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
    final ColumnDef def = table.table instanceof SorrelTable sorrel
        ? sorrel.table().columns().get(field.getIndex()) : null;
    // An identity column's default is its generation, as H2 reports it.
    final String columnDef = def == null ? null
        : def.hasIdentity() ? def.identity().sql() : def.defaultSql();
    final String identity = def != null && def.hasIdentity() ? "YES" : "NO";
    return new ColumnRow(table.schema, table.name, field.getName(),
        name.getJdbcOrdinal(), name.getName(), size, digits,
        nullable ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
        remarks, columnDef, octets, field.getIndex() + 1, nullable ? "YES" : "NO", identity,
        identity);
  }

  /**
   * The types a column can be declared with, in JDBC's order (by DATA_TYPE),
   * with the literal syntax and the parameters a declaration takes.
   */
  @Override public MetaResultSet getTypeInfo(ConnectionHandle ch) {
    return rows(typeInfoRows(((CalciteConnection) connection).getTypeFactory().getTypeSystem()),
        TypeInfoRow.class, TYPE_INFO_COLUMNS);
  }

  /** The columns of getTypeInfo, in JDBC's order. */
  static final String[] TYPE_INFO_COLUMNS =
      CalciteMetaImpl.TYPE_INFO_COLUMNS.toArray(new String[0]);

  /** The rows of getTypeInfo under a type system, in JDBC's order (by DATA_TYPE). */
  static List<TypeInfoRow> typeInfoRows(RelDataTypeSystem typeSystem) {
    final List<TypeInfoRow> rows = new ArrayList<>();
    for (SqlTypeName type : SqlTypeName.values()) {
      if (!DECLARABLE.contains(type.getName())) {
        continue;
      }
      final String prefix = switch (type) {
        case CHAR, VARCHAR -> "'";
        case BINARY, VARBINARY -> "X'";
        case DATE, TIME, TIMESTAMP -> type.getName() + " '";
        default -> null;
      };
      final String params = switch (type) {
        case CHAR, VARCHAR, BINARY, VARBINARY -> "length";
        case DECIMAL -> "precision,scale";
        default -> null;
      };
      final boolean numeric = SqlTypeName.NUMERIC_TYPES.contains(type);
      rows.add(new TypeInfoRow(type.getName(), type.getJdbcOrdinal(),
          typeSystem.getMaxPrecision(type), prefix, prefix == null ? null : "'", params,
          typeSystem.isCaseSensitive(type), !numeric, (short) typeSystem.getMinScale(type),
          (short) Math.max(0, typeSystem.getMaxScale(type)),
          numeric ? (Integer) typeSystem.getNumTypeRadix(type) : null));
    }
    rows.sort(java.util.Comparator.comparingInt((TypeInfoRow r) -> r.dataType));
    return rows;
  }

  /** A row of getTypeInfo: Avatica's leaves CREATE_PARAMS empty. */
  public static final class TypeInfoRow {
    public final String typeName;
    public final int dataType;
    public final Integer precision;
    public final String literalPrefix;
    public final String literalSuffix;
    public final String createParams;
    public final short nullable = (short) DatabaseMetaData.typeNullable;
    public final boolean caseSensitive;
    public final short searchable = (short) DatabaseMetaData.typeSearchable;
    public final boolean unsignedAttribute;
    public final boolean fixedPrecScale = false;
    public final boolean autoIncrement = false;
    public final String localTypeName;
    public final Short minimumScale;
    public final Short maximumScale;
    public final Integer sqlDataType = null;
    public final Integer sqlDatetimeSub = null;
    public final Integer numPrecRadix;

    TypeInfoRow(String typeName, int dataType, Integer precision, String literalPrefix,
        String literalSuffix, String createParams, boolean caseSensitive,
        boolean unsignedAttribute, Short minimumScale, Short maximumScale,
        Integer numPrecRadix) {
      this.typeName = typeName;
      this.dataType = dataType;
      this.precision = precision;
      this.literalPrefix = literalPrefix;
      this.literalSuffix = literalSuffix;
      this.createParams = createParams;
      this.caseSensitive = caseSensitive;
      this.unsignedAttribute = unsignedAttribute;
      this.localTypeName = typeName;
      this.minimumScale = minimumScale;
      this.maximumScale = maximumScale;
      this.numPrecRadix = numPrecRadix;
    }
  }

  /** What each of Sorrel's functions does, for getFunctions' REMARKS. */
  private static final Map<String, String> FUNCTION_REMARKS = Map.ofEntries(
      Map.entry("PREDICT", "PREDICT(model, arg, ...): the model's score for the arguments (a"
          + " binary classifier's positive-class probability, or a regressor's output); DOUBLE"),
      Map.entry("PREDICT_LABEL", "PREDICT_LABEL(model, arg, ...): the model's label output;"
          + " BIGINT or VARCHAR"),
      Map.entry("PREDICT_PROBA", "PREDICT_PROBA(model, class, arg, ...): the probability of"
          + " class index class; DOUBLE"),
      Map.entry("PREDICT_OUTPUT", "PREDICT_OUTPUT(model, 'output', arg, ...): any"
          + " one-value-per-row output of the model, by name"),
      Map.entry("ASSIGN_VARIANT", "ASSIGN_VARIANT(experiment, unit): the unit's variant of the"
          + " experiment, deterministic; VARCHAR"),
      Map.entry("PREDICT_VARIANT", "PREDICT_VARIANT(experiment, unit, arg, ...): the score of"
          + " the model of the unit's variant for the arguments; DOUBLE"),
      Map.entry("TTEST_P", "TTEST_P(value, is_treatment [, 'welch' | 'student']): two-sided"
          + " p-value of the t-test between the treatment and control rows; aggregate, DOUBLE"),
      Map.entry("TTEST_T", "TTEST_T(value, is_treatment [, 'welch' | 'student']): t statistic,"
          + " treatment minus control; aggregate, DOUBLE"),
      Map.entry("COHENS_D", "COHENS_D(value, is_treatment): Cohen's d with population standard"
          + " deviations; aggregate, DOUBLE"),
      Map.entry("MEAN_DIFF", "MEAN_DIFF(value, is_treatment): treatment mean minus control"
          + " mean; aggregate, DOUBLE"),
      Map.entry("MEAN_DIFF_LOWER", "MEAN_DIFF_LOWER(value, is_treatment, level): lower bound of"
          + " Welch's interval of the difference of means; aggregate, DOUBLE"),
      Map.entry("MEAN_DIFF_UPPER", "MEAN_DIFF_UPPER(value, is_treatment, level): upper bound of"
          + " Welch's interval of the difference of means; aggregate, DOUBLE"),
      Map.entry("LIFT", "LIFT(value, is_treatment): relative lift of the treatment mean over"
          + " the control mean; aggregate, DOUBLE"),
      Map.entry("LIFT_LOWER", "LIFT_LOWER(value, is_treatment, level): lower bound of the"
          + " relative lift's delta-method interval; aggregate, DOUBLE"),
      Map.entry("LIFT_UPPER", "LIFT_UPPER(value, is_treatment, level): upper bound of the"
          + " relative lift's delta-method interval; aggregate, DOUBLE"),
      Map.entry("SRM_P", "SRM_P(experiment, variant): p-value of the chi-square test of the"
          + " units per variant against the experiment's weights; aggregate, DOUBLE"),
      Map.entry("EXPERIMENT_RESULTS", "EXPERIMENT_RESULTS(experiment, CURSOR(SELECT unit,"
          + " value [, covariate] ...) [, level]): the experiment's results, one row per"
          + " variant against the control, CUPED with a covariate; table function, in FROM"
          + " TABLE(...)"));

  /** Sorrel's own functions (not Calcite's built-ins, which the *Functions methods name). */
  @Override public MetaResultSet getFunctions(ConnectionHandle ch, String catalog,
      Pat schemaPattern, Pat functionNamePattern) {
    final List<FunctionRow> rows = new ArrayList<>();
    if (catalog == null || catalog.isEmpty()) {
      final CalciteSchema schema = root().getSubSchema(SorrelSchema.NAME, true);
      final var config = ((SorrelSchema) schema.schema).config();
      final java.util.Set<String> names = new java.util.TreeSet<>();
      config.sorrelOperators().getOperatorList().forEach(o -> names.add(o.getName()));
      names.addAll(StatisticsAggregates.functions().keySet());
      names.addAll(DriftAggregates.functions().keySet());
      names.addAll(MetricAggregates.functions().keySet());
      for (String name : names) {
        if (like(functionNamePattern, name) && (schemaPattern == null || schemaPattern.s == null
            || like(schemaPattern, SorrelSchema.NAME))) {
          rows.add(new FunctionRow(SorrelSchema.NAME, name,
              FUNCTION_REMARKS.getOrDefault(name, DriftAggregates.remarks().getOrDefault(name,
                  MetricAggregates.remarks().getOrDefault(name, "a Sorrel function"))),
              (short) (name.equals("EXPERIMENT_RESULTS") ? DatabaseMetaData.functionReturnsTable
                  : DatabaseMetaData.functionNoTable), name));
        }
      }
    }
    rows.sort(java.util.Comparator.comparing((FunctionRow r) -> r.functionName));
    return rows(rows, FunctionRow.class, "FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME",
        "REMARKS", "FUNCTION_TYPE", "SPECIFIC_NAME");
  }

  /** A row of getFunctions: Avatica's has no REMARKS. */
  public static final class FunctionRow {
    public final String functionCat = null;
    public final String functionSchem;
    public final String functionName;
    public final String remarks;
    public final short functionType;
    public final String specificName;

    FunctionRow(String functionSchem, String functionName, String remarks, short functionType,
        String specificName) {
      this.functionSchem = functionSchem;
      this.functionName = functionName;
      this.remarks = remarks;
      this.functionType = functionType;
      this.specificName = specificName;
    }
  }

  /**
   * No rows: Sorrel's functions take a model's arguments, whose number and
   * types come from the model named in the call, not from a fixed list.
   */
  @Override public MetaResultSet getFunctionColumns(ConnectionHandle ch, String catalog,
      Pat schemaPattern, Pat functionNamePattern, Pat columnNamePattern) {
    return rows(List.of(), FunctionColumnRow.class, "FUNCTION_CAT", "FUNCTION_SCHEM",
        "FUNCTION_NAME", "COLUMN_NAME", "COLUMN_TYPE", "DATA_TYPE", "TYPE_NAME", "PRECISION",
        "LENGTH", "SCALE", "RADIX", "NULLABLE", "REMARKS", "CHAR_OCTET_LENGTH",
        "ORDINAL_POSITION", "IS_NULLABLE", "SPECIFIC_NAME");
  }

  /** The shape of a getFunctionColumns row. */
  public static final class FunctionColumnRow {
    public String functionCat;
    public String functionSchem;
    public String functionName;
    public String columnName;
    public short columnType;
    public int dataType;
    public String typeName;
    public Integer precision;
    public Integer length;
    public Short scale;
    public Short radix;
    public short nullable;
    public String remarks;
    public Integer charOctetLength;
    public int ordinalPosition;
    public String isNullable;
    public String specificName;
  }

  /** The client info properties a connection keeps (see ConnectionOverrides). */
  @Override public MetaResultSet getClientInfoProperties(ConnectionHandle ch) {
    final List<ClientInfoRow> rows = new ArrayList<>();
    for (String[] property : ConnectionOverrides.CLIENT_INFO) {
      rows.add(new ClientInfoRow(property[0], ConnectionOverrides.CLIENT_INFO_MAX_LENGTH, null,
          property[1]));
    }
    return rows(rows, ClientInfoRow.class, "NAME", "MAX_LEN", "DEFAULT_VALUE", "DESCRIPTION");
  }

  /** A row of getClientInfoProperties. */
  public static final class ClientInfoRow {
    public final String name;
    public final int maxLen;
    public final String defaultValue;
    public final String description;

    ClientInfoRow(String name, int maxLen, String defaultValue, String description) {
      this.name = name;
      this.maxLen = maxLen;
      this.defaultValue = defaultValue;
      this.description = description;
    }
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
    final var definitions = database().catalog();
    if (schema == null || schema.equals(SorrelSchema.NAME)) {
      for (dev.sorrel.engine.table.Table t : definitions.tables()) {
        keyRows(rows, SorrelSchema.NAME, table, t);
      }
    }
    if (schema == null || schema.equals(OnlineSchema.NAME)) {
      for (FeatureView view : definitions.featureViews()) {
        keyRows(rows, OnlineSchema.NAME, table, view.online());
      }
    }
    if (schema == null || schema.equals(TrackingSchema.NAME)) {
      for (dev.sorrel.engine.table.Table t : database().tracking().tables().values()) {
        keyRows(rows, TrackingSchema.NAME, table, t);
      }
    }
    // JDBC orders primary-key rows by column name.
    rows.sort(java.util.Comparator.comparing((PrimaryKeyRow r) -> r.tableSchem)
        .thenComparing(r -> r.tableName).thenComparing(r -> r.columnName));
    return rows(rows, PrimaryKeyRow.class, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
        "COLUMN_NAME", "KEY_SEQ", "PK_NAME");
  }

  private static void keyRows(List<PrimaryKeyRow> rows, String schema, String tableName,
      dev.sorrel.engine.table.Table t) {
    // An online table has its feature view's name, in its own schema.
    final String name = t.name();
    if (tableName != null && !tableName.equals(name)) {
      return;
    }
    final int[] key = t.keyColumns();
    for (int i = 0; i < key.length; i++) {
      rows.add(new PrimaryKeyRow(null, schema, name, t.columns().get(key[i]).name(),
          (short) (i + 1), "PK_" + name));
    }
  }

  /** A row of getTables: Avatica's has no REMARKS. */
  public static final class TableRow {
    public final String tableCat = null;
    public final String tableSchem;
    public final String tableName;
    public final String tableType;
    public final String remarks;
    public final String typeCat = null;
    public final String typeSchem = null;
    public final String typeName = null;
    public final String selfReferencingColName = null;
    public final String refGeneration = null;

    TableRow(String tableSchem, String tableName, String tableType, String remarks) {
      this.tableSchem = tableSchem;
      this.tableName = tableName;
      this.tableType = tableType;
      this.remarks = remarks;
    }
  }

  /** A row of getColumns: Avatica's has no REMARKS or COLUMN_DEF. */
  public static final class ColumnRow {
    public final String tableCat = null;
    public final String tableSchem;
    public final String tableName;
    public final String columnName;
    public final int dataType;
    public final String typeName;
    public final Integer columnSize;
    public final Integer bufferLength = null;
    public final Integer decimalDigits;
    public final Integer numPrecRadix = 10;
    public final int nullable;
    public final String remarks;
    public final String columnDef;
    public final Integer sqlDataType = null;
    public final Integer sqlDatetimeSub = null;
    public final Integer charOctetLength;
    public final int ordinalPosition;
    public final String isNullable;
    public final String scopeCatalog = null;
    public final String scopeSchema = null;
    public final String scopeTable = null;
    public final Short sourceDataType = null;
    public final String isAutoincrement;
    public final String isGeneratedcolumn;

    ColumnRow(String tableSchem, String tableName, String columnName, int dataType,
        String typeName, Integer columnSize, Integer decimalDigits, int nullable,
        String remarks, String columnDef, Integer charOctetLength, int ordinalPosition,
        String isNullable, String isAutoincrement, String isGeneratedcolumn) {
      this.tableSchem = tableSchem;
      this.tableName = tableName;
      this.columnName = columnName;
      this.dataType = dataType;
      this.typeName = typeName;
      this.columnSize = columnSize;
      this.decimalDigits = decimalDigits;
      this.nullable = nullable;
      this.remarks = remarks;
      this.columnDef = columnDef;
      this.charOctetLength = charOctetLength;
      this.ordinalPosition = ordinalPosition;
      this.isNullable = isNullable;
      this.isAutoincrement = isAutoincrement;
      this.isGeneratedcolumn = isGeneratedcolumn;
    }
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

  /**
   * The primary key (named as {@code getPrimaryKeys} names it) and every
   * secondary index of a table, one row per indexed column, ordered as JDBC
   * asks (non-unique last, then by name and position). {@code unique} keeps
   * only unique ones. Sorrel keeps no statistics: with {@code approximate}
   * the cardinality is unknown (NULL); without it, it is counted exactly,
   * which reads every key of the index.
   */
  @Override public MetaResultSet getIndexInfo(ConnectionHandle ch, String catalog,
      String schema, String table, boolean unique, boolean approximate) {
    final List<IndexInfoRow> rows = new ArrayList<>();
    final dev.sorrel.engine.table.Table t = schema == null || schema.equals(SorrelSchema.NAME)
        ? database().catalog().table(table) : null;
    if (t != null) {
      final dev.sorrel.storage.ReadView view = approximate ? null : database().snapshot();
      try {
        final int[] key = t.keyColumns();
        final Long keyCount = view == null || key.length == 0 ? null : t.count(view, null);
        for (int i = 0; i < key.length; i++) {
          rows.add(new IndexInfoRow(t.name(), false, "PK_" + t.name(), (short) (i + 1),
              t.columns().get(key[i]).name(), "A", keyCount));
        }
        for (dev.sorrel.engine.catalog.IndexDef index : t.indexes()) {
          if (unique && !index.unique()) {
            continue;
          }
          final Long count = view == null ? null : t.count(view, index);
          for (int i = 0; i < index.columns().size(); i++) {
            rows.add(new IndexInfoRow(t.name(), !index.unique(), index.name(), (short) (i + 1),
                t.columns().get(index.columns().get(i)).name(),
                index.descending().get(i) ? "D" : "A", count));
          }
        }
      } finally {
        if (view != null) {
          view.close();
        }
      }
    }
    rows.sort(INDEX_INFO_ORDER);
    return rows(rows, IndexInfoRow.class, INDEX_INFO_COLUMNS);
  }

  /** JDBC's order of getIndexInfo: non-unique last, then by name and position. */
  static final java.util.Comparator<IndexInfoRow> INDEX_INFO_ORDER =
      java.util.Comparator.comparing((IndexInfoRow r) -> r.nonUnique)
          .thenComparing(r -> r.indexName).thenComparing(r -> r.ordinalPosition);

  /** The columns of getIndexInfo, in JDBC's order. */
  static final String[] INDEX_INFO_COLUMNS = {"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
      "NON_UNIQUE", "INDEX_QUALIFIER", "INDEX_NAME", "TYPE", "ORDINAL_POSITION",
      "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES", "FILTER_CONDITION"};

  /** A row of getIndexInfo. */
  public static final class IndexInfoRow {
    public final String tableCat = null;
    public final String tableSchem = SorrelSchema.NAME;
    public final String tableName;
    public final boolean nonUnique;
    public final String indexQualifier = null;
    public final String indexName;
    public final short type = DatabaseMetaData.tableIndexOther;
    public final short ordinalPosition;
    public final String columnName;
    public final String ascOrDesc;
    public final Long cardinality;
    public final Long pages = null;
    public final String filterCondition = null;

    IndexInfoRow(String tableName, boolean nonUnique, String indexName, short ordinalPosition,
        String columnName, String ascOrDesc, Long cardinality) {
      this.tableName = tableName;
      this.nonUnique = nonUnique;
      this.indexName = indexName;
      this.ordinalPosition = ordinalPosition;
      this.columnName = columnName;
      this.ascOrDesc = ascOrDesc;
      this.cardinality = cardinality;
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

  /** Hands autocommit and the isolation level to the connection's transaction state. */
  @Override public ConnectionProperties connectionSync(ConnectionHandle ch,
      ConnectionProperties connProps) {
    final TransactionState transactions = transactions();
    final Integer level = connProps.getTransactionIsolation();
    if (level != null) {
      transactions.setIsolation(isolation(level));
    }
    if (connProps.isAutoCommit() != null) {
      transactions.setAutoCommit(connProps.isAutoCommit());
    }
    final ConnectionProperties result = super.connectionSync(ch, connProps);
    if (connProps.isReadOnly() != null) {
      readOnly = connProps.isReadOnly();
    }
    return result;
  }

  // ------------------------------------------------------------ read-only connections

  /**
   * Refuses a statement that is not a query on a read-only connection, before
   * it runs (prepared statements are checked by the driver's proxies: Calcite
   * prepares them without this class).
   */
  private void checkWritable(String sql) {
    if (readOnly && !SqlText.isQuery(sql) && !SqlText.isTransactionControl(sql)) {
      throw readOnlyError(SqlText.firstWord(sql));
    }
  }

  private static SorrelException readOnlyError(String what) {
    return new SorrelException(ErrorCode.READ_ONLY_TRANSACTION, "the connection is read-only"
        + " (Connection.setReadOnly(true)): " + what + " cannot run; only queries can");
  }

  /** Records each prepared statement's signature, which {@link #execute} needs. */
  @Override public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    final StatementHandle h = super.prepare(ch, sql, maxRowCount);
    if (h.signature != null) {
      prepared.put(h.id, h.signature);
    }
    return h;
  }

  /**
   * Fails (22023) when a parameter of a statement has no value: a prepared statement's
   * parameter never set, or a '?' in a statement run without values (Statement.execute, a
   * remote plain query), rather than reading it as NULL or failing inside Calcite.
   */
  private static void requireValues(Signature signature, List<TypedValue> values) {
    if (signature.sql != null && SqlText.firstWord(signature.sql).equals("EXPLAIN")) {
      return; // a plan is shown without values
    }
    final int count = signature.parameters.size();
    for (int i = 0; i < count; i++) {
      if (values == null || i >= values.size() || values.get(i) == null) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE,
            "parameter " + (i + 1) + " has no value");
      }
    }
  }

  /**
   * Starts an execution of a prepared statement without running it: a query
   * or a write runs when Avatica reads the result, after it has released the
   * statement's monitor, which it holds during this call and which
   * {@code Statement.cancel()} would otherwise wait for.
   */
  @Override public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues,
      int maxRowsInFirstFrame) throws NoSuchStatementException {
    boundValues.put(h.id, parameterValues);
    startExecution(h);
    final Signature signature = h.signature != null ? h.signature : prepared.get(h.id);
    if (signature != null) {
      requireValues(signature, parameterValues);
    }
    if (!(signature instanceof CalciteSignature<?>)) {
      try {
        return super.execute(h, parameterValues, maxRowsInFirstFrame);
      } catch (RuntimeException e) {
        // A write prepared by Calcite, whose signature only Calcite holds: it checks the
        // statement's own values and fails with this (fixed) text when one was never set.
        if (UNBOUND_PARAMETER.equals(e.getMessage())) {
          throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE,
              "a parameter has no value");
        }
        throw e;
      }
    }
    // A first frame that is not done: the rows come from createIterable.
    return new ExecuteResult(List.of(MetaResultSet.create(h.connectionId, h.id, false,
        signature, new Frame(0, false, List.of()))));
  }

  /**
   * Prepares and runs a statement as Calcite does, with two differences
   * that make {@code Statement.cancel()} work: the planner polls the
   * statement's cancel flag, and preparing happens outside the statement's
   * monitor (Calcite holds it throughout, so a cancel waited for planning to
   * finish). On a read-only connection, a statement that is not a query is
   * refused before it is prepared.
   */
  @Override public ExecuteResult prepareAndExecute(StatementHandle h, String sql,
      long maxRowCount, int maxRowsInFirstFrame, PrepareCallback callback)
      throws NoSuchStatementException {
    checkWritable(sql);
    final AtomicBoolean cancel = startExecution(h);
    try {
      synchronized (callback.getMonitor()) {
        callback.clear();
      }
      final CalcitePrepare.Context context =
          ((CalciteConnection) connection).createPrepareContext();
      final CalcitePrepare.CalciteSignature<Object> signature;
      // Calcite's own preparation keeps the context where view expansion finds it.
      CalcitePrepare.Dummy.push(context);
      try {
        signature = new SorrelPrepare().prepareSql(context, CalcitePrepare.Query.of(sql),
            Object[].class, maxRowCount, cancel);
      } finally {
        CalcitePrepare.Dummy.pop(context);
      }
      final long updateCount = switch (signature.statementType) {
        case CREATE, DROP, ALTER, OTHER_DDL -> 0; // Calcite's DDL, run while being prepared
        case SELECT, INSERT, UPDATE, DELETE, UPSERT, MERGE, OTHER_DML, IS_DML, CALL ->
            -1; // rows, or a count read as a row
      };
      synchronized (callback.getMonitor()) {
        callback.assign(signature, null, updateCount);
      }
      callback.execute();
      return new ExecuteResult(List.of(MetaResultSet.create(h.connectionId, h.id, false,
          signature, null, updateCount)));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("deprecation")
  @Override public ExecuteResult prepareAndExecute(StatementHandle h, String sql,
      long maxRowCount, PrepareCallback callback) throws NoSuchStatementException {
    return prepareAndExecute(h, sql, maxRowCount, -1, callback);
  }

  /**
   * Begins an execution of a statement: a cancel or timeout of an earlier
   * execution does not carry over to it. Returns the statement's cancel flag.
   */
  private AtomicBoolean startExecution(StatementHandle h) throws NoSuchStatementException {
    final AtomicBoolean cancel = connection.getCancelFlag(h);
    cancel.set(false);
    return cancel;
  }

  /**
   * The isolation a JDBC level runs at: READ UNCOMMITTED runs as READ
   * COMMITTED, as in PostgreSQL (no transaction ever sees another's
   * uncommitted writes).
   */
  private static Isolation isolation(int level) {
    return switch (level) {
      case java.sql.Connection.TRANSACTION_READ_UNCOMMITTED,
          java.sql.Connection.TRANSACTION_READ_COMMITTED -> Isolation.READ_COMMITTED;
      case java.sql.Connection.TRANSACTION_REPEATABLE_READ -> Isolation.REPEATABLE_READ;
      case java.sql.Connection.TRANSACTION_SERIALIZABLE -> Isolation.SERIALIZABLE;
      default -> throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE,
          "unknown transaction isolation level " + level + "; use one of the"
              + " Connection.TRANSACTION_* levels other than TRANSACTION_NONE");
    };
  }

  /** JDBC commit: 25P01 in autocommit mode (as PostgreSQL's driver), else commits. */
  @Override public void commit(ConnectionHandle ch) {
    final TransactionState transactions = transactions();
    if (!transactions.inTransactionBlock()) {
      throw new SorrelException(ErrorCode.NO_ACTIVE_SQL_TRANSACTION,
          "cannot commit: the connection is in auto-commit mode");
    }
    transactions.commit();
  }

  /** JDBC rollback: 25P01 in autocommit mode (as PostgreSQL's driver), else rolls back. */
  @Override public void rollback(ConnectionHandle ch) {
    final TransactionState transactions = transactions();
    if (!transactions.inTransactionBlock()) {
      throw new SorrelException(ErrorCode.NO_ACTIVE_SQL_TRANSACTION,
          "cannot roll back: the connection is in auto-commit mode");
    }
    transactions.rollback();
  }

  /** Closing a connection rolls back its open transaction. */
  @Override public void closeConnection(ConnectionHandle ch) {
    try {
      transactions().close();
    } finally {
      super.closeConnection(ch);
    }
  }

  /**
   * The rows of a query, computed as Calcite does but with an
   * {@link ExecutionContext} instead of Calcite's data context, which costs
   * microseconds per execution.
   */
  @Override public Iterable<Object> createIterable(StatementHandle handle, QueryState state,
      Signature signature, List<TypedValue> parameters, Frame firstFrame) {
    final ExecutionContext.Session session = session();
    session.transactions.statementStarts();
    final List<TypedValue> values = parameters == null || parameters.isEmpty()
        ? boundValues.getOrDefault(handle.id, List.of()) : parameters;
    requireValues(signature, values);
    if (firstFrame != null && firstFrame.done || session.spark
        || !(signature instanceof CalciteSignature<?>)) {
      return limited(handle, super.createIterable(handle, state, signature, parameters,
          firstFrame));
    }
    @SuppressWarnings("unchecked") final CalciteSignature<Object> query =
        (CalciteSignature<Object>) signature;
    final DataContext context;
    try {
      context = new ExecutionContext(session, query.rootSchema, query.internalParameters,
          values, connection.getCancelFlag(handle));
    } catch (NoSuchStatementException e) {
      throw new IllegalStateException(e);
    }
    final Enumerable<Object> rows = query.enumerable(context);
    return limited(handle, rows);
  }

  /**
   * At most the statement's {@code setMaxRows} rows. Calcite applies the limit
   * when it prepares a plain statement's SQL, but a prepared statement's plan
   * is made before the limit is set, and reused whatever it is.
   */
  private Iterable<Object> limited(StatementHandle handle, Iterable<Object> rows) {
    final AvaticaStatement statement = connection.statementMap.get(handle.id);
    final long max;
    try {
      max = statement == null || statement.isClosed() ? 0 : statement.getLargeMaxRows();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    if (max <= 0) {
      return rows;
    }
    if (rows instanceof Enumerable<Object> enumerable && max <= Integer.MAX_VALUE) {
      return enumerable.take((int) max);
    }
    return () -> new java.util.Iterator<>() {
      private final java.util.Iterator<Object> all = rows.iterator();
      private long left = max;

      @Override public boolean hasNext() {
        return left > 0 && all.hasNext();
      }

      @Override public Object next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        left--;
        return all.next();
      }
    };
  }

  @Override public void closeStatement(StatementHandle h) {
    boundValues.remove(h.id);
    prepared.remove(h.id);
    super.closeStatement(h);
  }

  private ExecutionContext.Session session() {
    ExecutionContext.Session s = session;
    if (s == null) {
      s = new ExecutionContext.Session((CalciteConnection) connection, transactions());
      session = s;
    }
    return s;
  }

  // ------------------------------------------------------------ batches

  @Override public ExecuteBatchResult executeBatch(StatementHandle h,
      List<List<TypedValue>> parameterValueLists) throws NoSuchStatementException {
    startExecution(h);
    return inOneTransaction(() -> super.executeBatch(h, parameterValueLists));
  }

  @Override public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h,
      List<String> sqlCommands) throws NoSuchStatementException {
    sqlCommands.forEach(this::checkWritable);
    for (String sql : sqlCommands) {
      if (SqlText.returnsRows(sql)) {
        // JDBC batches report update counts; a result would be dropped unseen.
        throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "a JDBC batch cannot hold"
            + " statements that return rows (" + SqlText.firstWord(sql) + "); run it with"
            + " executeQuery");
      }
      if (SqlText.isTransactionControl(sql)) {
        // A batch is applied as one unit; a COMMIT inside it would split it.
        throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "a JDBC batch cannot hold"
            + " transaction control statements (" + SqlText.firstWord(sql) + "); use"
            + " Connection.commit() and rollback(), or run them outside the batch");
      }
    }
    startExecution(h);
    return inOneTransaction(() -> super.prepareAndExecuteBatch(h, sqlCommands));
  }

  private interface BatchBody {
    ExecuteBatchResult run() throws NoSuchStatementException;
  }

  private ExecuteBatchResult inOneTransaction(BatchBody body) throws NoSuchStatementException {
    final NoSuchStatementException[] missing = new NoSuchStatementException[1];
    final ExecuteBatchResult result = transactions().inTransaction(() -> {
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
