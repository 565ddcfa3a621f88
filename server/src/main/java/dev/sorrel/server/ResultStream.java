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

/**
 * Sends a query's rows to a client as Arrow record batches while they are
 * read: one batch of at most {@code batchRows} rows is in memory at a time,
 * and the next is read only when the client's transport can take it, so a
 * result of any size streams in bounded memory on the server.
 *
 * <p>When the client cancels the call (Statement.cancel, a timeout, or a
 * dropped connection), {@code onCancel} runs on the transport's thread: it
 * cancels the running statement, whose reads then fail with 57014 and end the
 * stream, releasing its snapshot.
 */
final class ResultStream implements AutoCloseable {
  /** How long to wait for a client to take a batch before checking again. */
  private static final long WAIT_MILLIS = 10_000;

  private final ServerStreamListener listener;
  private final VectorSchemaRoot root;
  private final ColumnWriter[] writers;
  private final int batchRows;
  private final Backpressure backpressure;
  private boolean started;
  private long batches;

  /** Waits for the client to be ready, and runs a cancel action when it cancels. */
  private static final class Backpressure extends BackpressureStrategy.CallbackBackpressureStrategy {
    private volatile Runnable onCancel = () -> { };

    @Override protected void cancelCallback() {
      onCancel.run();
    }
  }

  ResultStream(ServerStreamListener listener, Schema schema, BufferAllocator allocator,
      int batchRows) {
    this.listener = listener;
    this.root = VectorSchemaRoot.create(schema, allocator);
    this.batchRows = batchRows;
    final List<FieldVector> vectors = root.getFieldVectors();
    this.writers = new ColumnWriter[vectors.size()];
    for (int i = 0; i < writers.length; i++) {
      writers[i] = ColumnWriter.of(vectors.get(i));
    }
    this.backpressure = new Backpressure();
    backpressure.register(listener);
  }

  /** What to do when the client cancels the call: cancel the statement producing the rows. */
  void onCancel(Runnable action) {
    backpressure.onCancel = action;
    if (listener.isCancelled()) {
      action.run();
    }
  }

  boolean isCancelled() {
    return listener.isCancelled();
  }

  /**
   * Sends every row of {@code rows}; false if the client went away first.
   * Several result sets (one per parameter row) may be sent one after the other.
   */
  boolean send(ResultSet rows) throws SQLException {
    start();
    while (true) {
      int n = 0;
      root.allocateNew();
      while (n < batchRows && rows.next()) {
        for (int c = 0; c < writers.length; c++) {
          writers[c].write(rows, c + 1, n);
        }
        n++;
      }
      if (n == 0) {
        return !listener.isCancelled();
      }
      root.setRowCount(n);
      if (!awaitReady()) {
        return false;
      }
      listener.putNext();
      batches++;
      if (n < batchRows) {
        return !listener.isCancelled();
      }
    }
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
    if (batches == 0 && !listener.isCancelled()) {
      root.allocateNew();
      root.setRowCount(0);
      listener.putNext();
    }
    listener.completed();
  }

  private boolean awaitReady() {
    while (true) {
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
    root.close();
  }
}
