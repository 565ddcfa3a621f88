package dev.sorrel.engine.table;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One comparison of a table column with values, as a query's filter states
 * it: {@code column op operand}, or {@code column IN (operands)}. The words
 * in which a query layer asks a table how to read the rows a filter can keep
 * ({@link Table#accessPath}); they carry no query-language types.
 *
 * @param column ordinal of the compared column in the table
 * @param operator the comparison, with the column on its left
 * @param operands one operand for a comparison, one or more for {@code IN}
 */
public record KeyPredicate(int column, Operator operator, List<Operand> operands) {

  public KeyPredicate {
    Objects.requireNonNull(operator, "operator");
    operands = List.copyOf(operands);
    if (operator == Operator.IN ? operands.isEmpty() : operands.size() != 1) {
      throw new IllegalArgumentException(operator + " with " + operands.size() + " operands");
    }
  }

  /** {@code column operator operand}. */
  public static KeyPredicate of(int column, Operator operator, Operand operand) {
    return new KeyPredicate(column, operator, List.of(operand));
  }

  /** {@code column IN (operands)}. */
  public static KeyPredicate in(int column, List<Operand> operands) {
    return new KeyPredicate(column, Operator.IN, operands);
  }

  /** The operand of a comparison (the first of an {@code IN} list). */
  public Operand operand() {
    return operands.get(0);
  }

  @Override public String toString() {
    return "$" + column + " " + operator.symbol + " " + (operator == Operator.IN
        ? operands.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"))
        : String.valueOf(operand()));
  }

  /** How the column compares with its operands. */
  public enum Operator {
    EQUAL("="), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">="),
    IN("IN");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    /**
     * The operator with its operands swapped: {@code 3 < x} is {@code x > 3}.
     *
     * @throws IllegalArgumentException for {@code IN}, which has no mirror image
     */
    public Operator reverse() {
      return switch (this) {
        case EQUAL -> EQUAL;
        case LESS -> GREATER;
        case LESS_OR_EQUAL -> GREATER_OR_EQUAL;
        case GREATER -> LESS;
        case GREATER_OR_EQUAL -> LESS_OR_EQUAL;
        case IN -> throw new IllegalArgumentException("IN cannot be reversed");
      };
    }
  }

  /** A value a column is compared with: known when the query is planned, or a parameter. */
  public sealed interface Operand permits Constant, Parameter {
  }

  /**
   * A value fixed when the query is planned, in storage representation (see
   * {@link Values}) but not yet converted to the column's type: the table
   * decides whether it can use it exactly. SQL NULL is not a constant (a
   * comparison with NULL is never true; the caller leaves it out).
   */
  public record Constant(Object value) implements Operand {
    public Constant {
      Objects.requireNonNull(value, "value");
    }

    @Override public String toString() {
      return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
  }

  /**
   * The value of the statement parameter with this index, given at each
   * execution in storage representation (see {@link AccessPath#ranges}).
   */
  public record Parameter(int index) implements Operand {
    @Override public String toString() {
      return "?" + index;
    }
  }
}
