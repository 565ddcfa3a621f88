package dev.sorrel.jdbc;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.arrow.driver.jdbc.SorrelDirectStreams;

import dev.sorrel.engine.ErrorCode;

/**
 * The one-call execution of a server connection's prepared query
 * ({@link DirectExecute}): it remembers the SQL text and the values bound
 * through the plain setters, and {@code executeQuery()} sends them in the
 * ticket of one {@code DoGet} instead of Arrow's driver's three calls.
 *
 * <p>The values are also passed on to Arrow's prepared statement, which checks
 * them as before and runs every execution this path does not take: a value
 * bound with a setter outside the plain ones (streams, LOBs, a
 * {@code Calendar}, a target type), a statement that is not a query, {@code execute},
 * {@code executeUpdate} and batches.
 */
final class DirectPrepared {
  private final String sql;
  private Object[] values = new Object[0];
  /** Per parameter: 0 unbound, 1 bound to a value in {@link #values}, 2 bound another way. */
  private byte[] bound = new byte[0];
  /** Parameter count and whether the statement returns rows, read once from Arrow's statement. */
  private int parameterCount = -1;
  private boolean query;
  /** The result set of the last one-call execution, while it is the statement's current one. */
  private ResultSet current;
  /**
   * The last one-call result set this statement closed, and whether a cancel closed it:
   * Arrow's result set, closed from outside, would read released buffers at its next call.
   */
  private ResultSet retired;
  private boolean retiredByCancel;
  /**
   * The call of the one-call execution under way in {@link #executeQuery}, from before its
   * ticket is sent until its first rows have arrived, or null: a cancel in that time cancels
   * the call, and the server the query.
   */
  private SorrelDirectStreams.Call pending;

  DirectPrepared(String sql) {
    this.sql = sql;
  }

  /** Remembers the value of a parameter setter that Arrow's statement has accepted. */
  synchronized void record(Method setter, Object[] args) {
    if (args == null || args.length < 2 || !(args[0] instanceof Integer index) || index < 1) {
      return;
    }
    final int i = index - 1;
    if (i >= bound.length) {
      final int size = Math.max(i + 1, bound.length * 2);
      bound = Arrays.copyOf(bound, size);
      values = Arrays.copyOf(values, size);
    }
    final String name = setter.getName();
    final boolean plain = switch (name) {
      case "setNull" -> true;
      case "setBoolean", "setByte", "setShort", "setInt", "setLong", "setFloat", "setDouble",
          "setBigDecimal", "setString", "setBytes", "setDate", "setTime", "setTimestamp",
          "setObject" -> args.length == 2 && DirectExecute.isEncodable(args[1]);
      default -> false;
    };
    values[i] = plain && !name.equals("setNull") ? args[1] : null;
    bound[i] = (byte) (plain ? 1 : 2);
  }

  synchronized void clear() {
    Arrays.fill(bound, (byte) 0);
    Arrays.fill(values, null);
  }

  /**
   * Runs the query in one call and gives its rows, or null if this execution
   * must go through Arrow's statement (see the class comment).
   */
  ResultSet executeQuery(PreparedStatement arrow, Connection arrowConnection)
      throws SQLException {
    final SorrelDirectStreams.Call call = new SorrelDirectStreams.Call();
    synchronized (this) {
      pending = call;
    }
    ResultSet rows = null;
    try {
      final byte[] ticket = ticket(arrow);
      if (ticket == null) {
        return null;
      }
      closeCurrent();
      rows = SorrelDirectStreams.open(arrowConnection, ticket, call);
    } catch (SQLException | RuntimeException e) {
      if (call.isCanceled()) {
        final SQLException canceled = canceled();
        canceled.addSuppressed(e);
        throw canceled;
      }
      throw e;
    } finally {
      synchronized (this) {
        pending = null;
        if (rows != null && !call.isCanceled()) {
          current = rows;
        }
      }
    }
    if (call.isCanceled()) {
      // Canceled as the first rows arrived: the execution ends as one canceled earlier does.
      rows.close();
      throw canceled();
    }
    return rows;
  }

  /**
   * The ticket of an execution with the values bound now, or null if it must go through
   * Arrow's statement.
   */
  private synchronized byte[] ticket(PreparedStatement arrow) throws SQLException {
    if (parameterCount < 0) {
      final ResultSetMetaData metaData = arrow.getMetaData();
      query = metaData != null && metaData.getColumnCount() > 0;
      parameterCount = arrow.getParameterMetaData().getParameterCount();
    }
    if (!query) {
      return null;
    }
    final List<Object> parameters = new ArrayList<>(parameterCount);
    for (int i = 0; i < parameterCount; i++) {
      final byte how = i < bound.length ? bound[i] : 0;
      if (how == 0) {
        // As embedded: Arrow's driver would send the execution and fail without a state.
        throw SqlErrors.create(ErrorCode.INVALID_PARAMETER_VALUE.sqlState(),
            "parameter " + (i + 1) + " has no value", null);
      }
      if (how == 2) {
        return null;
      }
      parameters.add(values[i]);
    }
    return DirectExecute.encode(sql, arrow.getQueryTimeout(), arrow.getLargeMaxRows(),
        parameters);
  }

  private static SQLException canceled() {
    return SqlErrors.create(ErrorCode.QUERY_CANCELED.sqlState(), "query canceled", null);
  }

  /**
   * The description of the statement's rows, for a one-call result without rows: Arrow's
   * result set learns its columns from the first batch, and a stream whose only batch is
   * empty leaves it without any. The prepared statement's description comes from the same
   * schema the server streams.
   */
  ResultSetMetaData describe(ResultSet rows, PreparedStatement arrow) throws SQLException {
    final ResultSetMetaData own = rows.getMetaData();
    return own.getColumnCount() == 0 ? arrow.getMetaData() : own;
  }

  /** The result set of the last one-call execution if it is the current one, else null. */
  synchronized ResultSet current() {
    return current;
  }

  /**
   * Closes the last one-call result set (another execution starts, the
   * statement is canceled or closed); closing it cancels its stream.
   */
  void closeCurrent() throws SQLException {
    retire(false);
  }

  /**
   * Cancels the statement's one-call execution, at whatever point it is: a call still
   * waiting for its first rows is canceled (its {@code executeQuery} fails with 57014 and
   * the server cancels the query), and a result set being read is closed (its next call
   * fails with 57014). Does nothing when no one-call execution runs.
   */
  void cancel() throws SQLException {
    final SorrelDirectStreams.Call call;
    synchronized (this) {
      call = pending;
    }
    if (call != null) {
      call.cancel();
    }
    retire(true);
  }

  /**
   * The error for a call on a result set this statement closed (57014 after a cancel,
   * else 24000), or null if it did not close it.
   */
  synchronized SQLException retiredError(Object rows) {
    if (rows != retired) {
      return null;
    }
    return retiredByCancel
        ? SqlErrors.create(ErrorCode.QUERY_CANCELED.sqlState(), "query canceled", null)
        : SqlErrors.create(ErrorCode.INVALID_CURSOR_STATE.sqlState(),
            "the result set is closed", null);
  }

  private void retire(boolean canceled) throws SQLException {
    final ResultSet open;
    synchronized (this) {
      open = current;
      current = null;
      if (open != null) {
        retired = open;
        retiredByCancel = canceled;
      }
    }
    if (open != null) {
      open.close();
    }
  }
}
