package dev.sorrel.sql.parser;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The identity clause of a column in {@code CREATE TABLE}, as a table
 * element of its own next to the column, as a column-level PRIMARY KEY is:
 * {@code GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(START WITH n INCREMENT
 * BY m)]} (the standard's and PostgreSQL's), {@code AUTO_INCREMENT} (MySQL's
 * and H2's), {@code AUTOINCREMENT} (SQLite's) and {@code IDENTITY[(n, m)]}
 * (SQL Server's). A {@code SERIAL} column type becomes one too.
 */
public final class SqlColumnIdentity extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("IDENTITY", SqlKind.OTHER);

  /** The column it applies to. */
  public final SqlIdentifier column;
  /** Whether {@code GENERATED ALWAYS}; all other spellings mean {@code BY DEFAULT}. */
  public final boolean always;
  /** {@code START WITH}, or null for 1. */
  public final @Nullable SqlLiteral start;
  /** {@code INCREMENT BY}, or null for 1. */
  public final @Nullable SqlLiteral increment;

  public SqlColumnIdentity(SqlParserPos pos, SqlIdentifier column, boolean always,
      @Nullable SqlLiteral start, @Nullable SqlLiteral increment) {
    super(pos);
    this.column = column;
    this.always = always;
    this.start = start;
    this.increment = increment;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    final List<SqlNode> operands = new ArrayList<>();
    operands.add(column);
    operands.add(start);
    operands.add(increment);
    return operands;
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("GENERATED");
    writer.keyword(always ? "ALWAYS" : "BY DEFAULT");
    writer.keyword("AS IDENTITY");
    if (start != null || increment != null) {
      final SqlWriter.Frame frame = writer.startList("(", ")");
      if (start != null) {
        writer.keyword("START WITH");
        start.unparse(writer, 0, 0);
      }
      if (increment != null) {
        writer.keyword("INCREMENT BY");
        increment.unparse(writer, 0, 0);
      }
      writer.endList(frame);
    }
  }
}
