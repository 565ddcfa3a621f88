package dev.sorrel.sql.vector;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.vector.Vec.Kind;
import dev.sorrel.sql.vector.VectorOps.Arithmetic;
import dev.sorrel.sql.vector.VectorOps.Comparison;

/**
 * Turns a row expression over a scan's columns into a {@link VectorExpr},
 * or says it cannot: the batch path runs only what it computes exactly as
 * the row path does. Supported: column references, literals and parameters
 * of the supported types, comparisons, AND/OR/NOT, IS [NOT] NULL/TRUE/FALSE,
 * {@code + - *} of INTEGER and BIGINT (failing on overflow as the row path
 * does) and of DOUBLE, {@code /} of DOUBLE, widening casts, and the calls of
 * PREDICT and ASSIGN_VARIANT a batch call operator held ({@link KernelExprs}). SEARCH
 * (BETWEEN, IN) must have been expanded into those first.
 */
final class VectorCompiler {
  /** Parameter values by index, or null when only checking what can be compiled. */
  private final @Nullable IntFunction<Object> parameters;

  /** What the kernel calls resolved to in this execution, or null when only checking. */
  private final @Nullable KernelBindings bindings;

  /** A compiler that only checks what can be compiled. */
  VectorCompiler() {
    this(null, null);
  }

  /** A compiler for an execution, with its parameters and what its kernel calls resolve to. */
  VectorCompiler(@Nullable IntFunction<Object> parameters, @Nullable KernelBindings bindings) {
    this.parameters = parameters;
    this.bindings = bindings;
  }

  private static final Set<SqlTypeName> LONGS = EnumSet.of(SqlTypeName.BOOLEAN,
      SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT,
      SqlTypeName.DATE, SqlTypeName.TIME, SqlTypeName.TIMESTAMP);
  private static final Set<SqlTypeName> DOUBLES = EnumSet.of(SqlTypeName.REAL,
      SqlTypeName.DOUBLE, SqlTypeName.FLOAT);
  private static final Set<SqlTypeName> STRINGS = EnumSet.of(SqlTypeName.CHAR,
      SqlTypeName.VARCHAR);

  /** The vector kind of a SQL type, or null if the batch path does not handle it. */
  static @Nullable Kind kindOf(RelDataType type) {
    final SqlTypeName name = type.getSqlTypeName();
    if (LONGS.contains(name)) {
      return Kind.LONG;
    } else if (DOUBLES.contains(name)) {
      return Kind.DOUBLE;
    } else if (STRINGS.contains(name)) {
      return Kind.OBJECT;
    }
    return null;
  }

  /** The vector kind of a table column's values, as a scan returns them. */
  static Kind kindOf(Table table, int column) {
    return switch (table.columns().get(column).type()) {
      case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP -> Kind.LONG;
      case REAL, DOUBLE -> Kind.DOUBLE;
      case DECIMAL, VARCHAR, VARBINARY -> Kind.OBJECT;
    };
  }

  /** Whether an expression can be compiled. */
  boolean supports(RexNode node) {
    return compile(node) != null;
  }

  /** The vector form of an expression, or null if it has none. */
  @Nullable VectorExpr compile(RexNode node) {
    final Kind kind = kindOf(node.getType());
    if (kind == null) {
      return null;
    }
    if (node instanceof RexInputRef ref) {
      return new VectorExpr.Column(ref.getIndex(), kind);
    }
    if (node instanceof RexLiteral literal) {
      final Object value = literalValue(literal);
      return value == UNSUPPORTED ? null : new VectorExpr.Constant(kind, value);
    }
    if (node instanceof RexDynamicParam parameter) {
      return parameter(parameter, kind);
    }
    if (!(node instanceof RexCall call)) {
      return null;
    }
    final List<RexNode> operands = call.getOperands();
    if (call.getOperator() instanceof KernelOperator kernel) {
      return KernelExprs.compile(this, kernel, operands, kind, bindings);
    }
    final SqlKind op = call.getKind();
    if (COMPARISONS.containsKey(op)) {
      return compare(COMPARISONS.get(op), operands);
    } else if (op == SqlKind.AND || op == SqlKind.OR) {
      return junction(op == SqlKind.OR, operands);
    } else if (op == SqlKind.NOT) {
      return unary(operands, VectorOps.Not::new);
    } else if (TESTS.containsKey(op)) {
      return is(TESTS.get(op), operands);
    } else if (ARITHMETIC.containsKey(op)) {
      final Arithmetic arithmetic = ARITHMETIC.get(op);
      return arithmetic != Arithmetic.DIVIDE || kind == Kind.DOUBLE
          ? arithmetic(arithmetic, node.getType(), operands) : null;
    } else if (op == SqlKind.CAST) {
      return cast(node.getType(), operands.get(0));
    }
    return null;
  }

  private static final Map<SqlKind, Comparison> COMPARISONS = Map.of(
      SqlKind.EQUALS, Comparison.EQ, SqlKind.NOT_EQUALS, Comparison.NE,
      SqlKind.LESS_THAN, Comparison.LT, SqlKind.LESS_THAN_OR_EQUAL, Comparison.LE,
      SqlKind.GREATER_THAN, Comparison.GT, SqlKind.GREATER_THAN_OR_EQUAL, Comparison.GE);
  private static final Map<SqlKind, VectorOps.Is.Test> TESTS = Map.of(
      SqlKind.IS_NULL, VectorOps.Is.Test.NULL, SqlKind.IS_NOT_NULL, VectorOps.Is.Test.NOT_NULL,
      SqlKind.IS_TRUE, VectorOps.Is.Test.TRUE, SqlKind.IS_NOT_TRUE, VectorOps.Is.Test.NOT_TRUE,
      SqlKind.IS_FALSE, VectorOps.Is.Test.FALSE,
      SqlKind.IS_NOT_FALSE, VectorOps.Is.Test.NOT_FALSE);
  /** Plain and checked forms alike: the batch path checks integer overflow either way. */
  private static final Map<SqlKind, Arithmetic> ARITHMETIC = Map.of(
      SqlKind.PLUS, Arithmetic.PLUS, SqlKind.CHECKED_PLUS, Arithmetic.PLUS,
      SqlKind.MINUS, Arithmetic.MINUS, SqlKind.CHECKED_MINUS, Arithmetic.MINUS,
      SqlKind.TIMES, Arithmetic.TIMES, SqlKind.CHECKED_TIMES, Arithmetic.TIMES,
      SqlKind.DIVIDE, Arithmetic.DIVIDE, SqlKind.CHECKED_DIVIDE, Arithmetic.DIVIDE);
  private static final Set<SqlTypeName> INTEGRAL = EnumSet.of(SqlTypeName.TINYINT,
      SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT);

  private static final Object UNSUPPORTED = new Object();

  /** A literal as a vector holds it, or {@link #UNSUPPORTED}. */
  private static Object literalValue(RexLiteral literal) {
    if (literal.isNull()) {
      return null;
    }
    final SqlTypeName type = literal.getType().getSqlTypeName();
    if (type == SqlTypeName.BOOLEAN) {
      return literal.getValueAs(Boolean.class) ? 1L : 0L;
    } else if (INTEGRAL.contains(type) || type == SqlTypeName.TIMESTAMP) {
      return literal.getValueAs(Long.class);
    } else if (type == SqlTypeName.DATE || type == SqlTypeName.TIME) {
      return (long) literal.getValueAs(Integer.class);
    } else if (type == SqlTypeName.REAL) {
      // The row path compares a REAL literal as the float it is in generated code.
      return (double) literal.getValueAs(BigDecimal.class).floatValue();
    } else if (DOUBLES.contains(type)) {
      return literal.getValueAs(Double.class);
    } else if (STRINGS.contains(type)) {
      return literal.getValueAs(String.class);
    }
    return UNSUPPORTED;
  }

  private @Nullable VectorExpr parameter(RexDynamicParam parameter, Kind kind) {
    final SqlTypeName type = parameter.getType().getSqlTypeName();
    if (!(type == SqlTypeName.BOOLEAN || INTEGRAL.contains(type) || DOUBLES.contains(type)
        || STRINGS.contains(type))) {
      return null; // dates and times arrive in several Java forms
    }
    if (parameters == null) {
      return new VectorExpr.Constant(kind, null);
    }
    final Object value = parameters.apply(parameter.getIndex());
    final Object converted;
    if (value == null) {
      converted = null;
    } else if (value instanceof Boolean b) {
      converted = b ? 1L : 0L;
    } else if (kind == Kind.LONG && value instanceof Number n) {
      converted = n.longValue();
    } else if (kind == Kind.DOUBLE && value instanceof Number n) {
      converted = n.doubleValue();
    } else if (kind == Kind.OBJECT && value instanceof String) {
      converted = value;
    } else {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "parameter "
          + (parameter.getIndex() + 1) + " is a " + value.getClass().getSimpleName()
          + " where the query expects " + parameter.getType().getSqlTypeName());
    }
    return new VectorExpr.Constant(kind, converted);
  }

  private @Nullable VectorExpr compare(Comparison op, List<RexNode> operands) {
    final VectorExpr left = compile(operands.get(0));
    final VectorExpr right = compile(operands.get(1));
    if (left == null || right == null) {
      return null;
    }
    if ((left.kind == Kind.OBJECT) != (right.kind == Kind.OBJECT)) {
      return null;
    }
    if (left.kind == Kind.OBJECT && (!isString(operands.get(0)) || !isString(operands.get(1)))) {
      return null;
    }
    return new VectorOps.Compare(op, left, right);
  }

  private static boolean isString(RexNode node) {
    final SqlTypeName type = node.getType().getSqlTypeName();
    return type == SqlTypeName.VARCHAR || type == SqlTypeName.CHAR;
  }

  private @Nullable VectorExpr junction(boolean or, List<RexNode> operands) {
    final VectorExpr[] compiled = new VectorExpr[operands.size()];
    for (int i = 0; i < compiled.length; i++) {
      compiled[i] = compile(operands.get(i));
      if (compiled[i] == null || !isBoolean(operands.get(i))) {
        return null;
      }
    }
    return new VectorOps.Junction(or, compiled);
  }

  private static boolean isBoolean(RexNode node) {
    return node.getType().getSqlTypeName() == SqlTypeName.BOOLEAN;
  }

  private @Nullable VectorExpr unary(List<RexNode> operands,
      java.util.function.Function<VectorExpr, VectorExpr> make) {
    final VectorExpr operand = compile(operands.get(0));
    return operand == null || !isBoolean(operands.get(0)) ? null : make.apply(operand);
  }

  private @Nullable VectorExpr is(VectorOps.Is.Test test, List<RexNode> operands) {
    final VectorExpr operand = compile(operands.get(0));
    if (operand == null) {
      return null;
    }
    final boolean nullTest = test == VectorOps.Is.Test.NULL || test == VectorOps.Is.Test.NOT_NULL;
    return nullTest || isBoolean(operands.get(0)) ? new VectorOps.Is(test, operand) : null;
  }

  private @Nullable VectorExpr arithmetic(Arithmetic op, RelDataType type,
      List<RexNode> operands) {
    if (operands.size() != 2) {
      return null;
    }
    final SqlTypeName result = type.getSqlTypeName();
    final VectorExpr left = compile(operands.get(0));
    final VectorExpr right = compile(operands.get(1));
    if (left == null || right == null) {
      return null;
    }
    if (result == SqlTypeName.INTEGER || result == SqlTypeName.BIGINT) {
      // Both sides integral, and no wider than the result (the row path computes in its type).
      if (!integralWithin(operands.get(0), result) || !integralWithin(operands.get(1), result)) {
        return null;
      }
      return new VectorOps.Arithmetic2(op, left, right, Kind.LONG, result == SqlTypeName.INTEGER);
    } else if (result == SqlTypeName.DOUBLE) {
      if (left.kind == Kind.OBJECT || right.kind == Kind.OBJECT) {
        return null;
      }
      return new VectorOps.Arithmetic2(op, left, right, Kind.DOUBLE, false);
    }
    return null;
  }

  private static boolean integralWithin(RexNode node, SqlTypeName result) {
    final SqlTypeName type = node.getType().getSqlTypeName();
    return INTEGRAL.contains(type) && (type != SqlTypeName.BIGINT || result == SqlTypeName.BIGINT);
  }

  /** Widening casts only: among integers, integers or REAL to DOUBLE, and to the same type. */
  private @Nullable VectorExpr cast(RelDataType target, RexNode operand) {
    final VectorExpr compiled = compile(operand);
    if (compiled == null) {
      return null;
    }
    final SqlTypeName from = operand.getType().getSqlTypeName();
    final SqlTypeName to = target.getSqlTypeName();
    if (from == to && from != SqlTypeName.CHAR && from != SqlTypeName.VARCHAR) {
      return compiled;
    }
    final boolean integralFrom = from == SqlTypeName.TINYINT || from == SqlTypeName.SMALLINT
        || from == SqlTypeName.INTEGER || from == SqlTypeName.BIGINT;
    if (to == SqlTypeName.BIGINT && integralFrom) {
      return compiled;
    }
    if (to == SqlTypeName.INTEGER && (from == SqlTypeName.TINYINT
        || from == SqlTypeName.SMALLINT)) {
      return compiled;
    }
    if (to == SqlTypeName.DOUBLE && integralFrom) {
      return new VectorOps.ToDouble(compiled);
    }
    if (to == SqlTypeName.DOUBLE && from == SqlTypeName.REAL) {
      return compiled;
    }
    return null;
  }
}
