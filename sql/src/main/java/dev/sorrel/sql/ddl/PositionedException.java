package dev.sorrel.sql.ddl;

import org.apache.calcite.sql.parser.SqlParserPos;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * An error in a statement that knows where in the statement it is, so the
 * user is told the line and column as for a syntax error.
 */
public final class PositionedException extends SorrelException {
  private final SqlParserPos position;

  public PositionedException(ErrorCode code, SqlParserPos position, String message) {
    super(code, message);
    this.position = position;
  }

  public SqlParserPos position() {
    return position;
  }
}
