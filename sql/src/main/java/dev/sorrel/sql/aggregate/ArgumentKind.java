package dev.sorrel.sql.aggregate;

import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * What an argument of a {@link StateAggregate} may be: the SQL types it
 * accepts at validation, the parameter type Calcite resolves the call with,
 * and the Java type the state's {@code add} method receives it as.
 */
public enum ArgumentKind {
  /** Any numeric type, received as a {@code double}. */
  NUMERIC(SqlTypeName.DOUBLE, "<NUMERIC>"),
  /** An integer type (a count, such as a number of bins), received as an {@code int}. */
  INTEGER(SqlTypeName.INTEGER, "<INTEGER>"),
  /** A BOOLEAN, received as a {@code boolean}. */
  BOOLEAN(SqlTypeName.BOOLEAN, "<BOOLEAN>"),
  /** A character string (a method's name), received as a {@code String}. */
  STRING(SqlTypeName.VARCHAR, "<VARCHAR>"),
  /** A value of any type (a category), received as an {@code Object}. */
  ANY(SqlTypeName.ANY, "<ANY>"),
  /**
   * A binary class label: a BOOLEAN (TRUE is 1) or a number, received as a
   * {@code double} so the state sees 0/1 labels whatever their column type.
   */
  LABEL(SqlTypeName.ANY, "<BOOLEAN | NUMERIC>");

  private final SqlTypeName parameterType;
  private final String label;

  ArgumentKind(SqlTypeName parameterType, String label) {
    this.parameterType = parameterType;
    this.label = label;
  }

  /** The type of the parameter Calcite matches (and coerces) the argument to. */
  SqlTypeName parameterType() {
    return parameterType;
  }

  /** How the kind reads in the supported forms of an error message. */
  String label() {
    return label;
  }

  /**
   * Whether an argument of this type fits. An untyped NULL fits every kind,
   * and so does a dynamic parameter whose type is still unknown (Calcite
   * gives it the parameter's type later).
   */
  boolean accepts(RelDataType type) {
    final SqlTypeName name = type.getSqlTypeName();
    if (name == SqlTypeName.NULL || name == SqlTypeName.UNKNOWN) {
      return true;
    }
    return switch (this) {
      case NUMERIC -> SqlTypeUtil.isNumeric(type);
      case INTEGER -> SqlTypeUtil.isIntType(type);
      case BOOLEAN -> name == SqlTypeName.BOOLEAN;
      case STRING -> SqlTypeUtil.inCharFamily(type);
      case ANY -> true;
      case LABEL -> name == SqlTypeName.BOOLEAN || SqlTypeUtil.isNumeric(type);
    };
  }

  /**
   * The generated expression that passes a (not NULL) argument to the
   * state's {@code add} method, given the argument's SQL type.
   */
  Expression convert(Expression argument, RelDataType type) {
    return switch (this) {
      case NUMERIC -> EnumUtils.convert(argument, double.class);
      case INTEGER -> EnumUtils.convert(argument, int.class);
      case BOOLEAN -> EnumUtils.convert(argument, boolean.class);
      case STRING -> EnumUtils.convert(argument, String.class);
      case ANY -> Expressions.convert_(argument, Object.class);
      case LABEL -> type.getSqlTypeName() == SqlTypeName.BOOLEAN
          ? Expressions.condition(EnumUtils.convert(argument, boolean.class),
              Expressions.constant(1.0), Expressions.constant(0.0))
          : EnumUtils.convert(argument, double.class);
    };
  }
}
