package dev.sorrel.sql.ddl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.schema.impl.ViewTableMacro;
import org.apache.calcite.server.DdlExecutorImpl;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.ddl.SqlColumnDeclaration;
import org.apache.calcite.sql.ddl.SqlCreateTable;
import org.apache.calcite.sql.ddl.SqlCreateView;
import org.apache.calcite.sql.ddl.SqlDropTable;
import org.apache.calcite.sql.ddl.SqlDropView;
import org.apache.calcite.sql.ddl.SqlKeyConstraint;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.UniqueKey;
import dev.sorrel.engine.catalog.ViewDef;
import dev.sorrel.sql.SorrelViews;
import dev.sorrel.sql.parser.SorrelSqlDialect;
import dev.sorrel.sql.parser.SqlAlterExperiment;
import dev.sorrel.sql.parser.SqlAlterFeatureView;
import dev.sorrel.sql.parser.SqlAlterModel;
import dev.sorrel.sql.parser.SqlAlterTable;
import dev.sorrel.sql.parser.SqlColumnComment;
import dev.sorrel.sql.parser.SqlColumnIdentity;
import dev.sorrel.sql.parser.SqlCommentOn;
import dev.sorrel.sql.parser.SqlCreateEntity;
import dev.sorrel.sql.parser.SqlCreateExperiment;
import dev.sorrel.sql.parser.SqlCreateFeatureView;
import dev.sorrel.sql.parser.SqlCreateIndex;
import dev.sorrel.sql.parser.SqlCreateModel;
import dev.sorrel.sql.parser.SqlDropExperiment;
import dev.sorrel.sql.parser.SqlDropFeatureObject;
import dev.sorrel.sql.parser.SqlDropIndex;
import dev.sorrel.sql.parser.SqlDropModel;
import dev.sorrel.sql.parser.SqlDropMonitor;
import dev.sorrel.sql.runtime.TransactionState;
import dev.sorrel.sql.schema.SorrelSchema;
import dev.sorrel.sql.schema.SqlTypes;
import dev.sorrel.sql.schema.TypeAliases;
import dev.sorrel.storage.ValueType;

/**
 * Executes Sorrel's DDL. Calcite calls the {@code execute} method whose
 * parameter type matches the parsed node; each turns the node into an engine
 * catalog change committed as one transaction.
 */
public final class SorrelDdlExecutor extends DdlExecutorImpl {
  public static final SorrelDdlExecutor INSTANCE = new SorrelDdlExecutor();

  private SorrelDdlExecutor() {
  }

  /** Executes {@code CREATE TABLE}. */
  public void execute(SqlCreateTable create, CalcitePrepare.Context context) {
    final Database database = database(context);
    final String name = objectName(create.name);
    if (create.query != null) {
      throw error(ErrorCode.FEATURE_NOT_SUPPORTED, create.query.getParserPosition(),
          "CREATE TABLE ... AS query is not supported; create the table, then INSERT INTO ... SELECT");
    }
    if (create.columnList == null) {
      throw error(ErrorCode.SYNTAX_ERROR, create.name.getParserPosition(),
          "CREATE TABLE " + name + " needs a column list");
    }
    if (create.ifNotExists && exists(database, name)) {
      return;
    }
    final List<SqlColumnDeclaration> declarations = new ArrayList<>();
    final List<SqlKeyConstraint> keys = new ArrayList<>();
    final List<SqlKeyConstraint> uniques = new ArrayList<>();
    final List<SqlColumnIdentity> identities = new ArrayList<>();
    final Map<String, String> comments = new LinkedHashMap<>();
    for (SqlNode element : create.columnList) {
      if (element instanceof SqlColumnComment comment) {
        comments.put(comment.column == null ? "" : comment.column.getSimple(),
            ((SqlLiteral) comment.text).getValueAs(String.class));
      } else if (element instanceof SqlColumnDeclaration column) {
        declarations.add(IdentityColumns.withoutSerial(column, identities));
      } else if (element instanceof SqlColumnIdentity identity) {
        identities.add(identity);
      } else if (element instanceof SqlKeyConstraint key
          && key.getOperator().getKind() == SqlKind.PRIMARY_KEY) {
        keys.add(key);
      } else if (element instanceof SqlKeyConstraint key
          && key.getOperator().getKind() == SqlKind.UNIQUE) {
        uniques.add(key);
      } else {
        throw error(ErrorCode.FEATURE_NOT_SUPPORTED, element.getParserPosition(),
            "unsupported table element: " + element);
      }
    }
    if (keys.size() > 1) {
      throw error(ErrorCode.INVALID_DEFINITION, keys.get(1).getParserPosition(),
          "table " + name + " has more than one PRIMARY KEY");
    }
    final List<String> names = new ArrayList<>();
    for (SqlColumnDeclaration column : declarations) {
      names.add(column.name.getSimple());
    }
    final List<Integer> primaryKey = new ArrayList<>();
    if (!keys.isEmpty()) {
      final SqlNodeList keyColumns = (SqlNodeList) keys.get(0).getOperandList().get(1);
      for (SqlNode keyColumn : keyColumns) {
        final String columnName = ((SqlIdentifier) keyColumn).getSimple();
        final int ordinal = names.indexOf(columnName);
        if (ordinal < 0) {
          throw error(ErrorCode.COLUMN_NOT_FOUND, keyColumn.getParserPosition(),
              "PRIMARY KEY column " + columnName + " is not a column of " + name);
        }
        primaryKey.add(ordinal);
      }
    }
    final List<UniqueKey> uniqueKeys = new ArrayList<>();
    for (SqlKeyConstraint unique : uniques) {
      uniqueKeys.add(uniqueKey(name, names, unique));
    }
    final List<ColumnDef> columns = new ArrayList<>();
    for (int i = 0; i < declarations.size(); i++) {
      final ColumnDef column = column(declarations.get(i), primaryKey.contains(i), context);
      final SqlColumnIdentity identity = IdentityColumns.of(identities, column.name());
      columns.add(identity == null ? column : IdentityColumns.apply(column, identity));
    }
    try {
      Conditional.ddl(TransactionState.of(context), database, "CREATE TABLE",
          create.ifNotExists, () -> exists(database, name),
          tx -> database.catalog().createTable(tx, name, columns, primaryKey, uniqueKeys,
              comments));
    } catch (SorrelException e) {
      throw positioned(e, create.name.getParserPosition());
    }
  }

  /** A UNIQUE constraint of a new table: a unique index of its columns. */
  private static UniqueKey uniqueKey(String table, List<String> names,
      SqlKeyConstraint unique) {
    final SqlIdentifier constraintName = (SqlIdentifier) unique.getOperandList().get(0);
    final List<Integer> ordinals = new ArrayList<>();
    for (SqlNode column : (SqlNodeList) unique.getOperandList().get(1)) {
      final String columnName = ((SqlIdentifier) column).getSimple();
      final int ordinal = names.indexOf(columnName);
      if (ordinal < 0) {
        throw error(ErrorCode.COLUMN_NOT_FOUND, column.getParserPosition(),
            "UNIQUE column " + columnName + " is not a column of " + table);
      }
      ordinals.add(ordinal);
    }
    return new UniqueKey(constraintName == null ? null : constraintName.getSimple(), ordinals);
  }

  /** Executes {@code CREATE [UNIQUE] INDEX}. */
  public void execute(SqlCreateIndex create, CalcitePrepare.Context context) {
    IndexDdl.create(database(context), TransactionState.of(context), create);
  }

  /** Executes {@code DROP INDEX}. */
  public void execute(SqlDropIndex drop, CalcitePrepare.Context context) {
    IndexDdl.drop(database(context), TransactionState.of(context), drop);
  }

  static ColumnDef column(SqlColumnDeclaration declaration, boolean inKey,
      CalcitePrepare.Context context) {
    final SqlDataTypeSpec spec = declaration.dataType;
    final SqlTypeNameSpec nameSpec = spec.getTypeNameSpec();
    final SqlTypeName typeName;
    final int declaredPrecision;
    final int declaredScale;
    if (nameSpec instanceof SqlBasicTypeNameSpec basic) {
      typeName = SqlTypeName.get(basic.getTypeName().getSimple());
      declaredPrecision = basic.getPrecision();
      declaredScale = basic.getScale();
    } else if (nameSpec instanceof SqlUserDefinedTypeNameSpec named
        && TypeAliases.of(named.getTypeName()) != null) {
      typeName = TypeAliases.of(named.getTypeName());
      declaredPrecision = -1;
      declaredScale = -1;
    } else {
      throw error(ErrorCode.FEATURE_NOT_SUPPORTED, spec.getParserPosition(),
          "column type " + spec + " is not supported");
    }
    final ValueType type;
    try {
      type = SqlTypes.valueType(typeName == null ? SqlTypeName.ANY : typeName,
          nameSpec.getTypeName().getSimple());
    } catch (SorrelException e) {
      throw positioned(e, spec.getParserPosition());
    }
    // Let Calcite apply its defaults (e.g. DECIMAL without precision), so the
    // stored precision is the one queries will see.
    final RelDataType relType = declaredPrecision < 0
        ? context.getTypeFactory().createSqlType(typeName)
        : declaredScale < 0
            ? context.getTypeFactory().createSqlType(typeName, declaredPrecision)
            : context.getTypeFactory().createSqlType(typeName, declaredPrecision,
                declaredScale);
    final int precision = switch (type) {
      case DECIMAL -> relType.getPrecision();
      case VARCHAR, VARBINARY -> declaredPrecision;
      case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DATE, TIME, TIMESTAMP -> -1;
    };
    final int scale = type == ValueType.DECIMAL ? Math.max(relType.getScale(), 0) : 0;
    final boolean nullable = !inKey && (spec.getNullable() == null || spec.getNullable());
    final String defaultSql = declaration.expression == null ? null
        : declaration.expression.toSqlString(c -> c.withDialect(CalciteSqlDialect.DEFAULT)
            .withAlwaysUseParentheses(false)).getSql();
    return new ColumnDef(declaration.name.getSimple(), type, precision, scale, nullable,
        defaultSql);
  }

  /** Executes {@code DROP TABLE}. */
  public void execute(SqlDropTable drop, CalcitePrepare.Context context) {
    final Database database = database(context);
    final String name = objectName(drop.name);
    if (database.catalog().table(name) == null) {
      if (drop.ifExists) {
        return;
      }
      throw error(ErrorCode.OBJECT_NOT_FOUND, drop.name.getParserPosition(),
          "table " + name + " does not exist" + existing(database));
    }
    Conditional.ddl(TransactionState.of(context), database, "DROP TABLE", drop.ifExists,
        () -> database.catalog().table(name) == null, tx -> {
          database.catalog().dropTable(tx, name);
          return null;
        });
  }

  /** Executes {@code CREATE [OR REPLACE] VIEW}. */
  public void execute(SqlCreateView create, CalcitePrepare.Context context) {
    final Database database = database(context);
    final String name = objectName(create.name);
    final SqlNode query = renameColumns(create.columnList, create.query);
    final String sql = SorrelSqlDialect.sql(query);
    final List<String> schemaPath = List.of(SorrelSchema.NAME);
    // Expand the view once now, so a view over a missing table or column
    // fails at CREATE, not at its first use.
    final CalciteSchema root = context.getRootSchema();
    final ViewTableMacro macro = SorrelViews.macro(root, schema(context).config(), sql,
        schemaPath, List.of(SorrelSchema.NAME, name));
    macro.apply(List.of());
    final List<String> columns = new ArrayList<>();
    if (create.columnList != null) {
      for (SqlNode column : create.columnList) {
        columns.add(((SqlIdentifier) column).getSimple());
      }
    }
    try {
      TransactionState.ddl(TransactionState.of(context), database, "CREATE VIEW", tx -> {
        database.catalog().createView(tx, new ViewDef(name, sql, columns, schemaPath,
            System.currentTimeMillis()), create.getReplace());
        return null;
      });
    } catch (SorrelException e) {
      throw positioned(e, create.name.getParserPosition());
    }
  }

  /** Executes {@code DROP VIEW}. */
  public void execute(SqlDropView drop, CalcitePrepare.Context context) {
    final Database database = database(context);
    final String name = objectName(drop.name);
    if (database.catalog().view(name) == null) {
      if (drop.ifExists) {
        return;
      }
      throw error(ErrorCode.OBJECT_NOT_FOUND, drop.name.getParserPosition(),
          "view " + name + " does not exist" + existing(database));
    }
    Conditional.ddl(TransactionState.of(context), database, "DROP VIEW", drop.ifExists,
        () -> database.catalog().view(name) == null, tx -> {
          database.catalog().dropView(tx, name);
          return null;
        });
  }

  /** Executes {@code CREATE MODEL}. */
  public void execute(SqlCreateModel create, CalcitePrepare.Context context) {
    ModelDdl.create(database(context), TransactionState.of(context), create, null,
        schema(context).fileAccess());
  }

  /** Executes {@code ALTER MODEL}. */
  public void execute(SqlAlterModel alter, CalcitePrepare.Context context) {
    ModelDdl.alter(database(context), TransactionState.of(context), alter, null,
        schema(context).fileAccess());
  }

  /** Executes {@code DROP MODEL}. */
  public void execute(SqlDropModel drop, CalcitePrepare.Context context) {
    ModelDdl.drop(database(context), TransactionState.of(context), drop);
  }

  /** Executes {@code CREATE EXPERIMENT}. */
  public void execute(SqlCreateExperiment create, CalcitePrepare.Context context) {
    ExperimentDdl.create(database(context), TransactionState.of(context), create);
  }

  /** Executes {@code ALTER EXPERIMENT}. */
  public void execute(SqlAlterExperiment alter, CalcitePrepare.Context context) {
    ExperimentDdl.alter(database(context), TransactionState.of(context), alter);
  }

  /** Executes {@code DROP EXPERIMENT}. */
  public void execute(SqlDropExperiment drop, CalcitePrepare.Context context) {
    ExperimentDdl.drop(database(context), TransactionState.of(context), drop);
  }

  /** Executes {@code DROP MONITOR}. */
  public void execute(SqlDropMonitor drop, CalcitePrepare.Context context) {
    final Database database = database(context);
    final String name = drop.name.names.get(drop.name.names.size() - 1);
    try {
      Conditional.ddl(TransactionState.of(context), database, "DROP MONITOR", drop.ifExists,
          () -> database.monitors().monitor(name) == null, tx -> {
            database.monitors().drop(tx, name);
            return null;
          });
    } catch (SorrelException e) {
      throw positioned(e, drop.name.getParserPosition());
    }
  }

  /** Executes {@code CREATE ENTITY}. */
  public void execute(SqlCreateEntity create, CalcitePrepare.Context context) {
    FeatureDdl.createEntity(database(context), create, context);
  }

  /** Executes {@code CREATE FEATURE VIEW}. */
  public void execute(SqlCreateFeatureView create, CalcitePrepare.Context context) {
    FeatureDdl.createFeatureView(database(context), create, context);
  }

  /** Executes {@code ALTER FEATURE VIEW}. */
  public void execute(SqlAlterFeatureView alter, CalcitePrepare.Context context) {
    FeatureDdl.alter(database(context), alter, context);
  }

  /** Executes {@code ALTER TABLE ... COMPACT}. */
  public void execute(SqlAlterTable alter, CalcitePrepare.Context context) {
    CompactTable.execute(database(context), alter);
  }

  /** Executes {@code COMMENT ON}. */
  public void execute(SqlCommentOn comment, CalcitePrepare.Context context) {
    CommentDdl.execute(database(context), TransactionState.of(context), comment, context);
  }

  /** Executes {@code DROP ENTITY} and {@code DROP FEATURE VIEW}. */
  public void execute(SqlDropFeatureObject drop, CalcitePrepare.Context context) {
    FeatureDdl.drop(database(context), TransactionState.of(context), drop);
  }

  /** Wraps a query so its columns get the names of a view's column list. */
  private static SqlNode renameColumns(SqlNodeList columnList, SqlNode query) {
    if (columnList == null) {
      return query;
    }
    final SqlParserPos p = query.getParserPosition();
    final SqlNodeList selectList = SqlNodeList.SINGLETON_STAR;
    final List<SqlNode> operands = new ArrayList<>();
    operands.add(query);
    operands.add(new SqlIdentifier("_", p));
    operands.addAll(columnList.getList());
    final SqlNode from = SqlStdOperatorTable.AS.createCall(p, operands);
    return new SqlSelect(p, null, selectList, from, null, null, null, null, null, null,
        null, null, null);
  }

  private static boolean exists(Database database, String name) {
    return database.catalog().table(name) != null || database.catalog().view(name) != null;
  }

  private static String existing(Database database) {
    final List<String> names = database.catalog().names();
    return names.isEmpty() ? "; the database has no tables yet"
        : names.size() > 20 ? "" : "; existing: " + String.join(", ", names);
  }

  /** Names live in the one user schema; a qualifier, if given, must name it. */
  static String objectName(SqlIdentifier id) {
    if (id.names.size() > 2 || (id.names.size() == 2
        && !id.names.get(0).toUpperCase(Locale.ROOT).equals(SorrelSchema.NAME))) {
      throw error(ErrorCode.OBJECT_NOT_FOUND, id.getParserPosition(),
          "schema " + id.names.get(0) + " does not exist; tables and views live in "
              + SorrelSchema.NAME);
    }
    return id.names.get(id.names.size() - 1);
  }

  static Database database(CalcitePrepare.Context context) {
    return schema(context).database();
  }

  /** The Sorrel schema of the connection a statement runs on. */
  static SorrelSchema schema(CalcitePrepare.Context context) {
    final CalciteSchema schema = context.getRootSchema().getSubSchema(SorrelSchema.NAME, true);
    if (schema == null || !(schema.schema instanceof SorrelSchema sorrel)) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR,
          "connection has no Sorrel schema; DDL needs a jdbc:sorrel: connection");
    }
    return sorrel;
  }

  private static SorrelException error(ErrorCode code, SqlParserPos pos, String message) {
    return new PositionedException(code, pos, message);
  }

  private static SorrelException positioned(SorrelException e, SqlParserPos pos) {
    if (e instanceof PositionedException) {
      return e;
    }
    return new PositionedException(e.code(), pos, e.getMessage());
  }

}
