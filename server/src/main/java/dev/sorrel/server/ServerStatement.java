package dev.sorrel.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

import com.google.protobuf.ByteString;

import dev.sorrel.jdbc.SqlText;

/**
 * A statement a client prepared, kept on the server until the client closes
 * it: the embedded prepared statement (so every execution reuses its plan),
 * the schemas of its rows and parameters, and the parameter values the
 * client last bound.
 *
 * <p>Every statement is prepared when the client prepares it; one that is not
 * a query (a data change, DDL, COPY, a model upload whose bytes are its
 * parameter) acts when executed, once each time, as embedded.
 */
final class ServerStatement implements AutoCloseable {
  /** What a statement gives when executed. */
  enum Kind {
    /** Rows. */
    QUERY,
    /** An update count: a data change, DDL or any other statement. */
    UPDATE
  }

  private static final Schema NO_COLUMNS = new Schema(java.util.List.of());

  private final ByteString handle;
  private final Session session;
  private final Connection connection;
  private final String sql;
  private final Kind kind;
  private final PreparedStatement prepared;
  private final Schema resultSchema;
  private final Schema parameterSchema;
  private final BufferAllocator allocator;
  /** Held while an execution uses {@link #prepared}; a concurrent one prepares its own. */
  private final ReentrantLock inUse = new ReentrantLock();
  private VectorSchemaRoot binding;
  private boolean closed;

  private ServerStatement(ByteString handle, Session session, Connection connection, String sql,
      Kind kind, PreparedStatement prepared, Schema resultSchema, Schema parameterSchema,
      BufferAllocator allocator) {
    this.handle = handle;
    this.session = session;
    this.connection = connection;
    this.sql = sql;
    this.kind = kind;
    this.prepared = prepared;
    this.resultSchema = resultSchema;
    this.parameterSchema = parameterSchema;
    this.allocator = allocator;
  }

  /** Prepares a statement on a session's connection (or its transaction's). */
  static ServerStatement prepare(ByteString handle, Session session, Connection connection,
      String sql, BufferAllocator allocator) throws SQLException {
    final PreparedStatement prepared = connection.prepareStatement(sql);
    try {
      final boolean rows = SqlText.returnsRows(sql);
      final ResultSetMetaData metaData = rows ? prepared.getMetaData() : null;
      final Schema result = metaData == null ? NO_COLUMNS : ArrowTypes.resultSchema(metaData);
      final Schema parameters = ArrowTypes.parameterSchema(prepared.getParameterMetaData());
      return new ServerStatement(handle, session, connection, sql,
          rows ? Kind.QUERY : Kind.UPDATE, prepared, result, parameters, allocator);
    } catch (SQLException | RuntimeException e) {
      prepared.close();
      throw e;
    }
  }

  ByteString handle() {
    return handle;
  }

  Session session() {
    return session;
  }

  String sql() {
    return sql;
  }

  Kind kind() {
    return kind;
  }

  /** The schema of the rows; empty for a statement that gives an update count. */
  Schema resultSchema() {
    return resultSchema;
  }

  Schema parameterSchema() {
    return parameterSchema;
  }

  int parameterCount() {
    return parameterSchema.getFields().size();
  }

  /** Keeps a copy of parameter values for the next executions, replacing the last ones. */
  synchronized void bind(VectorSchemaRoot values) {
    final VectorSchemaRoot copy = copy(values);
    if (binding != null) {
      binding.close();
    }
    binding = copy;
  }

  /** A copy of the bound parameter values for one execution (null if none are bound). */
  synchronized VectorSchemaRoot boundValues() {
    return binding == null ? null : copy(binding);
  }

  private VectorSchemaRoot copy(VectorSchemaRoot values) {
    final VectorSchemaRoot copy = VectorSchemaRoot.create(values.getSchema(), allocator);
    try {
      copy.allocateNew();
      for (int i = 0; i < values.getFieldVectors().size(); i++) {
        final var from = values.getVector(i);
        final var to = copy.getVector(i);
        for (int row = 0; row < values.getRowCount(); row++) {
          to.copyFromSafe(row, row, from);
        }
        to.setValueCount(values.getRowCount());
      }
      copy.setRowCount(values.getRowCount());
      return copy;
    } catch (RuntimeException e) {
      copy.close();
      throw e;
    }
  }

  /**
   * The embedded statement an execution runs: the prepared one, or, while
   * another execution uses it, one prepared for this execution alone (closed
   * with the lease).
   */
  Lease lease() throws SQLException {
    checkOpen();
    if (inUse.tryLock()) {
      return new Lease(prepared, false, inUse);
    }
    return new Lease(connection.prepareStatement(sql), true, null);
  }

  private synchronized void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("the prepared statement has been closed", "26000");
    }
  }

  /** One execution's hold on an embedded prepared statement. */
  static final class Lease implements AutoCloseable {
    private final PreparedStatement statement;
    private final boolean own;
    private final ReentrantLock lock;
    /** Set once the lease is released: a late cancel must not reach the next execution. */
    private boolean released;

    private Lease(PreparedStatement statement, boolean own, ReentrantLock lock) {
      this.statement = statement;
      this.own = own;
      this.lock = lock;
    }

    PreparedStatement prepared() {
      return statement;
    }

    /**
     * Asks the running execution to stop (from any thread); does nothing once the lease is
     * released, when the embedded statement may already run another execution.
     */
    synchronized void cancel() {
      if (released) {
        return;
      }
      try {
        statement.cancel();
      } catch (SQLException ignored) {
        // Already closed: nothing runs any more.
      }
    }

    @Override public void close() throws SQLException {
      synchronized (this) {
        // A cancel in progress finishes first, on this execution.
        released = true;
      }
      try {
        if (own) {
          statement.close();
        } else {
          statement.clearParameters();
        }
      } finally {
        if (lock != null) {
          lock.unlock();
        }
      }
    }
  }

  @Override public void close() {
    final VectorSchemaRoot values;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      values = binding;
      binding = null;
    }
    if (values != null) {
      values.close();
    }
    if (prepared != null) {
      try {
        prepared.close();
      } catch (SQLException ignored) {
        // Closing a statement only releases it; an error here changes nothing for the client.
      }
    }
  }
}
