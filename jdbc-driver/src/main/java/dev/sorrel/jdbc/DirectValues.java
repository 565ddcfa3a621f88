package dev.sorrel.jdbc;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;

/**
 * The result set beneath an embedded Sorrel result set, for code that copies
 * every value of every row (the server's Arrow writer): its getters answer
 * without the per-call dispatch of Sorrel's JDBC objects, which costs more
 * than reading a number.
 *
 * <p>Only the plain getters ({@code getInt}, {@code getLong},
 * {@code getDouble}, {@code getString}, {@code getBytes},
 * {@code getBigDecimal}, {@code getBoolean} and {@code wasNull}) read the
 * same values there ({@code getLong} of a TIMESTAMP column gives the number
 * beneath it, the wall clock's milliseconds as if in UTC, where the values are
 * numbers, and fails where they are not); their failures are not translated into Sorrel's
 * SQLExceptions, so a caller that sees one reads the value again through the
 * result set it was given, which raises the translated error. Rows are
 * advanced through that result set too, so that cancellation, timeouts and
 * the errors of evaluating a row behave as for any caller.
 */
public final class DirectValues {
  private DirectValues() {
  }

  /** The result set beneath {@code rows}, or {@code rows} itself if it is not Sorrel's. */
  public static ResultSet of(ResultSet rows) {
    if (Proxy.isProxyClass(rows.getClass())
        && Proxy.getInvocationHandler(rows) instanceof JdbcProxy handler) {
      return handler.target(ResultSet.class);
    }
    return rows;
  }
}
