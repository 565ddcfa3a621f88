package dev.sorrel.sql.parser;

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
 * {@code ALTER EXPERIMENT name START}, {@code ALTER EXPERIMENT name STOP
 * [WINNER variant]} and {@code ALTER EXPERIMENT name SET COMMENT '...'}.
 */
public final class SqlAlterExperiment extends SqlDdl {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("ALTER EXPERIMENT", SqlKind.OTHER_DDL);

  /** What the statement changes. */
  public enum Action { START, STOP, SET_COMMENT }

  public final SqlIdentifier name;
  public final Action action;
  /** The winning variant's name as written (see {@link SqlCreateExperiment.Variant}), or null. */
  public final String winner;
  public final SqlNode comment;

  public SqlAlterExperiment(SqlParserPos pos, SqlIdentifier name, Action action, String winner,
      SqlNode comment) {
    super(OPERATOR, pos);
    this.name = name;
    this.action = action;
    this.winner = winner;
    this.comment = comment;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    return java.util.Arrays.asList(name, comment);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ALTER EXPERIMENT");
    name.unparse(writer, leftPrec, rightPrec);
    switch (action) {
    case START:
      writer.keyword("START");
      break;
    case STOP:
      writer.keyword("STOP");
      if (winner != null) {
        writer.keyword("WINNER");
        writer.identifier(winner, true);
      }
      break;
    case SET_COMMENT:
      writer.keyword("SET COMMENT");
      comment.unparse(writer, 0, 0);
      break;
    }
  }
}
