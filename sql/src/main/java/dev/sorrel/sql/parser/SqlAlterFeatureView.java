package dev.sorrel.sql.parser;

import java.util.Arrays;
import java.util.List;

import org.apache.calcite.sql.SqlDdl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code ALTER FEATURE VIEW name ADD [COLUMN] feature type},
 * {@code ... SET TTL interval}, {@code ... DROP TTL} and
 * {@code ... SET COMMENT '...'} and {@code ... COMPACT}.
 */
public final class SqlAlterFeatureView extends SqlDdl {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("ALTER FEATURE VIEW", SqlKind.OTHER_DDL);

  /** What the statement changes. */
  public enum Action { ADD_COLUMN, SET_TTL, DROP_TTL, SET_COMMENT, COMPACT }

  public final SqlIdentifier name;
  public final Action action;
  /** The new column ({@code ADD COLUMN}): a column declaration. */
  public final SqlNode column;
  /** The new TTL ({@code SET TTL}) or comment ({@code SET COMMENT}). */
  public final SqlNode value;

  public SqlAlterFeatureView(SqlParserPos pos, SqlIdentifier name, Action action,
      SqlNode column, SqlNode value) {
    super(OPERATOR, pos);
    this.name = name;
    this.action = action;
    this.column = column;
    this.value = value;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    return Arrays.asList(name, column, value);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ALTER FEATURE VIEW");
    name.unparse(writer, leftPrec, rightPrec);
    switch (action) {
    case ADD_COLUMN -> {
      writer.keyword("ADD COLUMN");
      column.unparse(writer, 0, 0);
    }
    case SET_TTL -> {
      writer.keyword("SET TTL");
      value.unparse(writer, 0, 0);
    }
    case DROP_TTL -> writer.keyword("DROP TTL");
    case COMPACT -> writer.keyword("COMPACT");
    case SET_COMMENT -> {
      writer.keyword("SET COMMENT");
      value.unparse(writer, 0, 0);
    }
    }
  }
}
