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

/** {@code REFRESH FEATURE VIEW name [INCREMENTAL]}. */
public final class SqlRefreshFeatureView extends SqlDdl {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("REFRESH FEATURE VIEW", SqlKind.OTHER_DDL);

  public final SqlIdentifier name;
  public final boolean incremental;

  public SqlRefreshFeatureView(SqlParserPos pos, SqlIdentifier name, boolean incremental) {
    super(OPERATOR, pos);
    this.name = name;
    this.incremental = incremental;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    return List.of(name);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("REFRESH FEATURE VIEW");
    name.unparse(writer, leftPrec, rightPrec);
    if (incremental) {
      writer.keyword("INCREMENTAL");
    }
  }
}
