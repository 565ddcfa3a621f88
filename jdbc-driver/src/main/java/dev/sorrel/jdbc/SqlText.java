package dev.sorrel.jdbc;

import java.util.Locale;
import java.util.Set;

/**
 * What kind of statement a piece of SQL text is, read from its first word,
 * so that a call that does not fit it ({@code executeQuery} with an INSERT,
 * a write on a read-only connection) is refused before anything runs:
 * Calcite executes DDL while it prepares it. Public for the server, which
 * must know the same before it prepares a client's statement.
 */
public final class SqlText {
  /** The words a statement that returns rows starts with. */
  private static final Set<String> QUERY_WORDS = Set.of("SELECT", "WITH", "VALUES", "EXPLAIN",
      "TABLE", "DESCRIBE");
  /** The words a transaction control statement starts with (and SET TRANSACTION). */
  private static final Set<String> TRANSACTION_WORDS = Set.of("BEGIN", "START", "COMMIT",
      "ROLLBACK", "SAVEPOINT", "RELEASE");
  /** The words a statement that changes rows (and is planned like a query) starts with. */
  private static final Set<String> DML_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");

  private SqlText() {
  }

  /** Whether the statement only reads and returns rows (a query, EXPLAIN or DESCRIBE). */
  public static boolean isQuery(String sql) {
    final String word = firstWord(sql);
    return word.isEmpty() || word.equals("(") || QUERY_WORDS.contains(word);
  }

  /**
   * Whether the statement controls the transaction (BEGIN, COMMIT, ROLLBACK,
   * SAVEPOINT, RELEASE, SET TRANSACTION): it writes nothing itself.
   */
  static boolean isTransactionControl(String sql) {
    final String word = firstWord(sql);
    if (TRANSACTION_WORDS.contains(word)) {
      return !isStartRun(sql);
    }
    if (!word.equals("SET")) {
      return false;
    }
    final String rest = sql.substring(sql.toUpperCase(Locale.ROOT).indexOf("SET") + 3);
    return firstWord(rest).equals("TRANSACTION");
  }

  /**
   * Whether the statement returns rows: a query, {@code START RUN}, which
   * writes and returns the new run's id (as an {@code INSERT ... RETURNING}
   * would), or {@code CHECK MONITOR}, which returns its results and records
   * them; neither is a query for a read-only connection.
   */
  public static boolean returnsRows(String sql) {
    return isQuery(sql) || isStartRun(sql) || isCheckMonitor(sql);
  }

  /** Whether the statement is {@code CHECK MONITOR}. */
  private static boolean isCheckMonitor(String sql) {
    return firstWord(sql).equals("CHECK")
        && wordAt(sql, skip(sql, skip(sql, 0) + "CHECK".length())).equals("MONITOR");
  }

  /**
   * Whether the statement changes rows (INSERT, UPDATE, DELETE, MERGE): it is
   * planned when prepared, and runs only when executed, unlike DDL.
   */
  public static boolean isDataManipulation(String sql) {
    return DML_WORDS.contains(firstWord(sql));
  }

  /** Whether the statement is {@code START RUN} (not {@code START TRANSACTION}). */
  private static boolean isStartRun(String sql) {
    return firstWord(sql).equals("START")
        && wordAt(sql, skip(sql, skip(sql, 0) + "START".length())).equals("RUN");
  }

  /**
   * The first word, upper-cased, after white space and comments; "(" for a
   * parenthesised query; empty if there is none (a syntax error, reported
   * when the text is parsed).
   */
  public static String firstWord(String sql) {
    final int i = skip(sql, 0);
    return i < sql.length() && sql.charAt(i) == '(' ? "(" : wordAt(sql, i);
  }

  /** The index of the first character at or after {@code i} that is no white space or comment. */
  private static int skip(String sql, int i) {
    final int n = sql.length();
    while (i < n) {
      final char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (sql.startsWith("--", i)) {
        final int newline = sql.indexOf('\n', i);
        i = newline < 0 ? n : newline + 1;
      } else if (sql.startsWith("/*", i)) {
        final int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    return i;
  }

  /** The word of letters at {@code i}, upper-cased; empty if none starts there. */
  private static String wordAt(String sql, int i) {
    int end = Math.min(i, sql.length());
    while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
      end++;
    }
    return sql.substring(Math.min(i, end), end).toUpperCase(Locale.ROOT);
  }
}
