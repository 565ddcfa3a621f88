package dev.sorrel.sql;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;

import org.apache.calcite.avatica.Meta;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import dev.sorrel.sql.copy.CopyCommand;
import dev.sorrel.sql.ddl.ModelDdl;
import dev.sorrel.sql.parser.SqlCopy;
import dev.sorrel.sql.parser.SqlRefreshFeatureView;
import dev.sorrel.sql.ddl.FeatureDdl;

import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.tools.Program;
import org.apache.calcite.util.Holder;
import dev.sorrel.sql.predict.PredictFunction;
import dev.sorrel.sql.predict.PredictRules;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.Database;
import dev.sorrel.sql.rel.SorrelRules;
import dev.sorrel.sql.schema.SorrelSchema;

/**
 * Statement preparation for Sorrel connections: Calcite's, with Sorrel's
 * planner rules, and with a per-database {@link PlanCache} in front so that
 * repeated statement text is planned once.
 */
public final class SorrelPrepare extends CalcitePrepareImpl {
  /** The one column of a statement that reports an update count, as Avatica reads it. */
  private static final List<org.apache.calcite.avatica.ColumnMetaData> ROW_COUNT = List.of(
      org.apache.calcite.avatica.MetaImpl.columnMetaData("ROWCOUNT", 0, Long.class, false));

  @Override protected RelOptPlanner createPlanner(Context prepareContext,
      org.apache.calcite.plan.@Nullable Context externalContext,
      @Nullable RelOptCostFactory costFactory) {
    final RelOptPlanner planner = super.createPlanner(prepareContext, externalContext,
        costFactory);
    SorrelRules.register(planner);
    return planner;
  }

  /**
   * Calcite's statement preparation, with the table hints Sorrel understands
   * registered, so they reach the table scans instead of being dropped.
   */
  @Override protected CalcitePreparingStmt getPreparingStmt(Context context,
      java.lang.reflect.Type elementType,
      org.apache.calcite.prepare.CalciteCatalogReader catalogReader, RelOptPlanner planner) {
    final org.apache.calcite.adapter.java.JavaTypeFactory typeFactory = context.getTypeFactory();
    final org.apache.calcite.adapter.enumerable.EnumerableRel.Prefer prefer =
        elementType == Object[].class
            ? org.apache.calcite.adapter.enumerable.EnumerableRel.Prefer.ARRAY
            : org.apache.calcite.adapter.enumerable.EnumerableRel.Prefer.CUSTOM;
    return new CalcitePreparingStmt(this, context, catalogReader, typeFactory,
        context.getRootSchema(), prefer,
        createCluster(planner, new org.apache.calcite.rex.RexBuilder(typeFactory)),
        org.apache.calcite.adapter.enumerable.EnumerableConvention.INSTANCE,
        createConvertletTable()) {
      @Override protected org.apache.calcite.sql2rel.SqlToRelConverter getSqlToRelConverter(
          org.apache.calcite.sql.validate.SqlValidator validator,
          org.apache.calcite.prepare.Prepare.CatalogReader reader,
          org.apache.calcite.sql2rel.SqlToRelConverter.Config config) {
        return super.getSqlToRelConverter(validator, reader,
            config.withHintStrategyTable(SorrelHints.TABLE));
      }
    };
  }

  @SuppressWarnings("unchecked")
  @Override public <T> CalciteSignature<T> prepareSql(Context connectionContext, Query<T> query,
      Type elementType, long maxRowCount) {
    final Database database = database(connectionContext);
    final Context context = withSorrelConfig(connectionContext, database);
    if (database == null || query.sql == null) {
      return super.prepareSql(context, query, elementType, maxRowCount);
    }
    final CalciteSignature<T> upload = modelUpload(query.sql, database);
    if (upload != null) {
      return upload;
    }
    final CalciteSignature<T> copy = copy(query.sql, database);
    if (copy != null) {
      return copy;
    }
    final CalciteSignature<T> refresh = refresh(query.sql, database);
    if (refresh != null) {
      return refresh;
    }
    final PlanCache cache = database.extension(PlanCache.class, db -> new PlanCache());
    final PlanCache.Key key = new PlanCache.Key(query.sql, context.getDefaultSchemaPath(),
        maxRowCount, database.catalog().version(), predictBatchSize(context));
    final CalciteSignature<?> cached = cache.get(key);
    if (cached != null) {
      return (CalciteSignature<T>) cached;
    }
    final CalciteSignature<T> signature;
    try (Hook.Closeable program = Hook.PROGRAM.addThread(
        (Consumer<Holder<Program>>) holder -> holder.set(
            PredictRules.program(predictBatchSize(context))))) {
      signature = super.prepareSql(context, query, elementType, maxRowCount);
    }
    // DDL ran while being prepared and must run again next time; queries and
    // DML depend on definitions only, so key them by the catalog version they
    // were planned under.
    final boolean reusable = signature.statementType == Meta.StatementType.SELECT
        || signature.statementType.canUpdate();
    if (reusable && database.catalog().version() == key.catalogVersion()) {
      cache.put(key, signature);
    }
    return signature;
  }

  /**
   * {@code CREATE MODEL m FROM ?} and {@code ALTER MODEL m ADD VERSION FROM ?}
   * take the model file's bytes as a parameter, for clients that do not share
   * a file system with the database. Calcite runs DDL while preparing, before
   * parameters are bound, so such a statement is prepared as one that runs
   * the DDL when executed, with the bound bytes.
   */
  private static <T> CalciteSignature<T> modelUpload(String sql, Database database) {
    final String head = sql.stripLeading().toUpperCase(java.util.Locale.ROOT);
    if (!(head.startsWith("CREATE") || head.startsWith("ALTER")) || !head.contains("MODEL")
        || sql.indexOf('?') < 0) {
      return null;
    }
    final SqlNode node = parse(sql);
    if (node == null || !ModelDdl.takesFileParameter(node)) {
      return null;
    }
    final AvaticaParameter file = new AvaticaParameter(false, 0, 0, Types.VARBINARY,
        "VARBINARY", byte[].class.getName(), "file");
    return counting(sql, List.of(file), dataContext -> {
      final Object value = dataContext.get("?0");
      final byte[] bytes = value instanceof ByteString b ? b.getBytes()
          : value instanceof byte[] b ? b : null;
      ModelDdl.execute(database, node, bytes);
      return 1L;
    });
  }

  /**
   * A statement prepared here rather than planned by Calcite: it runs
   * {@code action} when executed and reports what it returns as its update count.
   */
  private static <T> CalciteSignature<T> counting(String sql, List<AvaticaParameter> parameters,
      java.util.function.ToLongFunction<org.apache.calcite.DataContext> action) {
    final Bindable<T> run = dataContext -> {
      @SuppressWarnings("unchecked") final T count =
          (T) (Object) action.applyAsLong(dataContext);
      return Linq4j.singletonEnumerable(count);
    };
    return new CalciteSignature<>(sql, parameters, Map.of(), null, ROW_COUNT,
        Meta.CursorFactory.OBJECT, null, List.of(), -1, run, Meta.StatementType.IS_DML);
  }

  /**
   * Parses a statement with Sorrel's grammar, for the statements prepared
   * here rather than by Calcite; null if it does not parse (the normal path
   * then reports the error, with its position).
   */
  private static SqlNode parse(String sql) {
    try {
      return SqlParser.create(sql, SqlParser.config()
          .withParserFactory(SorrelParserFactory.INSTANCE)).parseStmt();
    } catch (SqlParseException e) {
      return null;
    }
  }

  /**
   * {@code COPY} is not a query Calcite can plan: it is prepared as a
   * statement that loads or exports when executed, and reports the number of
   * rows as its update count.
   */
  private static <T> CalciteSignature<T> copy(String sql, Database database) {
    if (!sql.stripLeading().regionMatches(true, 0, "COPY", 0, 4)) {
      return null;
    }
    if (!(parse(sql) instanceof SqlCopy copy)) {
      return null;
    }
    return counting(sql, List.of(), dataContext -> CopyCommand.execute(database, copy,
        (java.sql.Connection) dataContext.getQueryProvider()));
  }

  /**
   * {@code REFRESH FEATURE VIEW} runs the view's query and writes its rows
   * when executed; prepared here like COPY, it reports the rows loaded.
   */
  private static <T> CalciteSignature<T> refresh(String sql, Database database) {
    if (!sql.stripLeading().regionMatches(true, 0, "REFRESH", 0, 7)) {
      return null;
    }
    if (!(parse(sql) instanceof SqlRefreshFeatureView refresh)) {
      return null;
    }
    return counting(sql, List.of(), dataContext -> FeatureDdl.refresh(database, refresh,
        (java.sql.Connection) dataContext.getQueryProvider()));
  }

  /**
   * Adjusts the connection's configuration for Sorrel: integer arithmetic
   * fails on overflow (22003) instead of wrapping around, as the SQL standard
   * asks (Calcite decides this by the conformance); and the PREDICT family of
   * functions, bound to this database's models, joins the operator table.
   */
  private static Context withSorrelConfig(Context context, Database database) {
    final CalciteConnectionConfig config = context.config();
    final SqlOperatorTable sorrelOperators = database == null ? null
        : SqlOperatorTables.of(PredictFunction.all(database));
    final SqlConformance conformance = new SqlDelegatingConformance(config.conformance()) {
      @Override public boolean checkedArithmetic() {
        return true;
      }
    };
    final CalciteConnectionConfig checkedConfig = (CalciteConnectionConfig) Proxy.newProxyInstance(
        SorrelPrepare.class.getClassLoader(), new Class<?>[] {CalciteConnectionConfig.class},
        (proxy, method, args) -> {
          if (method.getName().equals("conformance") && method.getParameterCount() == 0) {
            return conformance;
          }
          if (method.getName().equals("fun") && sorrelOperators != null) {
            return SqlOperatorTables.chain((SqlOperatorTable) invoke(method, config, args),
                sorrelOperators);
          }
          return invoke(method, config, args);
        });
    return (Context) Proxy.newProxyInstance(SorrelPrepare.class.getClassLoader(),
        new Class<?>[] {Context.class},
        (proxy, method, args) -> method.getName().equals("config")
            && method.getParameterCount() == 0 ? checkedConfig : invoke(method, context, args));
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static int predictBatchSize(Context context) {
    final CalciteSchema schema = context.getRootSchema().getSubSchema(SorrelSchema.NAME, true);
    return schema != null && schema.schema instanceof SorrelSchema sorrel
        ? sorrel.predictBatchSize() : 1024;
  }

  private static @Nullable Database database(Context context) {
    final CalciteSchema schema = context.getRootSchema().getSubSchema(SorrelSchema.NAME, true);
    return schema != null && schema.schema instanceof SorrelSchema sorrel
        ? sorrel.database() : null;
  }
}
