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

/**
 * The statements that act on a monitor once it exists: {@code CHECK MONITOR name [WHERE
 * condition]}, {@code REFRESH MONITOR name REFERENCE}, and {@code ALTER MONITOR name}
 * {@code ACKNOWLEDGE ALERTS | CLEAR ALERTS | SET COMMENT 'text'}.
 */
public final class SqlMonitorCommand extends SqlDdl {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("MONITOR", SqlKind.OTHER_DDL);

  /** Which statement it is. */
  public enum Kind {
    CHECK("CHECK MONITOR"),
    REFRESH("REFRESH MONITOR"),
    ACKNOWLEDGE_ALERTS("ALTER MONITOR"),
    CLEAR_ALERTS("ALTER MONITOR"),
    SET_COMMENT("ALTER MONITOR");

    private final String keywords;

    Kind(String keywords) {
      this.keywords = keywords;
    }

    /** The words the statement starts with. */
    public String keywords() {
      return keywords;
    }
  }

  public final Kind kind;
  public final SqlIdentifier name;
  /** The condition choosing the current rows of a check, or null. */
  public final SqlNode where;
  /** The comment literal of SET COMMENT, or null. */
  public final SqlNode comment;

  public SqlMonitorCommand(SqlParserPos pos, Kind kind, SqlIdentifier name, SqlNode where,
      SqlNode comment) {
    super(OPERATOR, pos);
    this.kind = kind;
    this.name = name;
    this.where = where;
    this.comment = comment;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    final List<SqlNode> operands = new ArrayList<>();
    operands.add(name);
    operands.add(where);
    operands.add(comment);
    return operands;
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(kind.keywords());
    name.unparse(writer, leftPrec, rightPrec);
    switch (kind) {
    case CHECK:
      if (where != null) {
        writer.keyword("WHERE");
        where.unparse(writer, 0, 0);
      }
      break;
    case REFRESH:
      writer.keyword("REFERENCE");
      break;
    case ACKNOWLEDGE_ALERTS:
      writer.keyword("ACKNOWLEDGE ALERTS");
      break;
    case CLEAR_ALERTS:
      writer.keyword("CLEAR ALERTS");
      break;
    case SET_COMMENT:
      writer.keyword("SET COMMENT");
      comment.unparse(writer, 0, 0);
      break;
    }
  }
}
