package dev.sorrel.sql;

import static org.apache.calcite.util.Static.RESOURCE;

import org.apache.calcite.runtime.CalciteContextException;

import dev.sorrel.engine.ErrorCode;

/**
 * A validation error as Calcite reports it (message with line and column,
 * the validator's exception as cause), with the SQLState Sorrel gives it.
 * It stays a {@link CalciteContextException} because Calcite's validator
 * catches and inspects its own errors while it works.
 */
public final class SorrelValidationException extends CalciteContextException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  SorrelValidationException(ErrorCode code, CalciteContextException error) {
    super(context(error), error.getCause(), error.getPosLine(), error.getPosColumn(),
        error.getEndPosLine(), error.getEndPosColumn());
    setOriginalStatement(error.getOriginalStatement());
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /**
   * The SQLState of any validation error: its own for one raised by Sorrel's
   * validator; for one Calcite raised elsewhere (its own analysis of a view
   * definition, for one), that of the Calcite resource its message was
   * formatted from.
   */
  public static ErrorCode codeOf(CalciteContextException error) {
    return error instanceof SorrelValidationException coded ? coded.code
        : SorrelValidator.codeOfMessage(
            error.getCause() == null ? null : error.getCause().getMessage());
  }

  /** "From line 1, column 8 to line 1, column 9", as Calcite words a position. */
  private static String context(CalciteContextException e) {
    final int line = e.getPosLine();
    final int column = e.getPosColumn();
    final int endLine = e.getEndPosLine();
    final int endColumn = e.getEndPosColumn();
    return (line == endLine && column == endColumn
        ? RESOURCE.validatorContextPoint(line, column)
        : RESOURCE.validatorContext(line, column, endLine, endColumn)).str();
  }
}
