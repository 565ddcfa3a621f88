package dev.sorrel.server;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

import io.grpc.Context;

import dev.sorrel.jdbc.DirectValues;

/**
 * Sends a query's rows to a client as Arrow record batches while they are
 * read: one batch of at most {@code batchRows} rows is in memory at a time,
 * and the next is read only when the client's transport can take it, so a
 * result of any size streams in bounded memory on the server.
 *
 * <p>When the client cancels the call (Statement.cancel, a timeout, or a
 * dropped connection), {@code onCancel} runs at once, whatever the stream is
 * doing: it cancels the running statement, whose reads then fail with 57014
 * and end the stream, releasing its snapshot. gRPC delivers a call's own cancel
 * notice only after the handler that streams its rows returns, so the stream
 * listens to the call's gRPC {@link Context}, which gRPC cancels as soon as
 * the client's cancel arrives, even before the first batch.
 *
 * <p>The vectors are first allocated for {@link #FIRST_BATCH_ROWS} rows and
 * grow as rows are written (the next batches start at the grown size), so that
 * a query of a few rows, a point lookup above all, does not allocate and clear
 * buffers for {@code batchRows} rows at every execution.
 */
final class ResultStream implements AutoCloseable {
  /** How long to wait for a client to take a batch before checking again. */
  private static final long WAIT_MILLIS = 10_000;
  /** The rows the vectors have room for at first. */
  static final int FIRST_BATCH_ROWS = 64;

  private final ServerStreamListener listener;
  private final VectorSchemaRoot root;
  private final ColumnWriter[] writers;
  /**
   * Per column, the writer that reads from the result set beneath Sorrel's, or null
   * (from the start, or after it failed once) to read through Sorrel's.
   */
  private final ColumnWriter[] direct;
  private final int batchRows;
  private final long maxRows;
  private final long maxBytes;
  private final Backpressure backpressure;
  /** The call's gRPC context, canceled when the client cancels the call. */
  private final Context call = Context.current();
  private Context.CancellationListener cancelListener;
  private boolean started;
  private long batches;
  private long rowsSent;
  private long bytesSent;

  /** Waits for the client to be ready, and runs a cancel action when it cancels. */
  private static final class Backpressure extends BackpressureStrategy.CallbackBackpressureStrategy {
    private volatile Runnable onCancel = () -> { };

    @Override protected void cancelCallback() {
      onCancel.run();
    }
  }

  /**
   * @param maxRows the most rows to send (0 for no limit): the rows up to it are
   *     sent, then the stream ends with 53400
   * @param maxBytes the most bytes of Arrow buffers to send (0 for no limit): the
   *     batch that would pass it is not sent, and the stream ends with 53400
   */
  ResultStream(ServerStreamListener listener, Schema schema, BufferAllocator allocator,
      int batchRows, long maxRows, long maxBytes) {
    this.listener = listener;
    this.root = VectorSchemaRoot.create(schema, allocator);
    for (FieldVector vector : root.getFieldVectors()) {
      vector.setInitialCapacity(Math.min(batchRows, FIRST_BATCH_ROWS));
    }
    this.batchRows = batchRows;
    this.maxRows = maxRows;
    this.maxBytes = maxBytes;
    final List<FieldVector> vectors = root.getFieldVectors();
    this.writers = new ColumnWriter[vectors.size()];
    this.direct = new ColumnWriter[vectors.size()];
    for (int i = 0; i < writers.length; i++) {
      writers[i] = ColumnWriter.of(vectors.get(i));
      direct[i] = ColumnWriter.direct(vectors.get(i));
    }
    this.backpressure = new Backpressure();
    backpressure.register(listener);
  }

  /**
   * What to do when the client cancels the call: cancel the statement producing the rows.
   * It runs once at most, on the thread that learns of the cancel first.
   */
  void onCancel(Runnable action) {
    final Runnable once = new Runnable() {
      private boolean ran;

      @Override public void run() {
        synchronized (this) {
          if (ran) {
            return;
          }
          ran = true;
        }
        action.run();
      }
    };
    backpressure.onCancel = once;
    cancelListener = canceled -> {
      once.run();
      backpressure.interruptWait(); // a wait for the client ends: it has gone
    };
    call.addListener(cancelListener, Runnable::run);
    if (isCancelled()) {
      once.run();
    }
  }

  boolean isCancelled() {
    return listener.isCancelled() || call.isCancelled();
  }

  /**
   * Sends every row of {@code rows}; false if the client went away first.
   * Several result sets (one per parameter row) may be sent one after the other.
   */
  boolean send(ResultSet rows) throws SQLException {
    start();
    // Plain values are read beneath Sorrel's JDBC objects, whose per-call dispatch cost more
    // than the values themselves; rows advance through them, so that cancellation and the
    // errors of evaluating a row are Sorrel's.
    final ResultSet values = DirectValues.of(rows);
    while (true) {
      int n = 0;
      root.allocateNew();
      while (n < batchRows && rows.next()) {
        for (int c = 0; c < writers.length; c++) {
          write(c, values, rows, n);
        }
        n++;
      }
      if (n == 0) {
        return !isCancelled();
      }
      final boolean tooManyRows = maxRows > 0 && rowsSent + n > maxRows;
      if (tooManyRows) {
        n = (int) (maxRows - rowsSent);
      }
      root.setRowCount(n);
      if (maxBytes > 0) {
        long bytes = 0;
        for (FieldVector vector : root.getFieldVectors()) {
          bytes += vector.getBufferSize();
        }
        if (bytesSent + bytes > maxBytes) {
          throw new SQLException("the result is larger than this server allows ("
              + maxBytes + " bytes, --max-result-bytes) after " + rowsSent
              + " rows; select fewer rows or columns", "53400");
        }
        bytesSent += bytes;
      }
      if (n > 0) {
        if (!awaitReady()) {
          return false;
        }
        listener.putNext();
        batches++;
        rowsSent += n;
      }
      if (tooManyRows) {
        throw new SQLException("the result has more rows than this server allows (" + maxRows
            + ", --max-result-rows); the first " + maxRows + " were sent. Add a WHERE clause"
            + " or LIMIT", "53400");
      }
      if (n < batchRows) {
        return !isCancelled();
      }
    }
  }

  private void write(int column, ResultSet values, ResultSet rows, int row)
      throws SQLException {
    final ColumnWriter fast = direct[column];
    if (fast != null && values != rows) {
      try {
        fast.write(values, column + 1, row);
        return;
      } catch (SQLException | RuntimeException e) {
        // Not a value the fast path reads (or a failure it does not translate): read this
        // column through Sorrel's result set from now on, which converts the value or raises
        // the error a client expects.
        direct[column] = null;
      }
    }
    writers[column].write(rows, column + 1, row);
  }

  /** Starts the stream, so that even an empty result carries its schema. */
  void start() {
    if (!started) {
      started = true;
      listener.start(root);
    }
  }

  /**
   * Ends the stream successfully. An empty result still sends one empty batch:
   * Arrow's JDBC driver describes a stream without batches with its columns
   * listed twice.
   */
  void complete() {
    start();
    if (batches == 0 && !isCancelled()) {
      root.allocateNew();
      root.setRowCount(0);
      listener.putNext();
    }
    listener.completed();
  }

  private boolean awaitReady() {
    while (true) {
      if (call.isCancelled()) {
        return false;
      }
      switch (backpressure.waitForListener(WAIT_MILLIS)) {
        case READY -> {
          return true;
        }
        case CANCELLED, OTHER -> {
          return false;
        }
        case TIMEOUT -> {
          // A slow reader: keep its place and wait on, holding one batch only.
        }
      }
    }
  }

  @Override public void close() {
    if (cancelListener != null) {
      call.removeListener(cancelListener);
    }
    root.close();
  }
}
