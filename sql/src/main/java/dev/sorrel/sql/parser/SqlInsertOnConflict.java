package dev.sorrel.sql.parser;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code INSERT INTO t [AS alias] [(cols)] source ON CONFLICT [(cols) | ON CONSTRAINT name]
 * DO NOTHING | DO UPDATE SET col = expr, ... [WHERE cond]}, as PostgreSQL, DuckDB and SQLite
 * write an upsert. In the update, {@code EXCLUDED} names the row proposed for insertion and the
 * table's name (or alias) the stored row it conflicts with.
 */
public final class SqlInsertOnConflict extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("INSERT ON CONFLICT", SqlKind.OTHER);

  public final SqlInsert insert;
  /** The target's alias, or null. */
  public final @Nullable SqlIdentifier alias;
  /** The conflict target's columns, or null. */
  public final @Nullable SqlNodeList conflictColumns;
  /** The conflict target's constraint, or null. */
  public final @Nullable SqlIdentifier constraint;
  /** Where {@code ON CONFLICT} is, for errors about the conflict target. */
  public final SqlParserPos conflictPos;
  /** DO UPDATE (else DO NOTHING). */
  public final boolean update;
  public final SqlNodeList targetColumns;
  public final SqlNodeList expressions;
  public final @Nullable SqlNode where;

  public SqlInsertOnConflict(SqlParserPos pos, SqlInsert insert, @Nullable SqlIdentifier alias,
      @Nullable SqlNodeList conflictColumns, @Nullable SqlIdentifier constraint,
      SqlParserPos conflictPos, boolean update, SqlNodeList targetColumns,
      SqlNodeList expressions, @Nullable SqlNode where) {
    super(pos);
    this.insert = insert;
    this.alias = alias;
    this.conflictColumns = conflictColumns;
    this.constraint = constraint;
    this.conflictPos = conflictPos;
    this.update = update;
    this.targetColumns = targetColumns;
    this.expressions = expressions;
    this.where = where;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    final List<SqlNode> operands = new ArrayList<>();
    operands.add(insert);
    operands.add(alias);
    operands.add(conflictColumns);
    operands.add(constraint);
    operands.add(targetColumns);
    operands.add(expressions);
    operands.add(where);
    return operands;
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    insert.unparse(writer, leftPrec, rightPrec);
    writer.keyword("ON CONFLICT");
    if (conflictColumns != null) {
      conflictColumns.unparse(writer, 0, 0);
    } else if (constraint != null) {
      writer.keyword("ON CONSTRAINT");
      constraint.unparse(writer, 0, 0);
    }
    if (!update) {
      writer.keyword("DO NOTHING");
      return;
    }
    writer.keyword("DO UPDATE SET");
    for (int i = 0; i < targetColumns.size(); i++) {
      if (i > 0) {
        writer.sep(",");
      }
      targetColumns.get(i).unparse(writer, 0, 0);
      writer.keyword("=");
      expressions.get(i).unparse(writer, 0, 0);
    }
    if (where != null) {
      writer.keyword("WHERE");
      where.unparse(writer, 0, 0);
    }
  }
}
