package dev.sorrel.sql.identity;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlTableRef;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.ddl.PositionedException;
import dev.sorrel.sql.parser.IdentityOverride;
import dev.sorrel.sql.parser.SqlInsertOnConflict;
import dev.sorrel.sql.parser.SqlMergeClause;
import dev.sorrel.sql.parser.SqlMergeStatement;
import dev.sorrel.sql.schema.SorrelSchema;

/**
 * What a write statement may do with a table's identity column, checked on
 * the statement as parsed, where each value still has its position:
 *
 * <ul>
 *   <li>a {@code GENERATED ALWAYS} column takes no value but {@code DEFAULT}
 *       from INSERT (or MERGE's INSERT) unless the INSERT says {@code
 *       OVERRIDING SYSTEM VALUE}, and is never assigned by UPDATE: 428C9, as
 *       in PostgreSQL;
 *   <li>{@code OVERRIDING USER VALUE} drops the values given for the identity
 *       column, so each row takes the next value.
 * </ul>
 *
 * A row that leaves the column out, or gives {@code DEFAULT}, gets NULL in
 * it from the planner ({@code ColumnDefaults}), and the engine fills in the
 * next value as it inserts the row.
 */
public final class IdentityRules {
  private static final String SOURCE = "$IDENTITY_SOURCE";

  private final Database database;

  private IdentityRules(Database database) {
    this.database = database;
  }

  /**
   * Checks a statement against the identity columns of the table it writes,
   * and rewrites an {@code OVERRIDING USER VALUE} insert in place.
   *
   * @throws PositionedException 428C9 where a statement gives a value to a
   *     {@code GENERATED ALWAYS} column
   */
  public static void apply(SqlNode statement, Database database) {
    final IdentityRules rules = new IdentityRules(database);
    if (statement instanceof SqlInsert insert) {
      rules.insert(insert);
    } else if (statement instanceof SqlInsertOnConflict upsert) {
      final Table table = rules.insert(upsert.insert);
      if (table != null && upsert.update) {
        rules.assigned(table, upsert.targetColumns);
      }
    } else if (statement instanceof SqlUpdate update) {
      final Table table = rules.table(update.getTargetTable());
      if (table != null) {
        rules.assigned(table, update.getTargetColumnList());
      }
    } else if (statement instanceof SqlMergeStatement merge) {
      rules.merge(merge);
    }
  }

  /** Checks (and for USER VALUE rewrites) an INSERT; returns its table if it has an identity. */
  private @Nullable Table insert(SqlInsert insert) {
    final Table table = table(insert.getTargetTable());
    if (table == null) {
      return null;
    }
    final int identity = table.identityColumns()[0];
    final ColumnDef column = table.columns().get(identity);
    final SqlNodeList listed = insert.getTargetColumnList();
    final int position = listed == null ? identity : indexOf(listed, column.name());
    if (position < 0) {
      return table;
    }
    final SqlLiteral override = IdentityOverride.of(insert);
    final IdentityOverride kind = override == null ? null
        : override.getValueAs(IdentityOverride.class);
    final SqlNode source = insert.getSource();
    if (kind == IdentityOverride.USER_VALUE) {
      dropValues(insert, table, position);
      return table;
    }
    if (!column.identity().always()) {
      nullAsDefault(source, position);
      return table;
    }
    if (kind == IdentityOverride.SYSTEM_VALUE) {
      return table;
    }
    if (source.getKind() == SqlKind.VALUES) {
      for (SqlNode row : ((SqlCall) source).getOperandList()) {
        final List<SqlNode> values = ((SqlCall) row).getOperandList();
        if (position < values.size() && values.get(position).getKind() != SqlKind.DEFAULT) {
          throw notDefault(values.get(position).getParserPosition(), table, column, true);
        }
      }
      return table;
    }
    throw notDefault(listed == null ? source.getParserPosition()
        : listed.get(position).getParserPosition(), table, column, true);
  }

  /**
   * Turns a NULL written in a {@code BY DEFAULT} identity column of a VALUES
   * row into DEFAULT, so that the row takes the next value, as MySQL's
   * AUTO_INCREMENT and SQLite's INTEGER PRIMARY KEY do (a NULL bound to a
   * parameter there does the same as the engine inserts it).
   */
  private static void nullAsDefault(SqlNode source, int position) {
    if (source.getKind() != SqlKind.VALUES) {
      return;
    }
    for (SqlNode row : ((SqlCall) source).getOperandList()) {
      final SqlCall call = (SqlCall) row;
      if (position < call.operandCount() && SqlUtil.isNullLiteral(call.operand(position), true)) {
        call.setOperand(position, SqlStdOperatorTable.DEFAULT.createCall(
            call.operand(position).getParserPosition()));
      }
    }
  }

  /**
   * Makes each row of an INSERT take the identity column's next value: a
   * VALUES row gets DEFAULT there; a query's column goes unused.
   */
  private static void dropValues(SqlInsert insert, Table table, int position) {
    final SqlNode source = insert.getSource();
    if (source.getKind() == SqlKind.VALUES) {
      for (SqlNode row : ((SqlCall) source).getOperandList()) {
        final SqlCall call = (SqlCall) row;
        if (position < call.operandCount()) {
          call.setOperand(position, SqlStdOperatorTable.DEFAULT.createCall(
              call.operand(position).getParserPosition()));
        }
      }
      return;
    }
    final SqlParserPos pos = source.getParserPosition();
    final SqlNodeList listed = insert.getTargetColumnList();
    final int width = listed != null ? listed.size() : table.columns().size();
    final List<SqlNode> as = new ArrayList<>();
    as.add(source);
    as.add(new SqlIdentifier(SOURCE, pos));
    final SqlNodeList columns = new SqlNodeList(pos);
    final SqlNodeList select = new SqlNodeList(pos);
    for (int i = 0; i < width; i++) {
      as.add(new SqlIdentifier("$" + i, pos));
      if (i != position) {
        select.add(new SqlIdentifier(List.of(SOURCE, "$" + i), pos));
        columns.add(listed != null ? listed.get(i)
            : new SqlIdentifier(table.columns().get(i).name(), pos));
      }
    }
    insert.setOperand(2, new SqlSelect(pos, null, select,
        SqlStdOperatorTable.AS.createCall(pos, as), null, null, null, null, null, null, null,
        null, null));
    insert.setOperand(3, columns);
  }

  /** MERGE: its INSERT clauses as an INSERT without override, its UPDATE clauses as UPDATE. */
  private void merge(SqlMergeStatement merge) {
    final Table table = table(merge.target);
    if (table == null) {
      return;
    }
    final ColumnDef column = table.columns().get(table.identityColumns()[0]);
    for (SqlNode node : merge.clauses) {
      final SqlMergeClause clause = (SqlMergeClause) node;
      switch (clause.action) {
      case UPDATE:
        assigned(table, clause.columns);
        break;
      case INSERT: {
        final int position = clause.columns == null
            ? table.identityColumns()[0] : indexOf(clause.columns, column.name());
        if (position < 0 || position >= clause.values.size()) {
          break;
        }
        final SqlNode value = clause.values.get(position);
        if (column.identity().always() && value.getKind() != SqlKind.DEFAULT) {
          throw notDefault(value.getParserPosition(), table, column, false);
        }
        if (SqlUtil.isNullLiteral(value, true)) {
          clause.values.set(position,
              SqlStdOperatorTable.DEFAULT.createCall(value.getParserPosition()));
        }
        break;
      }
      case DELETE:
      case NOTHING:
        break;
      }
    }
  }

  /** Refuses an assignment to a {@code GENERATED ALWAYS} column. */
  private static void assigned(Table table, @Nullable SqlNodeList targets) {
    final ColumnDef column = table.columns().get(table.identityColumns()[0]);
    if (targets == null || !column.identity().always()) {
      return;
    }
    final int position = indexOf(targets, column.name());
    if (position >= 0) {
      throw new PositionedException(ErrorCode.GENERATED_ALWAYS,
          targets.get(position).getParserPosition(), "column " + column.name() + " of table "
              + table.name() + " is an identity column GENERATED ALWAYS: it cannot be updated");
    }
  }

  private static PositionedException notDefault(SqlParserPos pos, Table table,
      ColumnDef column, boolean canOverride) {
    return new PositionedException(ErrorCode.GENERATED_ALWAYS, pos, "cannot insert a"
        + " non-DEFAULT value into column " + column.name() + " of table " + table.name()
        + ": it is an identity column GENERATED ALWAYS"
        + (canOverride ? "; use OVERRIDING SYSTEM VALUE to override" : ""));
  }

  private static int indexOf(SqlNodeList columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      final SqlIdentifier id = (SqlIdentifier) columns.get(i);
      if (id.names.get(id.names.size() - 1).equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The Sorrel table a statement writes, if it has an identity column; else null. */
  private @Nullable Table table(SqlNode target) {
    final SqlNode ref = target instanceof SqlTableRef tableRef ? tableRef.operand(0) : target;
    if (!(ref instanceof SqlIdentifier id) || id.names.size() > 2
        || (id.names.size() == 2 && !id.names.get(0).equals(SorrelSchema.NAME))) {
      return null;
    }
    final Table table = database.catalog().table(id.names.get(id.names.size() - 1));
    return table != null && table.identityColumns().length > 0 ? table : null;
  }
}
