package dev.sorrel.sql.ddl;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.ddl.SqlColumnDeclaration;
import org.apache.calcite.sql.ddl.SqlDdlNodes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.IdentityDef;
import dev.sorrel.sql.parser.SqlColumnIdentity;

/**
 * The identity columns of {@code CREATE TABLE}: the identity clauses the
 * parser reads ({@link SqlColumnIdentity}) and PostgreSQL's {@code SERIAL}
 * types, which are an integer column with a {@code BY DEFAULT} identity.
 */
final class IdentityColumns {
  /** PostgreSQL's serial types and the integer type each stands for. */
  private static final Map<String, SqlTypeName> SERIALS = Map.of(
      "SMALLSERIAL", SqlTypeName.SMALLINT, "SERIAL2", SqlTypeName.SMALLINT,
      "SERIAL", SqlTypeName.INTEGER, "SERIAL4", SqlTypeName.INTEGER,
      "BIGSERIAL", SqlTypeName.BIGINT, "SERIAL8", SqlTypeName.BIGINT);

  private IdentityColumns() {
  }

  /**
   * A column declared with a serial type as the integer column it stands
   * for, adding its identity clause to {@code identities}; any other column
   * as it is.
   */
  static SqlColumnDeclaration withoutSerial(SqlColumnDeclaration column,
      List<SqlColumnIdentity> identities) {
    final SqlDataTypeSpec spec = column.dataType;
    if (!(spec.getTypeNameSpec() instanceof SqlUserDefinedTypeNameSpec named)
        || !named.getTypeName().isSimple()) {
      return column;
    }
    final SqlTypeName integer = SERIALS.get(
        named.getTypeName().getSimple().toUpperCase(Locale.ROOT));
    if (integer == null) {
      return column;
    }
    identities.add(new SqlColumnIdentity(spec.getParserPosition(), column.name, false, null,
        null));
    final SqlDataTypeSpec type = new SqlDataTypeSpec(
        new SqlBasicTypeNameSpec(integer, spec.getParserPosition()), spec.getParserPosition())
        .withNullable(false);
    return (SqlColumnDeclaration) SqlDdlNodes.column(column.getParserPosition(), column.name,
        type, column.expression, column.strategy);
  }

  /** The clause of the column named {@code name}, or null if it has none. */
  static @Nullable SqlColumnIdentity of(List<SqlColumnIdentity> identities, String name) {
    SqlColumnIdentity found = null;
    for (SqlColumnIdentity identity : identities) {
      if (identity.column.getSimple().equals(name)) {
        if (found != null) {
          throw new PositionedException(ErrorCode.INVALID_DEFINITION,
              identity.getParserPosition(), "column " + name + " has two identity clauses");
        }
        found = identity;
      }
    }
    return found;
  }

  /** {@code column} made an identity column as {@code clause} says: NOT NULL, no DEFAULT. */
  static ColumnDef apply(ColumnDef column, SqlColumnIdentity clause) {
    final IdentityDef identity = new IdentityDef(clause.always,
        value(clause.start, "START WITH"), value(clause.increment, "INCREMENT BY"));
    if (column.defaultSql() != null) {
      throw new PositionedException(ErrorCode.INVALID_DEFINITION, clause.getParserPosition(),
          "identity column " + column.name() + " cannot also have a DEFAULT");
    }
    final ColumnDef declared = new ColumnDef(column.name(), column.type(), column.precision(),
        column.scale(), false, null, identity);
    try {
      identity.validate(declared);
    } catch (dev.sorrel.engine.SorrelException e) {
      throw new PositionedException(e.code(), clause.getParserPosition(), e.getMessage());
    }
    return declared;
  }

  /** An option's whole number; 1 if it is not given. */
  private static long value(@Nullable SqlLiteral literal, String option) {
    if (literal == null) {
      return 1;
    }
    final BigDecimal value = literal.bigDecimalValue();
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      throw new PositionedException(ErrorCode.INVALID_DEFINITION, literal.getParserPosition(),
          option + " must be a whole number within BIGINT, not " + value.toPlainString());
    }
  }
}
