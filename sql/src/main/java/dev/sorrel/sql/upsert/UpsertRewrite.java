package dev.sorrel.sql.upsert;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlTableRef;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlShuttle;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.IndexDef;
import dev.sorrel.engine.feature.FeatureView;
import dev.sorrel.engine.table.RowMerge;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.ddl.PositionedException;
import dev.sorrel.sql.parser.SqlInsertOnConflict;
import dev.sorrel.sql.parser.SqlMergeClause;
import dev.sorrel.sql.parser.SqlMergeStatement;
import dev.sorrel.sql.schema.OnlineSchema;
import dev.sorrel.sql.schema.SorrelSchema;
import dev.sorrel.sql.schema.SqlTypes;

/**
 * Turns an upsert ({@code MERGE} or {@code INSERT ... ON CONFLICT}) into one
 * query that Calcite validates and plans as any other, plus the
 * {@link UpsertPlan} that applies its rows. The query joins the proposed rows
 * to the target table (a LEFT JOIN, so rows without a match stay) and returns,
 * for each, the stored row it matched, which clause applies and the values
 * that clause writes; the engine then writes them in one transaction. The
 * user's expressions keep their positions, so errors in them point into the
 * statement as written.
 *
 * <p>{@code INSERT ... ON CONFLICT (k) DO UPDATE SET ... WHERE c} is the
 * merge of its proposed rows (named {@code EXCLUDED}, with defaults filled
 * in) into the table on the conflict target's columns: {@code WHEN MATCHED
 * AND c THEN UPDATE} (or {@code DO NOTHING}), {@code WHEN NOT MATCHED THEN
 * INSERT}. The conflict target ({@link #conflictColumns}) is the primary
 * key or a unique index, as in PostgreSQL.
 */
public final class UpsertRewrite {
  /** The name PostgreSQL gives the proposed row in {@code DO UPDATE}. */
  static final String EXCLUDED = "EXCLUDED";
  private static final String SOURCE = "$SOURCE";
  private static final String MATCHED = "$MATCHED";
  private static final SqlParserPos ZERO = SqlParserPos.ZERO;

  private final Database database;
  private final RelDataTypeFactory typeFactory;
  private final List<SqlNode> selectList = new ArrayList<>();
  private final List<UpsertPlan.Clause> clauses = new ArrayList<>();
  private final SqlNodeList whens = new SqlNodeList(ZERO);
  private final SqlNodeList thens = new SqlNodeList(ZERO);
  /** The columns on which rows conflict; the primary key's unless ON CONFLICT names others. */
  private int[] conflict;

  /** A rewritten statement: the query to plan and how its rows are applied. */
  public record Rewritten(SqlSelect query, UpsertPlan plan) {
  }

  private UpsertRewrite(Database database, RelDataTypeFactory typeFactory) {
    this.database = database;
    this.typeFactory = typeFactory;
  }

  /** Whether {@code node} is an upsert this class rewrites. */
  public static boolean handles(SqlNode node) {
    return node instanceof SqlInsertOnConflict || node instanceof SqlMergeStatement;
  }

  /** Rewrites an upsert; throws a positioned error for a mistake found before validation. */
  public static Rewritten rewrite(SqlNode node, Database database,
      RelDataTypeFactory typeFactory) {
    final UpsertRewrite rewrite = new UpsertRewrite(database, typeFactory);
    return node instanceof SqlInsertOnConflict insert ? rewrite.onConflict(insert)
        : rewrite.merge((SqlMergeStatement) node);
  }

  /**
   * The indexes of the dynamic parameters of {@code query} in the order a
   * depth-first walk meets them, the order Calcite lists a statement's
   * parameter types in. The rewrite moves the user's expressions around, so
   * that order is no longer the order of the parameters in the text.
   */
  public static int[] parameterOrder(SqlNode query) {
    final List<Integer> order = new ArrayList<>();
    final java.util.Set<SqlNode> seen = new java.util.HashSet<>();
    query.accept(new SqlShuttle() {
      @Override public SqlNode visit(org.apache.calcite.sql.SqlDynamicParam param) {
        if (seen.add(param)) {
          order.add(param.getIndex());
        }
        return param;
      }
    });
    return order.stream().mapToInt(Integer::intValue).toArray();
  }

  // ------------------------------------------------------------ ON CONFLICT

  private Rewritten onConflict(SqlInsertOnConflict call) {
    final SqlInsert insert = call.insert;
    final SqlNode targetRef = insert.getTargetTable();
    final Table table = table(targetRef);
    final String alias = call.alias != null ? call.alias.getSimple() : name(targetRef);
    final int[] key = conflictColumns(table, call);
    conflict = key;
    if (call.update && call.conflictColumns == null && call.constraint == null) {
      throw error(ErrorCode.SYNTAX_ERROR, call.conflictPos, "ON CONFLICT DO UPDATE needs a"
          + " conflict target: ON CONFLICT (" + columnNames(table, key) + ") DO UPDATE ...");
    }
    final SqlNode excluded = proposedRows(table, insert);
    final SqlNode target = call.alias != null ? as(targetRef, alias) : targetRef;
    SqlNode on = null;
    for (int k : key) {
      final String column = table.columns().get(k).name();
      on = and(on, SqlStdOperatorTable.EQUALS.createCall(ZERO, id(alias, column),
          id(EXCLUDED, column)));
    }
    final SqlNode from = new SqlJoin(ZERO, excluded, SqlLiteral.createBoolean(false, ZERO),
        JoinType.LEFT.symbol(ZERO), target, JoinConditionType.ON.symbol(ZERO), on);
    storedRow(table, alias);
    // The join matches on equal conflict columns, so a matched stored row has no NULL there.
    final SqlNode matched = SqlStdOperatorTable.IS_NOT_NULL.createCall(ZERO,
        id(alias, table.columns().get(key[0]).name()));
    final java.util.Set<String> columnNames = new java.util.HashSet<>();
    for (ColumnDef column : table.columns()) {
      columnNames.add(column.name());
    }
    final SqlShuttle qualify = new Qualifier(alias, columnNames);
    if (call.update) {
      final SqlNodeList values = new SqlNodeList(ZERO);
      for (SqlNode value : call.expressions) {
        values.add(value.accept(qualify));
      }
      final SqlNode where = call.where == null ? null : call.where.accept(qualify);
      addUpdate(table, matched, where, call.targetColumns, values);
    } else {
      addClause(SqlMergeClause.Action.NOTHING, matched, new int[0]);
    }
    final SqlNodeList row = new SqlNodeList(ZERO);
    for (ColumnDef column : table.columns()) {
      row.add(id(EXCLUDED, column.name()));
    }
    addInsert(table, not(matched), null, row, allColumns(table));
    // Without a target, DO NOTHING skips a conflict on any unique constraint (PostgreSQL).
    final boolean anyConflict = call.conflictColumns == null && call.constraint == null;
    return finish(table, "INSERT ... ON CONFLICT" + (call.update ? " DO UPDATE" : ""),
        call.update ? RowMerge.SecondProposal.FAIL
            : anyConflict ? RowMerge.SecondProposal.SKIP_ANY : RowMerge.SecondProposal.SKIP,
        from);
  }

  /**
   * The columns whose equality makes a proposed row conflict with a stored
   * one, as PostgreSQL resolves a conflict target: the primary key's or a
   * unique index's, named by its columns (in any order) or by its constraint
   * name (the primary key's is {@code <table>_pkey}, a unique index's its
   * own); without a target, the primary key's, else the first unique index's.
   */
  private static int[] conflictColumns(Table table, SqlInsertOnConflict call) {
    final List<int[]> unique = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    if (table.keyColumns().length > 0) {
      unique.add(table.keyColumns());
      names.add(table.name() + "_pkey");
    }
    for (IndexDef index : table.indexes()) {
      if (index.unique()) {
        unique.add(index.columns().stream().mapToInt(Integer::intValue).toArray());
        names.add(index.name());
      }
    }
    if (unique.isEmpty()) {
      throw error(ErrorCode.INVALID_COLUMN_REFERENCE, call.conflictPos, "ON CONFLICT needs a"
          + " primary key or a unique constraint to find conflicting rows, and table "
          + table.name() + " has none");
    }
    if (call.constraint != null) {
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).equalsIgnoreCase(call.constraint.getSimple())) {
          return unique.get(i);
        }
      }
      throw error(ErrorCode.UNDEFINED_OBJECT, call.constraint.getParserPosition(),
          "constraint " + call.constraint.getSimple() + " for table " + table.name()
              + " does not exist; its unique constraints are " + String.join(", ", names));
    }
    if (call.conflictColumns == null) {
      return unique.get(0);
    }
    final java.util.Set<Integer> named = new java.util.TreeSet<>();
    for (SqlNode column : call.conflictColumns) {
      named.add(column(table, (SqlIdentifier) column));
    }
    final List<String> described = new ArrayList<>();
    for (int[] key : unique) {
      final java.util.Set<Integer> columns = new java.util.TreeSet<>();
      for (int k : key) {
        columns.add(k);
      }
      if (named.equals(columns)) {
        return key;
      }
      described.add("(" + columnNames(table, key) + ")");
    }
    throw error(ErrorCode.INVALID_COLUMN_REFERENCE, call.conflictColumns.getParserPosition(),
        "there is no unique constraint matching the ON CONFLICT specification; the unique"
            + " constraints of " + table.name() + " are on " + String.join(", ", described));
  }

  /**
   * The INSERT's rows as a full row of the table each, named {@code EXCLUDED}:
   * listed columns cast to their column's type, the others their default or NULL.
   */
  private SqlNode proposedRows(Table table, SqlInsert insert) {
    final List<ColumnDef> columns = table.columns();
    final List<Integer> listed = new ArrayList<>();
    if (insert.getTargetColumnList() == null) {
      for (int i = 0; i < columns.size(); i++) {
        listed.add(i);
      }
    } else {
      for (SqlNode column : insert.getTargetColumnList()) {
        final int ordinal = column(table, (SqlIdentifier) column);
        if (listed.contains(ordinal)) {
          throw error(ErrorCode.SYNTAX_ERROR, column.getParserPosition(), "column "
              + columns.get(ordinal).name() + " is specified more than once");
        }
        listed.add(ordinal);
      }
    }
    SqlNode source = insert.getSource();
    if (source.getKind() == SqlKind.VALUES) {
      // Typed where they stand: a NULL or a parameter in a VALUES in FROM
      // needs a type, which only its column gives.
      for (SqlNode rowNode : ((SqlCall) source).getOperandList()) {
        final SqlCall row = (SqlCall) rowNode;
        if (row.operandCount() != listed.size()) {
          throw error(ErrorCode.SYNTAX_ERROR, row.getParserPosition(), "INSERT has "
              + (row.operandCount() > listed.size() ? "more" : "fewer")
              + " expressions than target columns");
        }
        for (int i = 0; i < row.operandCount(); i++) {
          final ColumnDef column = columns.get(listed.get(i));
          row.setOperand(i, cast(orDefault(row.operand(i), column), column));
        }
      }
    }
    final List<SqlNode> sourceAs = new ArrayList<>();
    sourceAs.add(source);
    sourceAs.add(new SqlIdentifier(SOURCE, ZERO));
    for (int ordinal : listed) {
      sourceAs.add(new SqlIdentifier(columns.get(ordinal).name(), ZERO));
    }
    final SqlNode from = SqlStdOperatorTable.AS.createCall(ZERO, sourceAs);
    final SqlNodeList select = new SqlNodeList(ZERO);
    for (int i = 0; i < columns.size(); i++) {
      final ColumnDef column = columns.get(i);
      final SqlNode value = listed.contains(i) ? id(SOURCE, column.name())
          : defaultValue(column);
      select.add(as(cast(value, column), column.name()));
    }
    final SqlSelect rows = new SqlSelect(ZERO, null, select, from, null, null, null, null,
        null, null, null, null, null);
    return as(rows, EXCLUDED);
  }

  // ------------------------------------------------------------ MERGE

  private Rewritten merge(SqlMergeStatement call) {
    final Table table = table(call.target);
    final String alias = call.alias != null ? call.alias.getSimple() : name(call.target);
    final SqlNode matched;
    final SqlNode target;
    if (table.keyColumns().length > 0) {
      // A key column is never NULL in a stored row, so it tells matched rows.
      target = as(call.target, alias);
      matched = SqlStdOperatorTable.IS_NOT_NULL.createCall(ZERO,
          id(alias, table.columns().get(table.keyColumns()[0]).name()));
    } else {
      final SqlNodeList star = new SqlNodeList(ZERO);
      star.add(as(SqlLiteral.createBoolean(true, ZERO), MATCHED));
      star.add(SqlIdentifier.star(ZERO));
      target = as(new SqlSelect(ZERO, null, star, call.target, null, null, null, null, null,
          null, null, null, null), alias);
      matched = SqlStdOperatorTable.IS_NOT_NULL.createCall(ZERO, id(alias, MATCHED));
    }
    boolean insertClause = false;
    for (SqlNode node : call.clauses) {
      insertClause |= !((SqlMergeClause) node).matched;
    }
    final SqlNode from = new SqlJoin(ZERO, call.source, SqlLiteral.createBoolean(false, ZERO),
        (insertClause ? JoinType.LEFT : JoinType.INNER).symbol(ZERO), target,
        JoinConditionType.ON.symbol(ZERO), call.condition);
    storedRow(table, alias);
    for (SqlNode node : call.clauses) {
      final SqlMergeClause clause = (SqlMergeClause) node;
      if (clause.matched && clause.action == SqlMergeClause.Action.INSERT) {
        throw error(ErrorCode.SYNTAX_ERROR, clause.getParserPosition(),
            "WHEN MATCHED cannot INSERT; use WHEN NOT MATCHED THEN INSERT");
      }
      if (!clause.matched && (clause.action == SqlMergeClause.Action.UPDATE
          || clause.action == SqlMergeClause.Action.DELETE)) {
        throw error(ErrorCode.SYNTAX_ERROR, clause.getParserPosition(),
            "WHEN NOT MATCHED can only INSERT or DO NOTHING: there is no target row to "
                + clause.action.name().toLowerCase(Locale.ROOT));
      }
      final SqlNode applies = clause.matched ? SqlNode.clone(matched) : not(matched);
      switch (clause.action) {
      case UPDATE:
        addUpdate(table, applies, clause.condition, clause.columns, clause.values);
        break;
      case DELETE:
      case NOTHING:
        addClause(clause.action, and(applies, clause.condition), new int[0]);
        break;
      case INSERT: {
        final int[] columns;
        if (clause.columns == null) {
          columns = allColumns(table);
        } else {
          columns = new int[clause.columns.size()];
          for (int i = 0; i < columns.length; i++) {
            columns[i] = column(table, (SqlIdentifier) clause.columns.get(i));
          }
        }
        if (columns.length != clause.values.size()) {
          throw error(ErrorCode.SYNTAX_ERROR, clause.getParserPosition(), "INSERT has "
              + (clause.values.size() > columns.length ? "more" : "fewer")
              + " expressions than target columns");
        }
        addInsert(table, applies, clause.condition, clause.values, columns);
        break;
      }
      }
    }
    return finish(table, "MERGE", RowMerge.SecondProposal.INSERT, from);
  }

  // ------------------------------------------------------------ shared

  /** The stored row's columns come first in each row. */
  private void storedRow(Table table, String alias) {
    for (ColumnDef column : table.columns()) {
      selectList.add(id(alias, column.name()));
    }
    selectList.add(null); // the clause number, filled in by finish
  }

  private void addUpdate(Table table, SqlNode applies, @Nullable SqlNode condition,
      SqlNodeList targets, SqlNodeList values) {
    final int[] columns = new int[targets.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = column(table, (SqlIdentifier) targets.get(i));
      for (int j = 0; j < i; j++) {
        if (columns[j] == columns[i]) {
          throw error(ErrorCode.SYNTAX_ERROR, targets.get(i).getParserPosition(), "column "
              + table.columns().get(columns[i]).name() + " is assigned more than once");
        }
      }
    }
    addClause(SqlMergeClause.Action.UPDATE, and(applies, condition), columns);
    for (int i = 0; i < columns.length; i++) {
      selectList.add(cast(values.get(i), table.columns().get(columns[i])));
    }
  }

  private void addInsert(Table table, SqlNode applies, @Nullable SqlNode condition,
      SqlNodeList values, int[] columns) {
    addClause(SqlMergeClause.Action.INSERT, and(applies, condition), allColumns(table));
    final List<ColumnDef> all = table.columns();
    for (int i = 0; i < all.size(); i++) {
      int given = -1;
      for (int j = 0; j < columns.length; j++) {
        if (columns[j] == i) {
          if (given >= 0) {
            throw error(ErrorCode.SYNTAX_ERROR, values.get(j).getParserPosition(), "column "
                + all.get(i).name() + " is specified more than once");
          }
          given = j;
        }
      }
      selectList.add(cast(given >= 0 ? orDefault(values.get(given), all.get(i))
          : defaultValue(all.get(i)), all.get(i)));
    }
  }

  private void addClause(SqlMergeClause.Action action, SqlNode when, int[] columns) {
    clauses.add(new UpsertPlan.Clause(action, columns, selectList.size()));
    whens.add(when);
    thens.add(SqlLiteral.createExactNumeric(Integer.toString(clauses.size()), ZERO));
  }

  private Rewritten finish(Table table, String statement, RowMerge.SecondProposal second,
      SqlNode from) {
    final int clauseColumn = table.columns().size();
    selectList.set(clauseColumn, new SqlCase(ZERO, null, whens, thens,
        SqlLiteral.createExactNumeric("0", ZERO)));
    final SqlNodeList list = new SqlNodeList(ZERO);
    for (int i = 0; i < selectList.size(); i++) {
      list.add(as(selectList.get(i), "$" + i));
    }
    final SqlSelect query = new SqlSelect(ZERO, null, list, from, null, null, null, null, null,
        null, null, null, null);
    return new Rewritten(query, new UpsertPlan(table, statement, second,
        conflict != null ? conflict : table.keyColumns(), List.copyOf(clauses)));
  }

  /** The target table; a feature view's online table or an unknown name is an error. */
  private Table table(SqlNode targetRef) {
    final SqlIdentifier id = targetRef instanceof SqlTableRef ref
        ? (SqlIdentifier) ref.operand(0) : (SqlIdentifier) targetRef;
    final String name = id.names.get(id.names.size() - 1);
    if (id.names.size() == 2 && id.names.get(0).equals(OnlineSchema.NAME)) {
      final FeatureView view = database.catalog().featureView(name);
      if (view != null) {
        throw error(ErrorCode.FEATURE_NOT_SUPPORTED, id.getParserPosition(), "online." + name
            + " is written by feature view " + name + "; insert into " + name + " instead");
      }
    }
    final Table table = id.names.size() > 2
        || (id.names.size() == 2 && !id.names.get(0).equals(SorrelSchema.NAME))
        ? null : database.catalog().table(name);
    if (table == null) {
      throw error(ErrorCode.OBJECT_NOT_FOUND, id.getParserPosition(),
          "table " + String.join(".", id.names) + " does not exist");
    }
    return table;
  }

  private static String name(SqlNode targetRef) {
    final SqlIdentifier id = targetRef instanceof SqlTableRef ref
        ? (SqlIdentifier) ref.operand(0) : (SqlIdentifier) targetRef;
    return id.names.get(id.names.size() - 1);
  }

  private static int column(Table table, SqlIdentifier id) {
    final String name = id.names.get(id.names.size() - 1);
    final int ordinal = table.def().columnIndex(name);
    if (ordinal < 0) {
      throw error(ErrorCode.COLUMN_NOT_FOUND, id.getParserPosition(),
          "column " + name + " does not exist in table " + table.name());
    }
    return ordinal;
  }

  private static int[] allColumns(Table table) {
    final int[] all = new int[table.columns().size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return all;
  }

  private static String columnNames(Table table, int[] ordinals) {
    final List<String> names = new ArrayList<>();
    for (int ordinal : ordinals) {
      names.add(table.columns().get(ordinal).name());
    }
    return String.join(", ", names);
  }

  /** A value given for a column, with the keyword DEFAULT replaced by the column's default. */
  private static SqlNode orDefault(SqlNode value, ColumnDef column) {
    return value.getKind() == SqlKind.DEFAULT ? defaultValue(column) : value;
  }

  /**
   * A column's default expression, parsed from the text the catalog keeps, or
   * NULL (an identity column's NULL becomes its next value as the row is inserted).
   */
  private static SqlNode defaultValue(ColumnDef column) {
    if (column.defaultSql() == null) {
      return SqlLiteral.createNull(ZERO);
    }
    try {
      return SqlParser.create(column.defaultSql()).parseExpression();
    } catch (SqlParseException e) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "stored default of column "
          + column.name() + " does not parse: " + column.defaultSql(), e);
    }
  }

  /**
   * Assignment to a column: a cast to the type queries see it with, which
   * types a NULL or a parameter and keeps character literals from being
   * padded to a common length. An expression with a parameter inside is left
   * as it is, because Calcite would not infer the parameter's type through
   * the cast; the engine converts its value when it writes it.
   */
  private SqlNode cast(SqlNode value, ColumnDef column) {
    if (value instanceof SqlCall && parameterOrder(value).length > 0) {
      return value;
    }
    final SqlDataTypeSpec spec = SqlTypeUtil.convertTypeToSpec(
        SqlTypes.relType(typeFactory, SqlTypes.withoutLength(column)));
    return SqlStdOperatorTable.CAST.createCall(value.getParserPosition(), value, spec);
  }

  private static SqlNode as(SqlNode node, String alias) {
    return SqlStdOperatorTable.AS.createCall(ZERO, node, new SqlIdentifier(alias, ZERO));
  }

  private static SqlIdentifier id(String qualifier, String column) {
    return new SqlIdentifier(List.of(qualifier, column), ZERO);
  }

  private static SqlNode and(@Nullable SqlNode a, @Nullable SqlNode b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : SqlStdOperatorTable.AND.createCall(ZERO, a, b);
  }

  private static SqlNode not(SqlNode matched) {
    return SqlStdOperatorTable.IS_NULL.createCall(ZERO,
        ((SqlBasicCall) matched).operand(0).clone(ZERO));
  }

  private static SorrelException error(ErrorCode code, SqlParserPos pos, String message) {
    return new PositionedException(code, pos, message);
  }

  /**
   * Qualifies a bare column name of the target with the target's name, as
   * PostgreSQL resolves names in {@code DO UPDATE}: there, {@code v} is the
   * stored row's column and the proposed row's is {@code EXCLUDED.v}.
   */
  private static final class Qualifier extends SqlShuttle {
    private final String alias;
    private final java.util.Set<String> columns;

    Qualifier(String alias, java.util.Set<String> columns) {
      this.alias = alias;
      this.columns = columns;
    }

    @Override public SqlNode visit(SqlIdentifier id) {
      if (id.isSimple() && columns.contains(id.getSimple())) {
        return new SqlIdentifier(List.of(alias, id.getSimple()), id.getParserPosition());
      }
      return id;
    }
  }
}
