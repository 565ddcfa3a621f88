package dev.sorrel.sql.parser;

import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code INSERT ... OVERRIDING {SYSTEM | USER} VALUE}, kept among the INSERT's
 * keywords: what happens to values given for identity columns.
 */
public enum IdentityOverride {
  /** Values given for a {@code GENERATED ALWAYS} identity column are taken. */
  SYSTEM_VALUE,
  /** Values given for identity columns are ignored: each row takes the next value. */
  USER_VALUE;

  /** This override as a keyword of an INSERT at {@code pos}. */
  public SqlLiteral symbol(SqlParserPos pos) {
    return SqlLiteral.createSymbol(this, pos);
  }

  /** The override an INSERT states, or null. */
  public static @Nullable SqlLiteral of(SqlInsert insert) {
    // The keyword list is the INSERT's first operand.
    for (SqlNode keyword : (SqlNodeList) insert.getOperandList().get(0)) {
      if (keyword instanceof SqlLiteral literal
          && literal.getValue() instanceof IdentityOverride) {
        return literal;
      }
    }
    return null;
  }

  /** How SQL spells it. */
  public String sql() {
    return this == SYSTEM_VALUE ? "OVERRIDING SYSTEM VALUE" : "OVERRIDING USER VALUE";
  }
}
