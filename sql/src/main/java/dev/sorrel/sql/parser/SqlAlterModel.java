package dev.sorrel.sql.parser;

import java.util.List;

import org.apache.calcite.sql.SqlDdl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code ALTER MODEL name ADD VERSION FROM 'file.onnx' [COMMENT '...'] [RUN 'run id']},
 * {@code ALTER MODEL name SET ALIAS alias = version} and
 * {@code ALTER MODEL name DROP ALIAS alias}.
 */
public final class SqlAlterModel extends SqlDdl {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("ALTER MODEL", SqlKind.OTHER_DDL);

  /** What the statement changes. */
  public enum Action { ADD_VERSION, SET_ALIAS, DROP_ALIAS }

  public final SqlIdentifier name;
  public final Action action;
  public final SqlNode source;
  public final SqlNode comment;
  public final SqlIdentifier alias;
  public final SqlNumericLiteral version;
  /** The run that made the added version ({@code RUN 'id'}), or null. */
  public final SqlNode run;

  public SqlAlterModel(SqlParserPos pos, SqlIdentifier name, Action action, SqlNode source,
      SqlNode comment, SqlIdentifier alias, SqlNumericLiteral version, SqlNode run) {
    super(OPERATOR, pos);
    this.name = name;
    this.action = action;
    this.source = source;
    this.comment = comment;
    this.alias = alias;
    this.version = version;
    this.run = run;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    return java.util.Arrays.asList(name, source, comment, alias, version, run);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ALTER MODEL");
    name.unparse(writer, leftPrec, rightPrec);
    switch (action) {
    case ADD_VERSION:
      writer.keyword("ADD VERSION FROM");
      source.unparse(writer, 0, 0);
      if (run != null) {
        writer.keyword("RUN");
        run.unparse(writer, 0, 0);
      }
      break;
    case SET_ALIAS:
      writer.keyword("SET ALIAS");
      alias.unparse(writer, 0, 0);
      writer.keyword("=");
      version.unparse(writer, 0, 0);
      break;
    case DROP_ALIAS:
      writer.keyword("DROP ALIAS");
      alias.unparse(writer, 0, 0);
      break;
    }
  }
}
