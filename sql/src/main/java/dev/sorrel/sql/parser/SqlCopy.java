package dev.sorrel.sql.parser;

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

/**
 * {@code COPY table FROM 'file' [WITH (...)]}, {@code COPY table TO 'file'}
 * or {@code COPY (query) TO 'file'}: bulk load and export of files.
 */
public final class SqlCopy extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("COPY", SqlKind.OTHER);

  /** The table, or null when a query is exported. */
  public final SqlIdentifier table;
  /** The exported query, or null. */
  public final SqlNode query;
  /** True for FROM (load), false for TO (export). */
  public final boolean from;
  public final SqlNode file;
  public final SqlNodeList options;

  public SqlCopy(SqlParserPos pos, SqlIdentifier table, SqlNode query, boolean from,
      SqlNode file, SqlNodeList options) {
    super(pos);
    this.table = table;
    this.query = query;
    this.from = from;
    this.file = file;
    this.options = options;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    return java.util.Arrays.asList(table, query, file, options);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("COPY");
    if (table != null) {
      table.unparse(writer, 0, 0);
    } else {
      final SqlWriter.Frame frame = writer.startList("(", ")");
      query.unparse(writer, 0, 0);
      writer.endList(frame);
    }
    writer.keyword(from ? "FROM" : "TO");
    file.unparse(writer, 0, 0);
  }
}
