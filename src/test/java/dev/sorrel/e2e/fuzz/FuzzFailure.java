package dev.sorrel.e2e.fuzz;

/**
 * A case that did not end as it must: a wrong answer found by an oracle, or a request that
 * ended in something other than success or a clean error. Thrown by a case's body; the runner
 * records it as a failure.
 */
final class FuzzFailure extends Exception {
  private static final long serialVersionUID = 1L;

  FuzzFailure(String message) {
    super(message);
  }
}
