package dev.sorrel.sql.parser;

import java.util.Arrays;
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

/** {@code CREATE ENTITY [IF NOT EXISTS] name (key columns) [COMMENT '...']}. */
public final class SqlCreateEntity extends SqlCreate {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE ENTITY", SqlKind.OTHER_DDL);

  public final SqlIdentifier name;
  public final SqlNodeList columns;
  public final SqlNode comment;

  public SqlCreateEntity(SqlParserPos pos, boolean replace, boolean ifNotExists,
      SqlIdentifier name, SqlNodeList columns, SqlNode comment) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = name;
    this.columns = columns;
    this.comment = comment;
  }

  @Override public List<SqlNode> getOperandList() {
    return Arrays.asList(name, columns, comment);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE ENTITY");
    name.unparse(writer, leftPrec, rightPrec);
    columns.unparse(writer, 0, 0);
  }
}
