package dev.sorrel.sql.parser;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The meaning of a predicate over an empty list, {@code x IN ()}, which
 * Sorrel's grammar accepts as SQLite and H2 do (the build edits Calcite's
 * parser template for it; see sql/pom.xml). Calcite's validator and
 * planner have no notion of an empty list, so the predicate is replaced by
 * its constant value before validation and when a query's text is written
 * back out (a view's, which Calcite's own parser reads again).
 */
public final class EmptyInList {
  private EmptyInList() {
  }

  /**
   * The constant a call stands for if it compares with an empty list, else
   * null. {@code x IN ()} is FALSE and {@code x NOT IN ()} TRUE whatever
   * {@code x} is, NULL included, and {@code x} is not evaluated, as in
   * SQLite and H2. A quantified comparison answers as over an empty
   * subquery: {@code x = ANY ()} is FALSE, {@code x < ALL ()} is TRUE.
   */
  public static @Nullable SqlLiteral value(SqlNode node) {
    if (!(node instanceof SqlCall call) || call.operandCount() != 2
        || !(call.operand(1) instanceof SqlNodeList list) || !list.isEmpty()) {
      return null;
    }
    final SqlKind kind = call.getKind();
    if (kind == SqlKind.IN || kind == SqlKind.SOME) {
      return SqlLiteral.createBoolean(false, call.getParserPosition());
    }
    if (kind == SqlKind.NOT_IN || kind == SqlKind.ALL) {
      return SqlLiteral.createBoolean(true, call.getParserPosition());
    }
    return null;
  }
}
