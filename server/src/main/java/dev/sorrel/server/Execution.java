package dev.sorrel.server;

import java.sql.ResultSet;
import java.sql.SQLException;

import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

import com.google.protobuf.ByteString;

import dev.sorrel.jdbc.DirectExecute;

/**
 * One execution of a statement, from the moment a client asks for it
 * (GetFlightInfo, which hands back a ticket naming this execution) to the end
 * of the stream the client fetches with that ticket (DoGet). The statement
 * runs when the stream is fetched, on the fetching call's thread, so that
 * cancelling the call cancels the statement; the parameter values are those
 * bound when the client asked.
 */
final class Execution {
  private final ByteString id;
  private final ServerStatement statement;
  private final VectorSchemaRoot parameters;
  /** A one-call execution's values and limits ({@link DirectExecute}); null otherwise. */
  private final DirectExecute.Request direct;
  /** Whether the statement was prepared for this execution alone (closed after it). */
  private final boolean ownsStatement;
  private final long createdNanos = System.nanoTime();
  private volatile ServerStatement.Lease running;
  private volatile boolean canceled;
  private boolean discarded;

  Execution(ByteString id, ServerStatement statement, VectorSchemaRoot parameters,
      boolean ownsStatement) {
    this(id, statement, parameters, null, ownsStatement);
  }

  /** A one-call execution: the values and limits travel with the request that runs it. */
  Execution(ByteString id, ServerStatement statement, DirectExecute.Request direct) {
    this(id, statement, null, direct, false);
  }

  private Execution(ByteString id, ServerStatement statement, VectorSchemaRoot parameters,
      DirectExecute.Request direct, boolean ownsStatement) {
    this.id = id;
    this.statement = statement;
    this.parameters = parameters;
    this.direct = direct;
    this.ownsStatement = ownsStatement;
  }

  ByteString id() {
    return id;
  }

  ServerStatement statement() {
    return statement;
  }

  long ageNanos(long now) {
    return now - createdNanos;
  }

  /**
   * Runs the statement and streams its rows (none for a statement without
   * rows); failures go to the client as Flight errors. Releases everything the
   * execution holds before returning.
   */
  void stream(ServerStreamListener listener, BufferAllocator allocator, ServerOptions options)
      throws SQLException {
    // The stream closes first: once it has stopped listening for the client's cancel, the
    // lease gives the embedded statement back to the next execution.
    try (ServerStatement.Lease lease = statement.lease();
        ResultStream out = new ResultStream(listener, statement.resultSchema(), allocator,
            options.batchRows(), options.maxResultRows(), options.maxResultBytes())) {
      running = lease;
      out.onCancel(this::cancel);
      if (canceled) {
        throw new SQLException("query canceled", "57014");
      }
      if (direct != null) {
        // The embedded statement is reused by the next execution: every one sets both limits.
        lease.prepared().setQueryTimeout(direct.queryTimeoutSeconds());
        lease.prepared().setLargeMaxRows(direct.maxRows());
        Parameters.bind(lease.prepared(), statement.parameterCount(), direct.parameters());
      }
      final int rows = parameters == null ? 1 : Math.max(1, parameters.getRowCount());
      for (int row = 0; row < rows; row++) {
        if (parameters != null && parameters.getRowCount() > 0) {
          Parameters.bind(lease.prepared(), statement.parameterCount(), parameters, row);
        }
        switch (statement.kind()) {
          case QUERY -> {
            try (ResultSet result = lease.prepared().executeQuery()) {
              if (!out.send(result)) {
                return;
              }
            }
          }
          case UPDATE -> lease.prepared().executeLargeUpdate();
        }
      }
      out.complete();
    } finally {
      running = null;
      discard();
    }
  }

  /** Cancels the execution: a running statement stops with 57014; a pending one never runs. */
  void cancel() {
    canceled = true;
    final ServerStatement.Lease lease = running;
    if (lease != null) {
      lease.cancel();
    }
  }

  boolean isRunning() {
    return running != null;
  }

  /**
   * Releases the parameter values, and the statement if it was this
   * execution's own; safe to call more than once.
   */
  void discard() {
    synchronized (this) {
      if (discarded) {
        return;
      }
      discarded = true;
    }
    if (parameters != null) {
      parameters.close();
    }
    if (ownsStatement) {
      statement.close();
    }
  }
}
