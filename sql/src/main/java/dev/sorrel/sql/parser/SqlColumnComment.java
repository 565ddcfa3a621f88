package dev.sorrel.sql.parser;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * MySQL's {@code COMMENT 'text'} in {@code CREATE TABLE}: after a column's
 * definition it comments the column, after the element list the table. An
 * element of the table's element list of its own, as an identity clause is.
 */
public final class SqlColumnComment extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("COMMENT", SqlKind.OTHER);

  /** The column commented on, or null for the table. */
  public final @Nullable SqlIdentifier column;
  /** The comment, a character literal. */
  public final SqlNode text;

  public SqlColumnComment(SqlParserPos pos, @Nullable SqlIdentifier column, SqlNode text) {
    super(pos);
    this.column = column;
    this.text = text;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    final List<SqlNode> operands = new ArrayList<>();
    if (column != null) {
      operands.add(column);
    }
    operands.add(text);
    return operands;
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("COMMENT");
    text.unparse(writer, leftPrec, rightPrec);
  }
}
