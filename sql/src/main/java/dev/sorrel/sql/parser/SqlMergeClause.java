package dev.sorrel.sql.parser;

import java.util.Arrays;
import java.util.List;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One {@code WHEN [NOT] MATCHED [AND condition] THEN action} clause of a
 * {@link SqlMergeStatement}.
 */
public final class SqlMergeClause extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("MERGE CLAUSE", SqlKind.OTHER);

  /** What a clause does to the row it applies to. */
  public enum Action {
    /** {@code UPDATE SET col = expr, ...} (matched rows). */
    UPDATE,
    /** {@code DELETE} (matched rows). */
    DELETE,
    /** {@code INSERT [(cols)] VALUES (exprs)} (source rows without a match). */
    INSERT,
    /** {@code DO NOTHING}. */
    NOTHING
  }

  public final boolean matched;
  public final @Nullable SqlNode condition;
  public final Action action;
  /** UPDATE: the assigned columns; INSERT: the column list, or null for all columns. */
  public final @Nullable SqlNodeList columns;
  /** UPDATE: the assigned expressions; INSERT: the VALUES row; else empty. */
  public final SqlNodeList values;

  public SqlMergeClause(SqlParserPos pos, boolean matched, @Nullable SqlNode condition,
      Action action, @Nullable SqlNodeList columns, SqlNodeList values) {
    super(pos);
    this.matched = matched;
    this.condition = condition;
    this.action = action;
    this.columns = columns;
    this.values = values;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    return Arrays.asList(condition, columns, values);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(matched ? "WHEN MATCHED" : "WHEN NOT MATCHED");
    if (condition != null) {
      writer.keyword("AND");
      condition.unparse(writer, 0, 0);
    }
    writer.keyword("THEN");
    switch (action) {
    case UPDATE:
      writer.keyword("UPDATE SET");
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          writer.sep(",");
        }
        java.util.Objects.requireNonNull(columns).get(i).unparse(writer, 0, 0);
        writer.keyword("=");
        values.get(i).unparse(writer, 0, 0);
      }
      break;
    case DELETE:
      writer.keyword("DELETE");
      break;
    case INSERT:
      writer.keyword("INSERT");
      if (columns != null) {
        columns.unparse(writer, 0, 0);
      }
      writer.keyword("VALUES");
      values.unparse(writer, 0, 0);
      break;
    case NOTHING:
      writer.keyword("DO NOTHING");
      break;
    }
  }
}
