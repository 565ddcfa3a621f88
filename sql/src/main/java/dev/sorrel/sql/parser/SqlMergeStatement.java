package dev.sorrel.sql.parser;

import java.util.Arrays;
import java.util.List;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code MERGE INTO target [[AS] alias] USING source ON condition} followed by
 * {@link SqlMergeClause}s, as the SQL standard (and PostgreSQL 15) has it:
 * more than one clause of each kind, each with an optional {@code AND}
 * condition, and {@code DELETE} and {@code DO NOTHING} actions, which
 * Calcite's own MERGE does not parse.
 */
public final class SqlMergeStatement extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("MERGE", SqlKind.OTHER);

  public final SqlNode target;
  public final @Nullable SqlIdentifier alias;
  public final SqlNode source;
  public final SqlNode condition;
  /** The {@link SqlMergeClause}s in the order written. */
  public final SqlNodeList clauses;

  public SqlMergeStatement(SqlParserPos pos, SqlNode target, @Nullable SqlIdentifier alias,
      SqlNode source, SqlNode condition, SqlNodeList clauses) {
    super(pos);
    this.target = target;
    this.alias = alias;
    this.source = source;
    this.condition = condition;
    this.clauses = clauses;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    return Arrays.asList(target, alias, source, condition, clauses);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("MERGE INTO");
    target.unparse(writer, 0, 0);
    if (alias != null) {
      writer.keyword("AS");
      alias.unparse(writer, 0, 0);
    }
    writer.keyword("USING");
    source.unparse(writer, 0, 0);
    writer.keyword("ON");
    condition.unparse(writer, 0, 0);
    for (SqlNode clause : clauses) {
      clause.unparse(writer, 0, 0);
    }
  }
}
