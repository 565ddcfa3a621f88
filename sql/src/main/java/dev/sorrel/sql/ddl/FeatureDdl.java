package dev.sorrel.sql.ddl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.schema.impl.ViewTableMacro;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.ddl.SqlColumnDeclaration;
import org.apache.calcite.sql.ddl.SqlKeyConstraint;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.EntityDef;
import dev.sorrel.engine.catalog.FeatureViewDef;
import dev.sorrel.engine.feature.FeatureView;
import dev.sorrel.sql.SorrelParserFactory;
import dev.sorrel.sql.SorrelViews;
import dev.sorrel.sql.copy.NestedQuery;
import dev.sorrel.sql.parser.SorrelSqlDialect;
import dev.sorrel.sql.parser.SqlAlterFeatureView;
import dev.sorrel.sql.parser.SqlColumnComment;
import dev.sorrel.sql.parser.SqlCreateEntity;
import dev.sorrel.sql.parser.SqlCreateFeatureView;
import dev.sorrel.sql.parser.SqlDropFeatureObject;
import dev.sorrel.sql.parser.SqlRefreshFeatureView;
import dev.sorrel.sql.runtime.TransactionState;
import dev.sorrel.sql.schema.SorrelSchema;
import dev.sorrel.sql.schema.SqlTypes;
import dev.sorrel.storage.ValueType;

/**
 * The meaning of the feature statements: {@code CREATE/DROP ENTITY},
 * {@code CREATE/ALTER/DROP FEATURE VIEW} and {@code REFRESH FEATURE VIEW},
 * each one transaction against the engine catalog.
 */
public final class FeatureDdl {
  private FeatureDdl() {
  }

  static void createEntity(Database database, SqlCreateEntity create,
      CalcitePrepare.Context context) {
    final String name = SorrelDdlExecutor.objectName(create.name);
    if (create.getReplace()) {
      throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED, create.getParserPosition(),
          "CREATE OR REPLACE ENTITY is not supported; drop the entity first");
    }
    if (database.catalog().entity(name) != null && create.ifNotExists) {
      return;
    }
    final List<ColumnDef> keys = new ArrayList<>();
    for (SqlNode element : create.columns) {
      if (element instanceof SqlColumnDeclaration column) {
        keys.add(SorrelDdlExecutor.column(column, true, context));
      } else if (!(element instanceof SqlKeyConstraint)) {
        throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED,
            element.getParserPosition(), "unsupported entity element: " + element);
      }
      // A PRIMARY KEY constraint says nothing new: every column of an entity is its key.
    }
    final String comment = text(create.comment);
    try {
      Conditional.ddl(TransactionState.of(context), database, "CREATE ENTITY",
          create.ifNotExists, () -> database.catalog().entity(name) != null,
          tx -> database.catalog().createEntity(tx, name, keys, comment));
    } catch (SorrelException e) {
      throw positioned(e, create.name);
    }
  }

  static void createFeatureView(Database database, SqlCreateFeatureView create,
      CalcitePrepare.Context context) {
    final String name = SorrelDdlExecutor.objectName(create.name);
    if (create.getReplace()) {
      throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED, create.getParserPosition(),
          "CREATE OR REPLACE FEATURE VIEW is not supported; use ALTER FEATURE VIEW, or drop"
              + " and create it");
    }
    if (database.catalog().featureView(name) != null && create.ifNotExists) {
      return;
    }
    final String entityName = create.entity.getSimple();
    final EntityDef entity = database.catalog().entity(entityName);
    if (entity == null) {
      throw new PositionedException(ErrorCode.OBJECT_NOT_FOUND,
          create.entity.getParserPosition(), "entity " + entityName + " does not exist"
              + known(" (entities: ", database.catalog().entities().stream()
                  .map(EntityDef::name).toList(), ")"));
    }
    final Long ttl = create.ttl == null ? null : ttlMillis(create.ttl);
    final Map<String, String> tags = new LinkedHashMap<>(ModelDdl.options(create.options));
    final String owner = tags.remove("owner");
    final List<ColumnDef> features;
    String query = null;
    List<String> schemaPath = null;
    List<String> sources = null;
    if (create.query != null) {
      if (create.features != null) {
        throw new PositionedException(ErrorCode.SYNTAX_ERROR,
            create.features.getParserPosition(), "a feature view defined AS a query takes its"
                + " features from the query; leave out the column list");
      }
      rejectHints(create.query);
      query = SorrelSqlDialect.sql(create.query);
      schemaPath = List.of(SorrelSchema.NAME);
      features = derivedFeatures(context, name, entity, query, schemaPath, create.query);
      sources = new ArrayList<>(sources(create.query));
    } else {
      if (create.features == null) {
        throw new PositionedException(ErrorCode.SYNTAX_ERROR, create.name.getParserPosition(),
            "feature view " + name + " needs its features: (name type, ...) or AS query");
      }
      features = new ArrayList<>();
      for (SqlNode element : create.features) {
        if (element instanceof SqlColumnComment) {
          throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED,
              element.getParserPosition(), "a feature's comment is set after CREATE FEATURE"
                  + " VIEW, with COMMENT ON COLUMN " + name + ".<feature> IS '...'");
        }
        if (!(element instanceof SqlColumnDeclaration column)) {
          throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED,
              element.getParserPosition(), "a feature view has no constraints: its key is"
                  + " the entity key, the event time and the write time");
        }
        features.add(feature(column, context));
      }
    }
    final FeatureViewDef draft = new FeatureViewDef(name, entity.name(), features, ttl,
        text(create.comment), owner, tags, 0, null, query, schemaPath, sources, null, null, 0,
        0);
    try {
      Conditional.ddl(TransactionState.of(context), database, "CREATE FEATURE VIEW",
          create.ifNotExists, () -> database.catalog().featureView(name) != null,
          tx -> database.catalog().createFeatureView(tx, draft));
    } catch (SorrelException e) {
      throw positioned(e, create.name);
    }
  }

  /**
   * Checks a derived view's query (it must produce the entity key columns
   * and EVENT_TIMESTAMP) and returns the features: its other columns.
   */
  private static List<ColumnDef> derivedFeatures(CalcitePrepare.Context context, String name,
      EntityDef entity, String query, List<String> schemaPath, SqlNode at) {
    final CalciteSchema root = context.getRootSchema();
    final ViewTableMacro macro = SorrelViews.macro(root,
        SorrelDdlExecutor.schema(context).config(), query, schemaPath,
        List.of(SorrelSchema.NAME, name));
    final RelDataType rowType = macro.apply(List.of()).getRowType(context.getTypeFactory());
    final Set<String> required = new LinkedHashSet<>();
    for (ColumnDef key : entity.keyColumns()) {
      required.add(key.name());
    }
    required.add(FeatureViewDef.EVENT_TIMESTAMP);
    final List<ColumnDef> features = new ArrayList<>();
    for (RelDataTypeField field : rowType.getFieldList()) {
      final ValueType type;
      try {
        type = SqlTypes.valueType(field.getType().getSqlTypeName(),
            field.getType().getSqlTypeName().getName());
      } catch (SorrelException e) {
        throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED, at.getParserPosition(),
            "column " + field.getName() + " of the query has type " + field.getType()
                + ", which a feature view cannot store");
      }
      if (required.remove(field.getName())) {
        if (field.getName().equals(FeatureViewDef.EVENT_TIMESTAMP)
            && type != ValueType.TIMESTAMP) {
          throw new PositionedException(ErrorCode.TYPE_MISMATCH, at.getParserPosition(),
              "EVENT_TIMESTAMP of the query must be a TIMESTAMP, not " + field.getType());
        }
        continue;
      }
      if (field.getName().equals(FeatureViewDef.CREATED_TIMESTAMP)) {
        continue;
      }
      final int precision = type == ValueType.DECIMAL ? field.getType().getPrecision() : -1;
      final int scale = type == ValueType.DECIMAL ? Math.max(field.getType().getScale(), 0) : 0;
      features.add(new ColumnDef(field.getName(), type, precision, scale, true, null));
    }
    if (!required.isEmpty()) {
      throw new PositionedException(ErrorCode.COLUMN_NOT_FOUND, at.getParserPosition(),
          "the query of feature view " + name + " must return column(s) "
              + String.join(", ", required) + " (the key of entity " + entity.name()
              + " and the event time)");
    }
    if (features.isEmpty()) {
      throw new PositionedException(ErrorCode.INVALID_DEFINITION, at.getParserPosition(),
          "the query of feature view " + name + " returns no feature columns");
    }
    return features;
  }

  /**
   * A feature column: nullable (a value may be unknown) and without a
   * default (a missing value is unknown, not a made-up one).
   */
  private static ColumnDef feature(SqlColumnDeclaration column, CalcitePrepare.Context context) {
    if (column.expression != null) {
      throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED,
          column.expression.getParserPosition(), "feature " + column.name.getSimple()
              + " cannot have a default: a value that was not written is unknown (NULL)");
    }
    if (Boolean.FALSE.equals(column.dataType.getNullable())) {
      throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED,
          column.getParserPosition(), "feature " + column.name.getSimple()
              + " cannot be NOT NULL: every feature may be unknown for an entity");
    }
    return SorrelDdlExecutor.column(column, false, context);
  }

  /**
   * Hints are not kept in a stored query (its text is regenerated from the
   * parse tree), so a derived view's query must not rely on one.
   */
  private static void rejectHints(SqlNode query) {
    query.accept(new org.apache.calcite.sql.util.SqlShuttle() {
      @Override public SqlNode visit(SqlCall call) {
        if (call.getKind() == SqlKind.TABLE_REF) {
          throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED,
              call.getParserPosition(), "hints such as KNOWN_AT are not supported in the query"
                  + " of a feature view yet");
        }
        return super.visit(call);
      }
    });
  }

  /** The tables and views a query reads, by name, in order of appearance. */
  private static Set<String> sources(SqlNode query) {
    final Set<String> names = new LinkedHashSet<>();
    final Set<String> withNames = new LinkedHashSet<>();
    collectSources(query, names, withNames);
    names.removeAll(withNames);
    return names;
  }

  private static void collectSources(SqlNode node, Set<String> names, Set<String> withNames) {
    if (node == null) {
      return;
    }
    if (node instanceof SqlSelect select) {
      collectFrom(select.getFrom(), names, withNames);
      for (SqlNode operand : select.getOperandList()) {
        if (operand != select.getFrom()) {
          collectSources(operand, names, withNames);
        }
      }
    } else if (node instanceof SqlOrderBy orderBy) {
      collectSources(orderBy.query, names, withNames);
    } else if (node instanceof SqlWith with) {
      for (SqlNode item : with.withList) {
        final SqlWithItem withItem = (SqlWithItem) item;
        withNames.add(withItem.name.getSimple());
        collectSources(withItem.query, names, withNames);
      }
      collectSources(with.body, names, withNames);
    } else if (node instanceof SqlNodeList list) {
      for (SqlNode item : list) {
        collectSources(item, names, withNames);
      }
    } else if (node instanceof SqlCall call) {
      for (SqlNode operand : call.getOperandList()) {
        collectSources(operand, names, withNames);
      }
    }
  }

  private static void collectFrom(SqlNode from, Set<String> names, Set<String> withNames) {
    if (from == null) {
      return;
    }
    if (from instanceof SqlIdentifier id) {
      names.add(id.names.get(id.names.size() - 1));
    } else if (from instanceof SqlJoin join) {
      collectFrom(join.getLeft(), names, withNames);
      collectFrom(join.getRight(), names, withNames);
      collectSources(join.getCondition(), names, withNames);
    } else if (from instanceof SqlBasicCall call && call.getKind() == SqlKind.AS) {
      collectFrom(call.operand(0), names, withNames);
    } else {
      collectSources(from, names, withNames);
    }
  }

  static void drop(Database database, TransactionState transactions,
      SqlDropFeatureObject drop) {
    final String name = SorrelDdlExecutor.objectName(drop.name);
    final boolean entity = drop.kind == SqlDropFeatureObject.Kind.ENTITY;
    try {
      Conditional.ddl(transactions, database, "DROP " + (entity ? "ENTITY" : "FEATURE VIEW"),
          drop.ifExists, () -> entity ? database.catalog().entity(name) == null
              : database.catalog().featureView(name) == null, tx -> {
        if (drop.kind == SqlDropFeatureObject.Kind.ENTITY) {
          database.catalog().dropEntity(tx, name);
        } else {
          database.catalog().dropFeatureView(tx, name);
        }
        return null;
      });
    } catch (SorrelException e) {
      throw positioned(e, drop.name);
    }
  }

  static void alter(Database database, SqlAlterFeatureView alter,
      CalcitePrepare.Context context) {
    final String name = SorrelDdlExecutor.objectName(alter.name);
    if (alter.action == SqlAlterFeatureView.Action.COMPACT) {
      compact(database, alter, name);
      return;
    }
    try {
      TransactionState.ddl(TransactionState.of(context), database, "ALTER FEATURE VIEW", tx -> {
        switch (alter.action) {
        case ADD_COLUMN -> {
          if (!(alter.column instanceof SqlColumnDeclaration column)) {
            throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED,
                alter.column.getParserPosition(), "ALTER FEATURE VIEW ... ADD takes a column");
          }
          if (database.catalog().featureView(name) != null
              && database.catalog().featureView(name).def().isDerived()) {
            throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED,
                alter.column.getParserPosition(), "feature view " + name + " takes its"
                    + " columns from its query; drop and create it with the new query");
          }
          database.catalog().addFeature(tx, name, feature(column, context));
        }
        case SET_TTL -> database.catalog().setTtl(tx, name, ttlMillis(alter.value));
        case DROP_TTL -> database.catalog().setTtl(tx, name, null);
        case SET_COMMENT -> database.catalog().setComment(tx, name, text(alter.value));
        }
        return null;
      });
    } catch (SorrelException e) {
      throw positioned(e, alter.name);
    }
  }

  /**
   * Compacts a view's history and online rows in RocksDB and rewrites its
   * history segment (what point-in-time joins search), from committed data;
   * no transaction, nothing to roll back.
   */
  private static void compact(Database database, SqlAlterFeatureView alter, String name) {
    final FeatureView view = database.catalog().featureView(name);
    if (view == null) {
      throw new PositionedException(ErrorCode.OBJECT_NOT_FOUND, alter.name.getParserPosition(),
          "feature view " + name + " does not exist");
    }
    try {
      view.history().compact();
      // Written already unless it failed: then this says why.
      database.segments().build(view);
    } catch (SorrelException e) {
      throw positioned(e, alter.name);
    }
  }

  /**
   * Refills a derived feature view from its query, in one transaction: a
   * full refresh replaces every row; an incremental one appends the query's
   * rows with an event time after the newest one loaded before (rows that
   * arrive late with an older event time need a full refresh).
   *
   * <p>The rows are written by {@code INSERT INTO view (...) SELECT ... FROM (query) AS Q
   * [WHERE Q.EVENT_TIMESTAMP > ?]}, built as a tree from the stored query with the watermark a
   * parameter, and run through {@code queries} like any statement (so its plan is cached
   * across refreshes).
   *
   * @return the number of rows loaded
   */
  public static long refresh(Database database, TransactionState transactions,
      SqlRefreshFeatureView refresh, NestedQuery queries) {
    if (transactions != null) {
      transactions.checkNoBlock("REFRESH FEATURE VIEW");
    }
    // With autocommit off, a REFRESH that is its transaction's first statement
    // commits on its own, as DDL does (a later statement would be refused above).
    final boolean commitsAlone = transactions != null && transactions.inTransactionBlock();
    final long rows;
    try {
      rows = refreshRows(database, transactions, refresh, queries);
    } catch (RuntimeException | Error e) {
      if (commitsAlone) {
        transactions.rollback();
      }
      throw e;
    }
    if (commitsAlone) {
      transactions.commit();
    }
    return rows;
  }

  private static long refreshRows(Database database, TransactionState transactions,
      SqlRefreshFeatureView refresh, NestedQuery queries) {
    final String name = SorrelDdlExecutor.objectName(refresh.name);
    final FeatureView view = database.catalog().featureView(name);
    if (view == null) {
      throw new PositionedException(ErrorCode.OBJECT_NOT_FOUND,
          refresh.name.getParserPosition(), "feature view " + name + " does not exist");
    }
    final FeatureViewDef def = view.def();
    if (!def.isDerived()) {
      throw new PositionedException(ErrorCode.WRONG_OBJECT_TYPE,
          refresh.name.getParserPosition(), "feature view " + name + " is not defined by a"
              + " query; it is filled by INSERT and COPY, not REFRESH");
    }
    final Long watermark = refresh.incremental ? def.watermark() : null;
    final Object[] parameters = watermark == null ? new Object[0] : new Object[] {watermark};
    final long now = System.currentTimeMillis();
    return TransactionState.inTransaction(transactions, database, () -> {
      try {
        // The query's own write times, if it has them, else the refresh stamps them.
        final Set<String> produced = new java.util.HashSet<>(
            queries.prepare(def.query()).rowType().getFieldNames());
        final SqlNodeList columns = new SqlNodeList(SqlParserPos.ZERO);
        for (ColumnDef column : view.history().columns()) {
          if (produced.contains(column.name())) {
            columns.add(new SqlIdentifier(column.name(), SqlParserPos.ZERO));
          }
        }
        Long newest = watermark;
        final SqlNode max = SqlStdOperatorTable.MAX.createCall(SqlParserPos.ZERO, eventTime());
        try (NestedQuery.Rows rows = queries.prepare(SorrelSqlDialect.sql(
            select(SqlNodeList.of(max), def.query(), watermark != null))).run(parameters)) {
          final Object loaded = rows.next() ? rows.row()[0] : null;
          if (loaded != null) {
            newest = newest == null ? (Long) loaded : Math.max(newest, (Long) loaded);
          }
        }
        if (!refresh.incremental) {
          final FeatureView current = database.catalog().featureView(name);
          TransactionState.write(transactions, database, tx -> {
            current.truncate(tx);
            return null;
          });
        }
        final SqlInsert insert = new SqlInsert(SqlParserPos.ZERO, SqlNodeList.EMPTY,
            new SqlIdentifier(name, SqlParserPos.ZERO),
            select(columns, def.query(), watermark != null), columns);
        final long rows;
        try (NestedQuery.Rows count = queries.prepare(SorrelSqlDialect.sql(insert))
            .run(parameters)) {
          count.next();
          rows = ((Number) count.row()[0]).longValue();
        }
        final Long recorded = newest;
        TransactionState.write(transactions, database, tx -> {
          database.catalog().recordRefresh(tx, name, now, recorded);
          return null;
        });
        return rows;
      } catch (SorrelException e) {
        throw new SorrelException(e.code(), "REFRESH FEATURE VIEW " + name + " failed: "
            + e.getMessage(), e);
      }
    });
  }

  /** The alias of a derived view's query in the statements REFRESH runs. */
  private static final String SOURCE_ALIAS = "Q";

  /**
   * {@code SELECT items FROM (query) AS Q}, with {@code WHERE Q.EVENT_TIMESTAMP > ?} if
   * {@code afterWatermark}.
   */
  private static SqlSelect select(SqlNodeList items, String query, boolean afterWatermark) {
    final SqlNode source = SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO,
        parseQuery(query), new SqlIdentifier(SOURCE_ALIAS, SqlParserPos.ZERO));
    final SqlNode where = afterWatermark
        ? SqlStdOperatorTable.GREATER_THAN.createCall(SqlParserPos.ZERO, eventTime(),
            new SqlDynamicParam(0, SqlParserPos.ZERO))
        : null;
    return new SqlSelect(SqlParserPos.ZERO, null, items, source, where, null, null, null, null,
        null, null, null, null);
  }

  private static SqlIdentifier eventTime() {
    return new SqlIdentifier(List.of(SOURCE_ALIAS, FeatureViewDef.EVENT_TIMESTAMP),
        SqlParserPos.ZERO);
  }

  /** Parses a derived view's stored query (written by {@link SorrelSqlDialect}). */
  private static SqlNode parseQuery(String query) {
    try {
      return SqlParser.create(query, SqlParser.config()
          .withParserFactory(SorrelParserFactory.INSTANCE)).parseQuery();
    } catch (SqlParseException e) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "the stored query of a feature view"
          + " does not parse: " + e.getMessage(), e);
    }
  }

  private static long ttlMillis(SqlNode node) {
    final SqlIntervalLiteral literal = (SqlIntervalLiteral) node;
    if (literal.getTypeName().getFamily() != org.apache.calcite.sql.type.SqlTypeFamily
        .INTERVAL_DAY_TIME) {
      throw new PositionedException(ErrorCode.INVALID_DEFINITION, node.getParserPosition(),
          "a TTL is a day-time interval (e.g. INTERVAL '1' DAY or INTERVAL '30' MINUTE);"
              + " months and years have no fixed length");
    }
    final long millis = literal.getValueAs(Long.class);
    if (millis <= 0) {
      throw new PositionedException(ErrorCode.INVALID_DEFINITION, node.getParserPosition(),
          "a TTL must be positive");
    }
    return millis;
  }

  private static String text(SqlNode literal) {
    return literal == null ? null : ((SqlLiteral) literal).getValueAs(String.class);
  }

  private static String known(String before, List<String> names, String after) {
    return names.isEmpty() ? "" : before + String.join(", ", names) + after;
  }

  private static SorrelException positioned(SorrelException e, SqlNode node) {
    return e instanceof PositionedException ? e
        : new PositionedException(e.code(), node.getParserPosition(), e.getMessage());
  }
}
