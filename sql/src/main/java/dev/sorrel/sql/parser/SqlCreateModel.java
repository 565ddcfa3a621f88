package dev.sorrel.sql.parser;

import java.util.List;

import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE MODEL [IF NOT EXISTS] name FROM 'file.onnx' [COMMENT '...']
 * [RUN 'run id'] [WITH (key = 'value', ...)]}.
 */
public final class SqlCreateModel extends SqlCreate {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE MODEL", SqlKind.OTHER_DDL);

  public final SqlIdentifier name;
  public final SqlNode source;
  public final SqlNode comment;
  public final SqlNodeList options;
  /** The run that made the model's first version ({@code RUN 'id'}), or null. */
  public final SqlNode run;

  public SqlCreateModel(SqlParserPos pos, boolean replace, boolean ifNotExists,
      SqlIdentifier name, SqlNode source, SqlNode comment, SqlNodeList options, SqlNode run) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = name;
    this.source = source;
    this.comment = comment;
    this.options = options;
    this.run = run;
  }

  @Override public List<SqlNode> getOperandList() {
    return java.util.Arrays.asList(name, source, comment, options, run);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE MODEL");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    writer.keyword("FROM");
    source.unparse(writer, 0, 0);
    if (comment != null) {
      writer.keyword("COMMENT");
      comment.unparse(writer, 0, 0);
    }
    if (run != null) {
      writer.keyword("RUN");
      run.unparse(writer, 0, 0);
    }
  }
}
