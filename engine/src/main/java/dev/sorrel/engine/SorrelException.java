package dev.sorrel.engine;

/**
 * The engine's one exception type: a message a person can act on and an
 * {@link ErrorCode} that gives its SQLState. Storage failures are translated
 * into it once, where the engine calls storage.
 */
public class SorrelException extends RuntimeException {
  private final ErrorCode code;

  public SorrelException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public SorrelException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public String sqlState() {
    return code.sqlState();
  }
}
