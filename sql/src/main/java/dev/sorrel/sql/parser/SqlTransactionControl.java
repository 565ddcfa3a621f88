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

/**
 * A transaction control statement: {@code BEGIN [TRANSACTION | WORK]} (or
 * {@code START TRANSACTION}) {@code [ISOLATION LEVEL ...]}, {@code COMMIT
 * [WORK]}, {@code ROLLBACK [WORK]}, {@code SAVEPOINT name}, {@code RELEASE
 * [SAVEPOINT] name}, {@code ROLLBACK [WORK] TO [SAVEPOINT] name} and
 * {@code SET TRANSACTION ISOLATION LEVEL ...}.
 */
public final class SqlTransactionControl extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("TRANSACTION CONTROL", SqlKind.OTHER);

  /** What the statement does. */
  public enum Action { BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK_TO, SET_ISOLATION }

  public final Action action;
  /** The savepoint's name, or null. */
  public final SqlIdentifier name;
  /** The isolation level as written ("READ COMMITTED", ...), or null. */
  public final String isolation;

  public SqlTransactionControl(SqlParserPos pos, Action action, SqlIdentifier name,
      String isolation) {
    super(pos);
    this.action = action;
    this.name = name;
    this.isolation = isolation;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    final List<SqlNode> operands = new ArrayList<>();
    if (name != null) {
      operands.add(name);
    }
    return operands;
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    switch (action) {
    case BEGIN -> writer.keyword("BEGIN");
    case COMMIT -> writer.keyword("COMMIT");
    case ROLLBACK -> writer.keyword("ROLLBACK");
    case SAVEPOINT -> writer.keyword("SAVEPOINT");
    case RELEASE -> writer.keyword("RELEASE SAVEPOINT");
    case ROLLBACK_TO -> writer.keyword("ROLLBACK TO SAVEPOINT");
    case SET_ISOLATION -> writer.keyword("SET TRANSACTION");
    }
    if (name != null) {
      name.unparse(writer, leftPrec, rightPrec);
    }
    if (isolation != null) {
      writer.keyword("ISOLATION LEVEL " + isolation);
    }
  }
}
