package dev.sorrel.sql.parser;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.sql.SqlDdl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code COMMENT ON {TABLE | VIEW | FEATURE VIEW | COLUMN} name IS {'text' | NULL}},
 * as in PostgreSQL; a column's name is {@code [schema.]table.column}.
 */
public final class SqlCommentOn extends SqlDdl {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("COMMENT ON", SqlKind.OTHER_DDL);

  /** What the comment is on. */
  public enum Target {
    TABLE("TABLE"),
    VIEW("VIEW"),
    FEATURE_VIEW("FEATURE VIEW"),
    COLUMN("COLUMN");

    /** The words that name the target in the statement. */
    public final String sql;

    Target(String sql) {
      this.sql = sql;
    }
  }

  public final Target target;
  public final SqlIdentifier name;
  /** The comment, a character literal; null for {@code IS NULL}. */
  public final @Nullable SqlNode text;

  public SqlCommentOn(SqlParserPos pos, Target target, SqlIdentifier name,
      @Nullable SqlNode text) {
    super(OPERATOR, pos);
    this.target = target;
    this.name = name;
    this.text = text;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    final List<SqlNode> operands = new ArrayList<>();
    operands.add(name);
    if (text != null) {
      operands.add(text);
    }
    return operands;
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("COMMENT ON");
    writer.keyword(target.sql);
    name.unparse(writer, leftPrec, rightPrec);
    writer.keyword("IS");
    if (text == null) {
      writer.keyword("NULL");
    } else {
      text.unparse(writer, leftPrec, rightPrec);
    }
  }
}
