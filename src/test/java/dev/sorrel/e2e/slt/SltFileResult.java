package dev.sorrel.e2e.slt;

import java.util.List;

/**
 * What one {@code .test} file did on one engine.
 *
 * @param file the file's path inside the suite, e.g. {@code select1.test}
 * @param queries the queries the file runs on this engine (after {@code skipif}/{@code onlyif})
 * @param passed queries whose result matched
 * @param failed queries that failed or returned another result
 * @param skipped queries never run because the file was abandoned after a statement hung
 * @param statements statements run
 * @param statementsFailed statements whose outcome was not the expected one
 * @param problems one line per failure: a group key and the statement or query
 * @param millis wall-clock time of the file
 */
record SltFileResult(String file, int queries, int passed, int failed, int skipped,
    int statements, int statementsFailed, List<Problem> problems, long millis) {

  /**
   * One failed statement or query.
   *
   * @param group what went wrong, with numbers and names taken out, so that alike failures
   *     group together in the summary
   * @param message the full message
   * @param sql the statement or query
   */
  record Problem(String group, String message, String sql) {
  }
}
