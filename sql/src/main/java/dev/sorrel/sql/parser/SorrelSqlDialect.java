package dev.sorrel.sql.parser;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;

/**
 * Calcite's own dialect, writing table hints back out: statements that keep
 * or re-run the text of a query (views, derived feature views, {@code COPY
 * (query) TO}) would otherwise lose a {@code /*+ KNOWN_AT *}{@code /} hint
 * silently, and with it the known-at cutoff of a training set. A predicate
 * over an empty list ({@code x IN ()}) is written as its constant value,
 * since Calcite's own parser, which reads a view's text, rejects the list.
 */
public final class SorrelSqlDialect extends CalciteSqlDialect {
  public static final SorrelSqlDialect INSTANCE = new SorrelSqlDialect();

  private SorrelSqlDialect() {
    super(DEFAULT_CONTEXT);
  }

  /** The SQL text of a parsed statement or query in this dialect. */
  public static String sql(SqlNode node) {
    return node.toSqlString(INSTANCE).getSql();
  }

  @Override public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec,
      int rightPrec) {
    final SqlLiteral constant = EmptyInList.value(call);
    if (constant != null) {
      constant.unparse(writer, leftPrec, rightPrec);
    } else {
      super.unparseCall(writer, call, leftPrec, rightPrec);
    }
  }

  @Override public void unparseTableScanHints(SqlWriter writer, SqlNodeList hints,
      int leftPrec, int rightPrec) {
    if (hints.isEmpty()) {
      return;
    }
    writer.print("/*+ ");
    hints.unparse(writer, 0, 0);
    writer.print(" */");
  }
}
