package dev.sorrel.sql.parser;

import java.util.ArrayList;
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
 * {@code CREATE MONITOR [IF NOT EXISTS] name ON table (expression [AS name] [WITH (...)], ...)
 * [WITH (key = value, ...)] [COMMENT 'text'] REFERENCE AS query}.
 */
public final class SqlCreateMonitor extends SqlCreate {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE MONITOR", SqlKind.OTHER_DDL);

  /**
   * One monitored column as written: an expression over the table, its name (null unless
   * given with AS) and its own options (or null).
   */
  public record Column(SqlNode expression, SqlIdentifier alias, SqlNodeList options) {
  }

  public final SqlIdentifier name;
  public final SqlIdentifier table;
  public final List<Column> columns;
  public final SqlNodeList options;
  public final SqlNode comment;
  public final SqlNode query;

  public SqlCreateMonitor(SqlParserPos pos, boolean ifNotExists, SqlIdentifier name,
      SqlIdentifier table, List<Column> columns, SqlNodeList options, SqlNode comment,
      SqlNode query) {
    super(OPERATOR, pos, false, ifNotExists);
    this.name = name;
    this.table = table;
    this.columns = List.copyOf(columns);
    this.options = options;
    this.comment = comment;
    this.query = query;
  }

  @Override public List<SqlNode> getOperandList() {
    final List<SqlNode> operands = new ArrayList<>();
    operands.add(name);
    operands.add(table);
    for (Column c : columns) {
      operands.add(c.expression());
    }
    operands.add(options);
    operands.add(comment);
    operands.add(query);
    return operands;
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE MONITOR");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    writer.keyword("ON");
    table.unparse(writer, leftPrec, rightPrec);
    final SqlWriter.Frame frame = writer.startList("(", ")");
    for (Column c : columns) {
      writer.sep(",");
      c.expression().unparse(writer, 0, 0);
      if (c.alias() != null) {
        writer.keyword("AS");
        c.alias().unparse(writer, 0, 0);
      }
      if (c.options() != null) {
        writer.keyword("WITH");
        c.options().unparse(writer, 0, 0);
      }
    }
    writer.endList(frame);
    if (options != null) {
      writer.keyword("WITH");
      options.unparse(writer, 0, 0);
    }
    if (comment != null) {
      writer.keyword("COMMENT");
      comment.unparse(writer, 0, 0);
    }
    writer.keyword("REFERENCE AS");
    query.unparse(writer, 0, 0);
  }
}
