package dev.sorrel.jdbc;

import java.sql.SQLException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.NoSuchStatementException;

/**
 * How a JDBC statement is stopped: {@code Statement.cancel()} and the query
 * timeout ({@code setQueryTimeout}) both set the statement's cancel flag,
 * which every part of an execution polls (the planner, scans, PREDICT,
 * loads and exports, writes) and which makes it fail with 57014.
 *
 * <p>A cancel sets the flag directly instead of through Avatica's
 * {@code cancel()}, which waits for the statement's monitor; so a cancel
 * never waits for the statement it stops. The timeout is armed when an
 * execution starts and counts until its rows are read to the end or closed,
 * or its update count is returned; it fires on the database's
 * {@linkplain dev.sorrel.engine.Database#timers() timer}. Each execution
 * starts with the flag cleared, so neither outlives its execution.
 */
final class StatementControl {
  private final AvaticaStatement statement;
  private final ScheduledExecutorService timers;
  /** The armed timeout, or null. */
  private ScheduledFuture<?> timeout;
  /** Counts executions, so that a timeout firing late cannot stop a later one. */
  private long execution;

  StatementControl(AvaticaStatement statement, ScheduledExecutorService timers) {
    this.statement = statement;
    this.timers = timers;
  }

  /** Asks the running execution, if any, to stop; returns at once. */
  void cancel() throws SQLException {
    if (statement.isClosed()) {
      statement.cancel(); // fails as Avatica fails a call on a closed statement
      return;
    }
    flag().set(true);
  }

  /** Arms the timeout for an execution that is starting, replacing the last one's. */
  synchronized void start() throws SQLException {
    finish();
    if (statement.isClosed()) {
      return; // the execution itself fails, as on any closed statement
    }
    final int seconds = statement.getQueryTimeout();
    if (seconds <= 0) {
      return;
    }
    final AtomicBoolean flag = flag();
    final long current = ++execution;
    timeout = timers.schedule(() -> {
      synchronized (this) {
        if (execution == current) {
          flag.set(true);
        }
      }
    }, seconds, TimeUnit.SECONDS);
  }

  /** Disarms the timeout: the execution has ended. */
  synchronized void finish() {
    execution++;
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }

  private AtomicBoolean flag() throws SQLException {
    try {
      return statement.connection.getCancelFlag(statement.handle);
    } catch (NoSuchStatementException e) {
      throw new SQLException("statement is closed", "HY010", e);
    }
  }
}
