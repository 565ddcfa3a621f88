package dev.sorrel.sql.parser;

import java.util.List;

import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP MODEL [IF EXISTS] name [VERSION n]}. */
public final class SqlDropModel extends SqlDrop {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("DROP MODEL", SqlKind.OTHER_DDL);

  public final SqlIdentifier name;
  public final SqlNumericLiteral version;

  public SqlDropModel(SqlParserPos pos, boolean ifExists, SqlIdentifier name,
      SqlNumericLiteral version) {
    super(OPERATOR, pos, ifExists);
    this.name = name;
    this.version = version;
  }

  @Override public List<SqlNode> getOperandList() {
    return java.util.Arrays.asList(name, version);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DROP MODEL");
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    if (version != null) {
      writer.keyword("VERSION");
      version.unparse(writer, 0, 0);
    }
  }
}
