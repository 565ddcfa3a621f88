package dev.sorrel.sql.parser;

import java.util.List;

import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP ENTITY [IF EXISTS] name} and {@code DROP FEATURE VIEW [IF EXISTS] name}. */
public final class SqlDropFeatureObject extends SqlDrop {
  /** What is dropped. */
  public enum Kind {
    ENTITY("ENTITY"), FEATURE_VIEW("FEATURE VIEW");

    public final String sql;

    Kind(String sql) {
      this.sql = sql;
    }
  }

  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("DROP FEATURE OBJECT", SqlKind.OTHER_DDL);

  public final Kind kind;
  public final SqlIdentifier name;

  public SqlDropFeatureObject(SqlParserPos pos, Kind kind, boolean ifExists,
      SqlIdentifier name) {
    super(OPERATOR, pos, ifExists);
    this.kind = kind;
    this.name = name;
  }

  @Override public List<SqlNode> getOperandList() {
    return List.of(name);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DROP " + kind.sql);
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
  }
}
