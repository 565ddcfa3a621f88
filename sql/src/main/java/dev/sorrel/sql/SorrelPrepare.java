package dev.sorrel.sql;

import java.io.Reader;
import java.lang.reflect.Type;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.Program;
import org.apache.calcite.util.CancelFlag;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.copy.CopyCommand;
import dev.sorrel.sql.copy.NestedQuery;
import dev.sorrel.sql.ddl.FeatureDdl;
import dev.sorrel.sql.ddl.ModelDdl;
import dev.sorrel.sql.identity.IdentityRules;
import dev.sorrel.sql.monitor.MonitorCommand;
import dev.sorrel.sql.parser.SqlCopy;
import dev.sorrel.sql.parser.SqlCreateMonitor;
import dev.sorrel.sql.parser.SqlMonitorCommand;
import dev.sorrel.sql.parser.SqlRefreshFeatureView;
import dev.sorrel.sql.parser.SqlTransactionControl;
import dev.sorrel.sql.parser.SqlTrackingStatement;
import dev.sorrel.sql.parser.impl.SorrelSqlParserImpl;
import dev.sorrel.sql.rel.CaseBranchCasts;
import dev.sorrel.sql.rel.NullFilters;
import dev.sorrel.sql.runtime.Cancellation;
import dev.sorrel.sql.runtime.TransactionCommand;
import dev.sorrel.sql.runtime.TransactionState;
import dev.sorrel.sql.schema.SorrelSchema;
import dev.sorrel.sql.tracking.TrackingCommand;
import dev.sorrel.sql.upsert.UpsertCommand;
import dev.sorrel.sql.upsert.UpsertRewrite;

/**
 * Statement preparation for Sorrel connections: Calcite's, extended where
 * Calcite offers extension points.
 *
 * <ul>
 *   <li>A per-database {@link PlanCache} in front: repeated statement text is
 *       neither parsed nor planned again.
 *   <li>Each statement is parsed once, with Sorrel's grammar. Commands that
 *       act when executed ({@code COPY}, {@code REFRESH FEATURE VIEW}, a model
 *       upload {@code CREATE MODEL m FROM ?}) are dispatched on the parsed
 *       node; anything else goes on to Calcite's validation and planning with
 *       the same tree.
 *   <li>The connection's {@link SorrelConnectionConfig} replaces the one
 *       Calcite reads from the connection's properties.
 *   <li>Parameter values are checked and converted where they are bound
 *       ({@link BoundParameters}).
 *   <li>Validation errors carry their SQLState ({@link SorrelValidator});
 *       syntax errors are reported as 42000 with line and column.
 *   <li>Planning is {@link SorrelPlanner}'s two phases, and the table hints
 *       Sorrel understands ({@link SorrelHints}) reach the table scans.
 * </ul>
 *
 * <p>Calcite creates one instance per statement it prepares.
 */
public final class SorrelPrepare extends CalcitePrepareImpl {
  /** The one column of a statement that reports an update count, as Avatica reads it. */
  private static final List<ColumnMetaData> ROW_COUNT =
      List.of(MetaImpl.columnMetaData("ROWCOUNT", 0, Long.class, false));

  /**
   * The statement {@link #prepareSql} parsed and passes on to Calcite's
   * preparation, which asks {@link #createParser} for it; null once taken.
   */
  private @Nullable SqlNode parsed;
  /** The settings the views a statement uses are parsed with: its connection's, once known. */
  private CalciteConnectionConfig viewConfig = CalciteConnectionConfig.DEFAULT;
  private @Nullable String parsedSql;

  @Override protected RelOptPlanner createPlanner(Context prepareContext,
      org.apache.calcite.plan.@Nullable Context externalContext,
      @Nullable RelOptCostFactory costFactory) {
    final @Nullable AtomicBoolean cancel = prepareContext instanceof SorrelPrepareContext sorrel
        ? sorrel.cancelFlag() : null;
    // Calcite's planner polls a CancelFlag it finds in its context.
    final org.apache.calcite.plan.Context context = externalContext != null || cancel == null
        ? externalContext
        : Contexts.of(prepareContext.config(), new CancelFlag(cancel));
    final RelOptPlanner planner = super.createPlanner(prepareContext, context, costFactory);
    SorrelPlanner.addRules(planner);
    return planner;
  }

  @Override protected CalcitePreparingStmt getPreparingStmt(Context context, Type elementType,
      CalciteCatalogReader catalogReader, RelOptPlanner planner) {
    return new SorrelPreparingStmt(this, context, elementType, catalogReader, planner);
  }

  /**
   * Parses a view's text with Sorrel's grammar: Calcite expands a view used by
   * a statement through this overload, which would otherwise use Calcite's
   * default parser.
   */
  @Override protected SqlParser createParser(String sql) {
    return createParser(sql, parserConfig(viewConfig));
  }

  /** Hands Calcite's preparation the tree {@link #prepareSql} parsed instead of parsing again. */
  @Override protected SqlParser createParser(String sql, SqlParser.Config parserConfig) {
    final SqlNode node = parsed;
    if (node == null || !sql.equals(parsedSql)) {
      return super.createParser(sql, parserConfig);
    }
    // Once only: validation rewrites the tree, so it must not be handed out twice.
    parsed = null;
    parsedSql = null;
    return SqlParser.create(sql,
        parserConfig.withParserFactory(reader -> new ParsedStatement(reader, node)));
  }

  @Override public <T> CalciteSignature<T> prepareSql(Context connectionContext, Query<T> query,
      Type elementType, long maxRowCount) {
    return prepareSql(connectionContext, query, elementType, maxRowCount, null);
  }

  /**
   * Prepares a statement as {@link #prepareSql(Context, Query, Type, long)}
   * does, stopping when {@code cancelFlag} is set: the cost-based planner
   * polls it between rule applications, and a statement canceled while being
   * prepared fails with {@link ErrorCode#QUERY_CANCELED} (57014).
   *
   * @param cancelFlag the statement's cancel flag, or null
   */
  public <T> CalciteSignature<T> prepareSql(Context connectionContext, Query<T> query,
      Type elementType, long maxRowCount, @Nullable AtomicBoolean cancelFlag) {
    try {
      final CalciteSignature<T> signature = prepare(connectionContext, query, elementType,
          maxRowCount, cancelFlag);
      if (cancelFlag != null && cancelFlag.get()) {
        // The planner stops early but may still return a plan.
        throw Cancellation.canceled("planning");
      }
      return signature;
    } catch (RuntimeException e) {
      if (cancelFlag != null && cancelFlag.get() && !(e instanceof SorrelException s
          && s.code() == ErrorCode.QUERY_CANCELED)) {
        throw new SorrelException(ErrorCode.QUERY_CANCELED, "query canceled while planning", e);
      }
      throw e;
    }
  }

  /**
   * Prepares a query given as a tree parsed from the text of an enclosing statement (such as
   * {@code CHECK MONITOR ... WHERE}), so its errors point into that statement. Neither the
   * plan cache nor Sorrel's statement commands are consulted; the tree is validated, and so
   * changed, by the preparation.
   *
   * @param sql the query's text, as the signature reports it
   * @param cancelFlag the enclosing statement's cancel flag, or null
   */
  public CalciteSignature<Object> prepareTree(Context connectionContext, String sql,
      SqlNode tree, @Nullable AtomicBoolean cancelFlag) {
    final SorrelSchema schema = sorrelSchema(connectionContext);
    if (schema == null) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "connection has no Sorrel schema");
    }
    final Context context = new SorrelPrepareContext(connectionContext, schema.config(),
        cancelFlag);
    return planned(context, Query.of(sql), tree, Object[].class, -1);
  }

  @SuppressWarnings("unchecked")
  private <T> CalciteSignature<T> prepare(Context connectionContext, Query<T> query,
      Type elementType, long maxRowCount, @Nullable AtomicBoolean cancelFlag) {
    final SorrelSchema schema = sorrelSchema(connectionContext);
    if (schema == null) {
      return super.prepareSql(connectionContext, query, elementType, maxRowCount);
    }
    viewConfig = schema.config();
    final Context context = new SorrelPrepareContext(connectionContext, schema.config(),
        cancelFlag);
    if (query.sql == null) {
      return super.prepareSql(context, query, elementType, maxRowCount);
    }
    final Database database = schema.database();
    final PlanCache cache = database.extension(PlanCache.class, db -> new PlanCache());
    final PlanCache.Key key = new PlanCache.Key(query.sql, context.getDefaultSchemaPath(),
        maxRowCount, database.catalog().version(), schema.config().predictBatchSize(),
        schema.config().tableSegments(), database.tableSegments().generation());
    final CalciteSignature<?> cached = cache.get(key);
    if (cached != null) {
      return forConnection((CalciteSignature<T>) cached, connectionContext.getRootSchema());
    }
    final SqlNode node = parse(query.sql, context.config());
    IdentityRules.apply(node, database);
    final CalciteSignature<T> command = command(query.sql, node, database, connectionContext);
    if (command != null) {
      return command;
    }
    final CalciteSignature<T> signature = UpsertRewrite.handles(node)
        ? upsert(context, query.sql, node, database)
        : planned(context, query, node, elementType, maxRowCount);
    // DDL ran while being prepared and must run again next time; queries and
    // DML depend on definitions only, so key them by the catalog version they
    // were planned under. EXPLAIN also describes the data (a table's segment).
    final boolean reusable = (signature.statementType == Meta.StatementType.SELECT
        || signature.statementType.canUpdate()) && node.getKind() != SqlKind.EXPLAIN;
    if (reusable && database.catalog().version() == key.catalogVersion()) {
      cache.put(key, signature);
    }
    return signature;
  }

  /** Calcite's preparation of a statement already parsed. */
  private <T> CalciteSignature<T> planned(Context context, Query<T> query, SqlNode node,
      Type elementType, long maxRowCount) {
    final Map<Integer, String> rowCounts = RowCountClauses.parameters(node);
    return BoundParameters.binding(unbound(context, query, node, elementType, maxRowCount),
        rowCounts);
  }

  /** As {@link #planned}, with parameters not yet bound. */
  private <T> CalciteSignature<T> unbound(Context context, Query<T> query, SqlNode node,
      Type elementType, long maxRowCount) {
    parsed = node;
    parsedSql = query.sql;
    try {
      return super.prepareSql(context, query, elementType, maxRowCount);
    } finally {
      parsed = null;
      parsedSql = null;
    }
  }

  /**
   * Prepares {@code MERGE} or {@code INSERT ... ON CONFLICT}: the query
   * {@link UpsertRewrite} makes of it is planned like any other, and the
   * statement applies its rows.
   */
  private <T> CalciteSignature<T> upsert(Context context, String sql, SqlNode node,
      Database database) {
    final UpsertRewrite.Rewritten rewritten = UpsertRewrite.rewrite(node, database,
        context.getTypeFactory());
    final int[] order = UpsertRewrite.parameterOrder(rewritten.query());
    final CalciteSignature<Object> query = unbound(context, Query.of(sql), rewritten.query(),
        Object[].class, -1);
    return UpsertCommand.signature(sql,
        BoundParameters.binding(UpsertCommand.inTextOrder(query, order)), rewritten.plan());
  }

  /**
   * A cached plan as this connection runs it: with this connection's root
   * schema, which Calcite's JDBC layer hands to the plan when it executes it
   * (the runtime finds the connection's transaction there).
   */
  private static <T> CalciteSignature<T> forConnection(CalciteSignature<T> cached,
      CalciteSchema root) {
    if (cached.rootSchema == root) {
      return cached;
    }
    final Bindable<T> run = cached::enumerable;
    // The limit (maxRowCount) is applied by the cached signature.
    return new CalciteSignature<>(cached.sql, cached.parameters, cached.internalParameters,
        cached.rowType, cached.columns, cached.cursorFactory, root, cached.getCollationList(),
        -1, run, cached.statementType);
  }

  /**
   * Parses a statement as Calcite's preparation would, with the connection's
   * lexical settings and Sorrel's grammar.
   *
   * @throws SorrelException (42000) with line and column if it does not parse
   */
  private static SqlNode parse(String sql, CalciteConnectionConfig config) {
    final SqlNodeList statements;
    try {
      // A statement list, so that a text ending in ";" (and perhaps comments
      // after it) is one statement, as H2 and PostgreSQL's driver take it.
      statements = SqlParser.create(sql, parserConfig(config)).parseStmtList();
    } catch (SqlParseException e) {
      throw syntaxError(e);
    }
    if (statements.isEmpty()) {
      throw new SorrelException(ErrorCode.SYNTAX_ERROR,
          "syntax error: the statement text holds no statement");
    }
    if (statements.size() > 1) {
      // Refused rather than run in turn: one statement has one result, one
      // update count and one set of parameters in JDBC.
      throw new SorrelException(ErrorCode.SYNTAX_ERROR, "syntax error"
          + at(statements.get(1).getParserPosition())
          + ": a statement text holds one statement, and a second one starts here;"
          + " execute each on its own, or add each to a batch");
    }
    return statements.get(0);
  }

  /** The parser settings of a connection: Sorrel's grammar, its casing and quoting. */
  static SqlParser.Config parserConfig(CalciteConnectionConfig config) {
    return SqlParser.config()
        .withQuotedCasing(config.quotedCasing())
        .withUnquotedCasing(config.unquotedCasing())
        .withQuoting(config.quoting())
        .withConformance(config.conformance())
        .withCaseSensitive(config.caseSensitive())
        .withParserFactory(config.parserFactory(SqlParserImplFactory.class,
            SorrelParserFactory.INSTANCE));
  }

  /** A parse error as the statement's user sees it: 42000 with line and column. */
  static SorrelException syntaxError(SqlParseException e) {
    return new SorrelException(ErrorCode.SYNTAX_ERROR,
        "syntax error" + at(e.getPos()) + ": " + firstLine(e.getMessage()), e);
  }

  private static String at(@Nullable SqlParserPos pos) {
    return pos == null || pos.getLineNum() <= 0 ? ""
        : " at line " + pos.getLineNum() + ", column " + pos.getColumnNum();
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "";
    }
    final int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }

  /**
   * The statements that are not queries Calcite can plan: each is prepared
   * as one that acts when executed and reports a row count; null for any
   * other statement.
   *
   * <ul>
   *   <li>{@code COPY} loads or exports.
   *   <li>Transaction control ({@code BEGIN}, {@code COMMIT}, savepoints) acts on the
   *       executing connection's transaction.
   *   <li>{@code REFRESH FEATURE VIEW} runs the view's query and writes its rows.
   *   <li>{@code CREATE MODEL m FROM ?} and {@code ALTER MODEL m ADD VERSION
   *       FROM ?} take the model file's bytes as a parameter, for clients that
   *       do not share a file system with the database. Calcite runs DDL while
   *       preparing, before parameters are bound, so these run the DDL when
   *       executed, with the bound bytes.
   *   <li>Any other DDL runs when executed, not when prepared as Calcite runs
   *       it: a prepared {@code DROP TABLE} that is never executed drops
   *       nothing, one executed twice runs twice, and it runs inside the
   *       execution (its cancel, timeout and transaction) like any statement.
   * </ul>
   */
  private <T> @Nullable CalciteSignature<T> command(String sql, SqlNode node,
      Database database, Context context) {
    if (node instanceof SqlCopy copy) {
      final FileAccess files = fileAccess(context);
      final boolean segments = !(context.config() instanceof SorrelConnectionConfig sorrel)
          || sorrel.tableSegments();
      return counting(sql, List.of(), context, dataContext -> CopyCommand.execute(database, copy,
          new NestedQuery(new SorrelPrepare(), context, dataContext),
          Cancellation.of(dataContext), files, segments));
    }
    if (node instanceof SqlTransactionControl control) {
      return counting(sql, List.of(), context, dataContext -> {
        TransactionCommand.execute(TransactionState.of(dataContext), control);
        return 0L;
      });
    }
    if (node instanceof SqlRefreshFeatureView refresh) {
      return counting(sql, List.of(), context, dataContext -> FeatureDdl.refresh(database,
          TransactionState.of(dataContext), refresh,
          new NestedQuery(new SorrelPrepare(), context, dataContext)));
    }
    if (node instanceof SqlCreateMonitor || node instanceof SqlMonitorCommand) {
      return BoundParameters.binding(MonitorCommand.signature(sql, node, database, context));
    }
    if (node instanceof SqlTrackingStatement tracking) {
      final SorrelSchema schema = sorrelSchema(context);
      return BoundParameters.binding(TrackingCommand.signature(sql, tracking, database,
          schema.currentRun(), schema.transactions()));
    }
    if (ModelDdl.takesFileParameter(node)) {
      final AvaticaParameter file = new AvaticaParameter(false, 0, 0, Types.VARBINARY,
          "VARBINARY", byte[].class.getName(), "file");
      final FileAccess files = fileAccess(context);
      return counting(sql, List.of(file), context, dataContext -> {
        final Object value = dataContext.get("?0");
        final byte[] bytes = value instanceof ByteString b ? b.getBytes()
            : value instanceof byte[] b ? b : null;
        ModelDdl.execute(database, TransactionState.of(dataContext), node, bytes, files);
        return 1L;
      });
    }
    if (node.getKind().belongsTo(SqlKind.DDL)) {
      return counting(sql, List.of(), context, dataContext -> {
        executeDdl(context, node);
        return 0L;
      });
    }
    return null;
  }

  /**
   * A statement prepared here rather than planned by Calcite: it runs
   * {@code action} when executed and reports what it returns as its update count.
   */
  private static <T> CalciteSignature<T> counting(String sql, List<AvaticaParameter> parameters,
      Context context, ToLongFunction<DataContext> action) {
    final Bindable<T> run = dataContext -> {
      @SuppressWarnings("unchecked") final T count =
          (T) (Object) action.applyAsLong(dataContext);
      return Linq4j.singletonEnumerable(count);
    };
    // With the connection's root schema, where the runtime finds the connection's
    // transaction when Calcite's JDBC layer runs the statement (a prepared one).
    return new CalciteSignature<>(sql, parameters, Map.of(), null, ROW_COUNT,
        Meta.CursorFactory.OBJECT, context.getRootSchema(), List.of(), -1, run,
        Meta.StatementType.IS_DML);
  }

  /** The file policy of the connection a statement runs on. */
  private static FileAccess fileAccess(Context context) {
    final SorrelSchema schema = sorrelSchema(context);
    return schema == null ? FileAccess.UNRESTRICTED : schema.fileAccess();
  }

  private static @Nullable SorrelSchema sorrelSchema(Context context) {
    final CalciteSchema schema = context.getRootSchema().getSubSchema(SorrelSchema.NAME, true);
    return schema != null && schema.schema instanceof SorrelSchema sorrel ? sorrel : null;
  }

  /**
   * Calcite's preparation of one statement, with Sorrel's optimization
   * program, validator and hints.
   */
  private static final class SorrelPreparingStmt extends CalcitePreparingStmt {
    SorrelPreparingStmt(SorrelPrepare prepare, Context context, Type elementType,
        CalciteCatalogReader catalogReader, RelOptPlanner planner) {
      super(prepare, context, catalogReader, context.getTypeFactory(), context.getRootSchema(),
          elementType == Object[].class ? EnumerableRel.Prefer.ARRAY
              : EnumerableRel.Prefer.CUSTOM,
          prepare.createCluster(planner, new RexBuilder(context.getTypeFactory())),
          EnumerableConvention.INSTANCE, prepare.createConvertletTable());
    }

    @Override protected Program getProgram() {
      final SorrelConnectionConfig sorrel = context.config() instanceof SorrelConnectionConfig c
          ? c : null;
      return SorrelPlanner.program(sorrel != null ? sorrel.predictBatchSize()
          : SorrelConnectionConfig.DEFAULT_PREDICT_BATCH_SIZE,
          sorrel == null || sorrel.tableSegments());
    }

    /**
     * Makes the casts in CASE branches nullable ({@link CaseBranchCasts}) and folds
     * comparisons with NULL in filters ({@link NullFilters}) before Calcite trims the
     * converted plan's unused fields, which asks for metadata that fails on them.
     */
    @Override protected RelRoot trimUnusedFields(RelRoot root) {
      return super.trimUnusedFields(
          root.withRel(NullFilters.apply(CaseBranchCasts.apply(root.rel))));
    }

    /** Calcite's validator setup, with {@link SorrelValidator} as the validator. */
    @Override protected SqlValidator createSqlValidator(Prepare.CatalogReader catalogReader,
        UnaryOperator<SqlValidator.Config> configTransform) {
      return SorrelValidator.create(context.config(), (CalciteCatalogReader) catalogReader,
          context.getTypeFactory(), configTransform);
    }

    /** Keeps the table hints Sorrel understands, so they reach the table scans. */
    @Override protected SqlToRelConverter getSqlToRelConverter(SqlValidator validator,
        Prepare.CatalogReader reader, SqlToRelConverter.Config config) {
      return super.getSqlToRelConverter(validator, reader,
          config.withHintStrategyTable(SorrelHints.TABLE));
    }
  }

  /** A parser that returns a statement already parsed from the same text. */
  private static final class ParsedStatement extends SorrelSqlParserImpl {
    private final SqlNode statement;

    ParsedStatement(Reader reader, SqlNode statement) {
      super(reader);
      this.statement = statement;
    }

    @Override public SqlNode parseSqlStmtEof() {
      return statement;
    }
  }
}
