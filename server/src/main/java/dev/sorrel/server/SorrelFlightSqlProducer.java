package dev.sorrel.server;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.CloseSessionResult;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.RenewFlightEndpointRequest;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.impl.Flight;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionBeginSavepointRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionBeginSavepointResult;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionBeginTransactionRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionBeginTransactionResult;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionEndSavepointRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionEndTransactionRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCatalogs;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCrossReference;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetExportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetImportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetPrimaryKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTableTypes;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutPreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutUpdateResult;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import dev.sorrel.jdbc.DirectExecute;
import dev.sorrel.sql.StatementAccess;

/**
 * Sorrel's Arrow Flight SQL service: each Flight SQL command becomes a call on
 * an embedded Sorrel connection of the caller's {@link Session}, and each
 * answer goes back in Flight SQL's shape. The server adapts; Sorrel's driver
 * parses, plans and runs every statement exactly as for an embedded caller.
 *
 * <p>A query runs when its stream is fetched ({@link Execution}); prepared
 * statements stay prepared until the client closes them or its session ends;
 * transactions run on a connection of their own until ended.
 *
 * <p>On a server with users, every call is first authenticated
 * ({@link Authenticator}); each statement is checked against its user's
 * {@link Role} when it is prepared (or executed, if it was never prepared),
 * and counts against its user's running statements while it runs.
 */
final class SorrelFlightSqlProducer implements FlightSqlProducer {
  private static final Logger LOG = LoggerFactory.getLogger(SorrelFlightSqlProducer.class);

  private final BufferAllocator allocator;
  private final ServerOptions options;
  private final Sessions sessions;
  private final CatalogMetadata catalog;
  private final Map<ByteString, ServerStatement> statements = new ConcurrentHashMap<>();
  /** Executions asked for and not yet fetched, and those being fetched. */
  private final Map<ByteString, Execution> executions = new ConcurrentHashMap<>();
  /** The embedded statements of updates running now, which a stopping server cancels and awaits. */
  private final Set<Statement> updating = ConcurrentHashMap.newKeySet();
  private final Map<ByteString, Transaction> transactions = new ConcurrentHashMap<>();
  private final Map<ByteString, Transaction> savepoints = new ConcurrentHashMap<>();
  private final StatementSlots slots;
  /** The database's catalog version, which every DDL moves. */
  private final LongSupplier catalogVersion;
  private volatile ServerInfo info;
  /** {@link #info} for a session that may not write; see {@link #serverInfo}. */
  private volatile ServerInfo readOnlyInfo;

  SorrelFlightSqlProducer(BufferAllocator allocator, ServerOptions options,
      Session.Connector connector, LongSupplier catalogVersion) {
    this.allocator = allocator;
    this.catalogVersion = catalogVersion;
    this.options = options;
    this.slots = new StatementSlots(options.maxStatementsPerUser());
    this.sessions = new Sessions(connector, this::release);
    this.catalog = new CatalogMetadata(allocator);
  }

  Sessions sessions() {
    return sessions;
  }

  // ---- authentication: every Flight entry point refuses a call that did not authenticate ----

  @Override public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
    authenticated(context);
    return FlightSqlProducer.super.getFlightInfo(context, descriptor);
  }

  @Override public SchemaResult getSchema(CallContext context, FlightDescriptor descriptor) {
    authenticated(context);
    return FlightSqlProducer.super.getSchema(context, descriptor);
  }

  @Override public void getStream(CallContext context, Ticket ticket,
      ServerStreamListener listener) {
    try {
      authenticated(context);
    } catch (FlightRuntimeException e) {
      listener.error(e);
      return;
    }
    if (DirectExecute.isDirect(ticket.getBytes())) {
      getStreamDirect(context, ticket.getBytes(), listener);
      return;
    }
    try {
      Any.parseFrom(ticket.getBytes());
    } catch (InvalidProtocolBufferException e) {
      // Arrow's producer passes this exception on as it is, which gRPC reports as INTERNAL:
      // a ticket that is no protobuf message is the client's error.
      listener.error(CallStatus.INVALID_ARGUMENT.withDescription("malformed ticket: "
          + e.getMessage()).toRuntimeException());
      return;
    }
    FlightSqlProducer.super.getStream(context, ticket, listener);
  }

  @Override public Runnable acceptPut(CallContext context, FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    try {
      authenticated(context);
    } catch (FlightRuntimeException e) {
      return () -> ackStream.onError(e);
    }
    return FlightSqlProducer.super.acceptPut(context, flightStream, ackStream);
  }

  @Override public void doAction(CallContext context, Action action,
      StreamListener<Result> listener) {
    try {
      authenticated(context);
    } catch (FlightRuntimeException e) {
      listener.onError(e);
      return;
    }
    try {
      // Arrow's producer reports the body of a session action, of CancelFlightInfo and of
      // RenewFlightEndpoint that does not parse as INTERNAL; it is the client's mistake. The
      // last two wrap a FlightInfo or an endpoint, whose schema and locations must parse too
      // (an empty body is an empty message, whose FlightInfo has no schema).
      switch (action.getType()) {
        case "SetSessionOptions" -> Flight.SetSessionOptionsRequest.parseFrom(action.getBody());
        case "GetSessionOptions" -> Flight.GetSessionOptionsRequest.parseFrom(action.getBody());
        case "CloseSession" -> Flight.CloseSessionRequest.parseFrom(action.getBody());
        case "CancelFlightInfo" ->
            CancelFlightInfoRequest.deserialize(ByteBuffer.wrap(action.getBody()));
        case "RenewFlightEndpoint" ->
            RenewFlightEndpointRequest.deserialize(ByteBuffer.wrap(action.getBody()));
        default -> {
          // Flight SQL's own actions: their bodies are checked where they are unpacked
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      listener.onError(CallStatus.INVALID_ARGUMENT.withDescription("malformed "
          + action.getType() + " request: " + e.getMessage()).toRuntimeException());
      return;
    }
    FlightSqlProducer.super.doAction(context, action, listener);
  }

  /**
   * The call's user (null on a server without users); a call that did not
   * authenticate fails with 28000.
   */
  private static UsersFile.User authenticated(CallContext context) {
    final Authenticator.AuthenticatedCall call = context.getMiddleware(Authenticator.KEY);
    return call == null ? null : call.check();
  }

  /** Refuses a statement its user's role does not allow, with 42501 naming the role needed. */
  private static void authorize(CallContext context, String sql) throws SQLException {
    final UsersFile.User user = authenticated(context);
    if (user != null) {
      authorize(user, StatementAccess.of(sql));
    }
  }

  private static void authorize(UsersFile.User user, StatementAccess access)
      throws SQLException {
    if (!user.role().allows(access)) {
      throw new SQLException("permission denied: user " + user.name() + " has the "
          + user.role().text() + " role, and " + what(access) + " needs the "
          + Role.needed(access).text() + " role", "42501");
    }
  }

  private static String what(StatementAccess access) {
    return switch (access) {
      case READ -> "a query";
      case WRITE -> "a statement that changes rows (DML, COPY, tracking, CHECK MONITOR)";
      case ADMIN -> "a statement that changes the schema or the model, experiment and"
          + " monitor registries";
    };
  }

  /** Takes one of the call's user's statement slots (53400 when all are taken). */
  private StatementSlots.Slot slot(CallContext context) throws SQLException {
    final UsersFile.User user = authenticated(context);
    return slots.acquire(user == null ? null : user.name());
  }

  // ---- statements ----

  @Override public void createPreparedStatement(ActionCreatePreparedStatementRequest request,
      CallContext context, StreamListener<Result> listener) {
    try {
      final ServerStatement statement = prepare(context, request.getQuery(),
          request.hasTransactionId() ? request.getTransactionId() : null);
      statements.put(statement.handle(), statement);
      final ActionCreatePreparedStatementResult.Builder result =
          ActionCreatePreparedStatementResult.newBuilder()
              .setPreparedStatementHandle(statement.handle())
              .setParameterSchema(ArrowTypes.serialize(statement.parameterSchema()));
      if (statement.kind() == ServerStatement.Kind.QUERY) {
        result.setDatasetSchema(ArrowTypes.serialize(statement.resultSchema()));
      }
      listener.onNext(new Result(Any.pack(result.build()).toByteArray()));
      listener.onCompleted();
    } catch (SQLException | RuntimeException e) {
      listener.onError(failed(request.getQuery(), e));
    }
  }

  @Override public void closePreparedStatement(ActionClosePreparedStatementRequest request,
      CallContext context, StreamListener<Result> listener) {
    final ServerStatement statement = statements.remove(request.getPreparedStatementHandle());
    if (statement != null) {
      // A client that closes its statement wants no more of its results: Arrow's JDBC driver,
      // whose query timeout gives up waiting without canceling the stream, then closes it.
      executions.values().stream().filter(e -> e.statement() == statement)
          .forEach(Execution::cancel);
      statement.close();
    }
    listener.onCompleted();
  }

  @Override public FlightInfo getFlightInfoStatement(CommandStatementQuery command,
      CallContext context, FlightDescriptor descriptor) {
    try {
      final ServerStatement statement = prepare(context, command.getQuery(),
          command.hasTransactionId() ? command.getTransactionId() : null);
      return flightInfo(new Execution(sessions.newId(), statement, null, true), descriptor);
    } catch (SQLException | RuntimeException e) {
      throw failed(command.getQuery(), e);
    }
  }

  @Override public FlightInfo getFlightInfoPreparedStatement(
      CommandPreparedStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    final ServerStatement statement = statement(command.getPreparedStatementHandle());
    return flightInfo(new Execution(sessions.newId(), statement, statement.boundValues(), false),
        descriptor);
  }

  private FlightInfo flightInfo(Execution execution, FlightDescriptor descriptor) {
    executions.put(execution.id(), execution);
    final Ticket ticket = new Ticket(Any.pack(TicketStatementQuery.newBuilder()
        .setStatementHandle(execution.id()).build()).toByteArray());
    return new FlightInfo(execution.statement().resultSchema(), descriptor,
        List.of(new FlightEndpoint(ticket)), -1, -1);
  }

  @Override public SchemaResult getSchemaStatement(CommandStatementQuery command,
      CallContext context, FlightDescriptor descriptor) {
    try (ServerStatement statement = prepare(context, command.getQuery(),
        command.hasTransactionId() ? command.getTransactionId() : null)) {
      return new SchemaResult(statement.resultSchema());
    } catch (SQLException | RuntimeException e) {
      throw failed(command.getQuery(), e);
    }
  }

  @Override public SchemaResult getSchemaPreparedStatement(
      CommandPreparedStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    return new SchemaResult(statement(command.getPreparedStatementHandle()).resultSchema());
  }

  @Override public void getStreamStatement(TicketStatementQuery ticket, CallContext context,
      ServerStreamListener listener) {
    final Execution execution = executions.get(ticket.getStatementHandle());
    if (execution == null || execution.isRunning()) {
      listener.error(CallStatus.NOT_FOUND.withDescription("the ticket names no pending"
          + " execution: each ticket is fetched once, within "
          + options.pendingTimeout().toMinutes() + " minutes").toRuntimeException());
      return;
    }
    run(context, execution, listener);
  }

  @Override public void getStreamPreparedStatement(CommandPreparedStatementQuery command,
      CallContext context, ServerStreamListener listener) {
    final ServerStatement statement;
    try {
      statement = statement(command.getPreparedStatementHandle());
    } catch (RuntimeException e) {
      listener.error(e);
      return;
    }
    final Execution execution = new Execution(sessions.newId(), statement,
        statement.boundValues(), false);
    executions.put(execution.id(), execution);
    run(context, execution, listener);
  }

  /**
   * A one-call execution ({@link DirectExecute}): the ticket carries the query and its
   * values, and the rows come back on this call. The session prepares each SQL text once
   * per catalog version and keeps it for the next executions.
   */
  private void getStreamDirect(CallContext context, byte[] ticket,
      ServerStreamListener listener) {
    final DirectExecute.Request request;
    try {
      request = DirectExecute.decode(ticket);
    } catch (IllegalArgumentException e) {
      listener.error(failed("(one-call ticket)", FlightErrors.of("08P01", "malformed one-call execution"
          + " ticket: " + e.getMessage(), null)));
      return;
    }
    final Session.Kept kept;
    try {
      kept = directStatement(context, request.sql());
    } catch (SQLException | RuntimeException e) {
      listener.error(failed(request.sql(), e));
      return;
    }
    try (kept) {
      final ServerStatement statement = kept.statement();
      if (statement.kind() != ServerStatement.Kind.QUERY) {
        listener.error(failed(request.sql(), new SQLException("executeQuery needs a statement"
            + " that returns rows; this one returns an update count", "07005")));
        return;
      }
      final Execution execution = new Execution(sessions.newId(), statement, request);
      executions.put(execution.id(), execution);
      run(context, execution, listener);
    }
  }

  /**
   * The session's statement for a one-call execution, held until released. The user's
   * role is checked on every execution, as the users file may have changed since the
   * text was prepared (against the class of the text, which is parsed once per kept
   * statement); a statement prepared before DDL changed the catalog is prepared again, as
   * its plan and result columns may no longer hold.
   */
  private Session.Kept directStatement(CallContext context, String sql)
      throws SQLException {
    final UsersFile.User user = authenticated(context);
    final Session session = session(context);
    final long version = catalogVersion.getAsLong();
    final Session.Kept kept = session.acquireDirect(sql, version);
    if (kept != null) {
      if (user != null) {
        // The kept statement classes its text once, at its first check, not at each one.
        try {
          authorize(user, kept.access());
        } catch (SQLException e) {
          kept.close();
          throw e;
        }
      }
      return kept;
    }
    if (user != null) {
      authorize(user, StatementAccess.of(sql));
    }
    return session.keepDirect(ServerStatement.prepare(sessions.newId(), session,
        connection(context, null), sql, allocator), version);
  }

  private void run(CallContext context, Execution execution, ServerStreamListener listener) {
    try (StatementSlots.Slot slot = slot(context)) {
      execution.stream(listener, allocator, options);
    } catch (SQLException | RuntimeException e) {
      final var error = failed(execution.statement().sql(), e);
      if (!listener.isCancelled()) {
        listener.error(error);
      }
    } finally {
      executions.remove(execution.id());
      execution.discard(); // if it never ran: refused before it started
    }
  }

  @Override public Runnable acceptPutStatement(CommandStatementUpdate command,
      CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
    return () -> {
      try (StatementSlots.Slot slot = slot(context)) {
        authorize(context, command.getQuery());
        final Connection connection = connection(context,
            command.hasTransactionId() ? command.getTransactionId() : null);
        final long count;
        try (Statement statement = connection.createStatement()) {
          updating.add(statement);
          try {
            count = statement.executeLargeUpdate(command.getQuery());
          } finally {
            updating.remove(statement);
          }
        }
        acknowledge(ackStream, count);
      } catch (SQLException | RuntimeException e) {
        ackStream.onError(failed(command.getQuery(), e));
      }
    };
  }

  @Override public Runnable acceptPutPreparedStatementUpdate(
      CommandPreparedStatementUpdate command, CallContext context, FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> {
      ServerStatement statement = null;
      try (StatementSlots.Slot slot = slot(context)) {
        statement = statement(command.getPreparedStatementHandle());
        long count = 0;
        boolean ran = false;
        try (ServerStatement.Lease lease = statement.lease()) {
          updating.add(lease.prepared());
          try {
            while (flightStream.next()) {
              final VectorSchemaRoot values = flightStream.getRoot();
              for (int row = 0; row < values.getRowCount(); row++) {
                count += update(statement, lease, values, row);
                ran = true;
              }
            }
            if (!ran) {
              try (VectorSchemaRoot bound = statement.boundValues()) {
                if (bound == null || bound.getRowCount() == 0) {
                  count += update(statement, lease, null, 0);
                } else {
                  for (int row = 0; row < bound.getRowCount(); row++) {
                    count += update(statement, lease, bound, row);
                  }
                }
              }
            }
          } finally {
            updating.remove(lease.prepared());
          }
        }
        acknowledge(ackStream, count);
      } catch (SQLException | RuntimeException e) {
        ackStream.onError(failed(statement == null ? null : statement.sql(), e));
      }
    };
  }

  private static long update(ServerStatement statement, ServerStatement.Lease lease,
      VectorSchemaRoot values, int row) throws SQLException {
    if (values != null) {
      Parameters.bind(lease.prepared(), statement.parameterCount(), values, row);
    }
    return switch (statement.kind()) {
      case UPDATE -> lease.prepared().executeLargeUpdate();
      case QUERY -> throw new SQLException("a query cannot be executed as an update;"
          + " fetch its rows instead", "07003");
    };
  }

  private void acknowledge(StreamListener<PutResult> ackStream, long count) {
    final byte[] bytes = DoPutUpdateResult.newBuilder().setRecordCount(count).build()
        .toByteArray();
    try (ArrowBuf metadata = buffer(bytes)) {
      ackStream.onNext(PutResult.metadata(metadata));
    }
    ackStream.onCompleted();
  }

  @Override public Runnable acceptPutPreparedStatementQuery(
      CommandPreparedStatementQuery command, CallContext context, FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> {
      try {
        final ServerStatement statement = statement(command.getPreparedStatementHandle());
        while (flightStream.next()) {
          statement.bind(flightStream.getRoot());
        }
        final byte[] bytes = DoPutPreparedStatementResult.newBuilder()
            .setPreparedStatementHandle(statement.handle()).build().toByteArray();
        try (ArrowBuf metadata = buffer(bytes)) {
          ackStream.onNext(PutResult.metadata(metadata));
        }
        ackStream.onCompleted();
      } catch (RuntimeException e) {
        ackStream.onError(FlightErrors.of(e));
      }
    };
  }

  /** A buffer holding {@code bytes}, for a put result's application metadata. */
  private ArrowBuf buffer(byte[] bytes) {
    final ArrowBuf buffer = allocator.buffer(bytes.length);
    buffer.writeBytes(bytes); // the writer index marks how much of it the message carries
    return buffer;
  }

  @Override public void cancelFlightInfo(CancelFlightInfoRequest request, CallContext context,
      StreamListener<CancelStatus> listener) {
    CancelStatus status = CancelStatus.NOT_CANCELLABLE;
    for (FlightEndpoint endpoint : request.getInfo().getEndpoints()) {
      final ByteString id = executionId(endpoint.getTicket());
      final Execution execution = id == null ? null : executions.get(id);
      if (execution != null) {
        execution.cancel();
        status = CancelStatus.CANCELLED;
      }
    }
    listener.onNext(status);
    listener.onCompleted();
  }

  private static ByteString executionId(Ticket ticket) {
    try {
      final Any any = Any.parseFrom(ticket.getBytes());
      return any.is(TicketStatementQuery.class)
          ? any.unpack(TicketStatementQuery.class).getStatementHandle() : null;
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

  // ---- transactions ----

  @Override public void beginTransaction(ActionBeginTransactionRequest request,
      CallContext context, StreamListener<ActionBeginTransactionResult> listener) {
    try {
      final Session session = session(context);
      final Transaction transaction = session.begin(sessions.newId());
      transactions.put(transaction.id(), transaction);
      listener.onNext(ActionBeginTransactionResult.newBuilder()
          .setTransactionId(transaction.id()).build());
      listener.onCompleted();
    } catch (SQLException | RuntimeException e) {
      listener.onError(failed("BEGIN", e));
    }
  }

  @Override public void endTransaction(ActionEndTransactionRequest request, CallContext context,
      StreamListener<Result> listener) {
    try {
      final Transaction transaction = transactions.remove(request.getTransactionId());
      if (transaction == null) {
        throw new SQLException("no transaction with this id is open", "25P01");
      }
      savepoints.values().removeIf(t -> t == transaction);
      final Session session = session(context);
      session.ended(transaction);
      switch (request.getAction()) {
        case END_TRANSACTION_COMMIT -> transaction.commit();
        case END_TRANSACTION_ROLLBACK -> transaction.rollback();
        case END_TRANSACTION_UNSPECIFIED, UNRECOGNIZED -> {
          transaction.rollback();
          throw new SQLException("EndTransaction needs COMMIT or ROLLBACK; the transaction"
              + " has been rolled back", "25000");
        }
      }
      listener.onCompleted();
    } catch (SQLException | RuntimeException e) {
      listener.onError(failed(request.getAction().name(), e));
    }
  }

  @Override public void beginSavepoint(ActionBeginSavepointRequest request, CallContext context,
      StreamListener<ActionBeginSavepointResult> listener) {
    try {
      final Transaction transaction = transaction(request.getTransactionId());
      final ByteString id = sessions.newId();
      transaction.savepoint(id, request.getName());
      savepoints.put(id, transaction);
      listener.onNext(ActionBeginSavepointResult.newBuilder().setSavepointId(id).build());
      listener.onCompleted();
    } catch (SQLException | RuntimeException e) {
      listener.onError(failed("SAVEPOINT " + request.getName(), e));
    }
  }

  @Override public void endSavepoint(ActionEndSavepointRequest request, CallContext context,
      StreamListener<Result> listener) {
    try {
      final Transaction transaction = savepoints.remove(request.getSavepointId());
      if (transaction == null) {
        throw new SQLException("no savepoint with this id is open", "3B001");
      }
      switch (request.getAction()) {
        case END_SAVEPOINT_RELEASE -> transaction.endSavepoint(request.getSavepointId(), false);
        case END_SAVEPOINT_ROLLBACK -> transaction.endSavepoint(request.getSavepointId(), true);
        case END_SAVEPOINT_UNSPECIFIED, UNRECOGNIZED -> throw new SQLException(
            "EndSavepoint needs RELEASE or ROLLBACK", "3B001");
      }
      listener.onCompleted();
    } catch (SQLException | RuntimeException e) {
      listener.onError(failed(request.getAction().name(), e));
    }
  }

  @Override public void closeSession(CloseSessionRequest request, CallContext context,
      StreamListener<CloseSessionResult> listener) {
    context.getMiddleware(SessionMiddleware.KEY).endSession();
    listener.onNext(new CloseSessionResult(CloseSessionResult.Status.CLOSED));
    listener.onCompleted();
  }

  // ---- metadata ----

  @Override public FlightInfo getFlightInfoSqlInfo(CommandGetSqlInfo request,
      CallContext context, FlightDescriptor descriptor) {
    return metadataInfo(request, descriptor, Schemas.GET_SQL_INFO_SCHEMA);
  }

  @Override public void getStreamSqlInfo(CommandGetSqlInfo command, CallContext context,
      ServerStreamListener listener) {
    try {
      serverInfo(context).send(command.getInfoList(), listener);
    } catch (SQLException | RuntimeException e) {
      listener.error(failed("GetSqlInfo", e));
    }
  }

  /**
   * The server's infos as the caller's session sees them: read-only
   * ({@code FLIGHT_SQL_SERVER_READ_ONLY}, which clients answer
   * {@code isReadOnly} from) for a {@code --read-only} server and for a user
   * of the read role, writable otherwise.
   */
  private ServerInfo serverInfo(CallContext context) throws SQLException {
    final UsersFile.User user = authenticated(context);
    final boolean readOnly = options.readOnly() || user != null && user.role() == Role.READ;
    ServerInfo current = readOnly ? readOnlyInfo : info;
    if (current == null) {
      current = new ServerInfo(connection(context, null), readOnly);
      if (readOnly) {
        readOnlyInfo = current;
      } else {
        info = current;
      }
    }
    return current;
  }

  @Override public FlightInfo getFlightInfoTypeInfo(CommandGetXdbcTypeInfo request,
      CallContext context, FlightDescriptor descriptor) {
    return metadataInfo(request, descriptor, Schemas.GET_TYPE_INFO_SCHEMA);
  }

  @Override public void getStreamTypeInfo(CommandGetXdbcTypeInfo request, CallContext context,
      ServerStreamListener listener) {
    metadata(context, listener, "GetXdbcTypeInfo",
        c -> catalog.typeInfo(c, request, listener));
  }

  @Override public FlightInfo getFlightInfoCatalogs(CommandGetCatalogs request,
      CallContext context, FlightDescriptor descriptor) {
    return metadataInfo(request, descriptor, Schemas.GET_CATALOGS_SCHEMA);
  }

  @Override public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
    metadata(context, listener, "GetCatalogs", c -> catalog.catalogs(c, listener));
  }

  @Override public FlightInfo getFlightInfoSchemas(CommandGetDbSchemas request,
      CallContext context, FlightDescriptor descriptor) {
    return metadataInfo(request, descriptor, Schemas.GET_SCHEMAS_SCHEMA);
  }

  @Override public void getStreamSchemas(CommandGetDbSchemas command, CallContext context,
      ServerStreamListener listener) {
    metadata(context, listener, "GetDbSchemas", c -> catalog.schemas(c, command, listener));
  }

  @Override public FlightInfo getFlightInfoTables(CommandGetTables request, CallContext context,
      FlightDescriptor descriptor) {
    return metadataInfo(request, descriptor, request.getIncludeSchema()
        ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA);
  }

  @Override public void getStreamTables(CommandGetTables command, CallContext context,
      ServerStreamListener listener) {
    metadata(context, listener, "GetTables", c -> catalog.tables(c, command, listener));
  }

  @Override public FlightInfo getFlightInfoTableTypes(CommandGetTableTypes request,
      CallContext context, FlightDescriptor descriptor) {
    return metadataInfo(request, descriptor, Schemas.GET_TABLE_TYPES_SCHEMA);
  }

  @Override public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
    metadata(context, listener, "GetTableTypes", c -> catalog.tableTypes(c, listener));
  }

  @Override public FlightInfo getFlightInfoPrimaryKeys(CommandGetPrimaryKeys request,
      CallContext context, FlightDescriptor descriptor) {
    return metadataInfo(request, descriptor, Schemas.GET_PRIMARY_KEYS_SCHEMA);
  }

  @Override public void getStreamPrimaryKeys(CommandGetPrimaryKeys command, CallContext context,
      ServerStreamListener listener) {
    metadata(context, listener, "GetPrimaryKeys",
        c -> catalog.primaryKeys(c, command, listener));
  }

  @Override public FlightInfo getFlightInfoExportedKeys(CommandGetExportedKeys request,
      CallContext context, FlightDescriptor descriptor) {
    return metadataInfo(request, descriptor, Schemas.GET_EXPORTED_KEYS_SCHEMA);
  }

  @Override public FlightInfo getFlightInfoImportedKeys(CommandGetImportedKeys request,
      CallContext context, FlightDescriptor descriptor) {
    return metadataInfo(request, descriptor, Schemas.GET_IMPORTED_KEYS_SCHEMA);
  }

  @Override public FlightInfo getFlightInfoCrossReference(CommandGetCrossReference request,
      CallContext context, FlightDescriptor descriptor) {
    return metadataInfo(request, descriptor, Schemas.GET_CROSS_REFERENCE_SCHEMA);
  }

  @Override public void getStreamExportedKeys(CommandGetExportedKeys command,
      CallContext context, ServerStreamListener listener) {
    catalog.foreignKeys(Schemas.GET_EXPORTED_KEYS_SCHEMA, listener);
  }

  @Override public void getStreamImportedKeys(CommandGetImportedKeys command,
      CallContext context, ServerStreamListener listener) {
    catalog.foreignKeys(Schemas.GET_IMPORTED_KEYS_SCHEMA, listener);
  }

  @Override public void getStreamCrossReference(CommandGetCrossReference command,
      CallContext context, ServerStreamListener listener) {
    catalog.foreignKeys(Schemas.GET_CROSS_REFERENCE_SCHEMA, listener);
  }

  /** A metadata answer's FlightInfo: its ticket is the command itself. */
  private static FlightInfo metadataInfo(Message command, FlightDescriptor descriptor,
      Schema schema) {
    return new FlightInfo(schema, descriptor,
        List.of(new FlightEndpoint(new Ticket(Any.pack(command).toByteArray()))), -1, -1);
  }

  /** A metadata call on the session's connection. */
  private interface MetadataCall {
    void run(Connection connection) throws SQLException;
  }

  private void metadata(CallContext context, ServerStreamListener listener, String what,
      MetadataCall call) {
    try {
      call.run(connection(context, null));
    } catch (SQLException | RuntimeException e) {
      listener.error(failed(what, e));
    }
  }

  // ---- plain Flight: not part of Flight SQL ----

  @Override public void listFlights(CallContext context, Criteria criteria,
      StreamListener<FlightInfo> listener) {
    listener.onError(CallStatus.UNIMPLEMENTED.withDescription("ListFlights is not supported;"
        + " use Flight SQL's commands").toRuntimeException());
  }

  // ---- sessions, lookups, errors ----

  private Session session(CallContext context) {
    final Session session = context.getMiddleware(SessionMiddleware.KEY).session();
    session.touch();
    return session;
  }

  /** The connection a statement runs on: its transaction's, or the session's. */
  private Connection connection(CallContext context, ByteString transactionId)
      throws SQLException {
    if (transactionId != null && !transactionId.isEmpty()) {
      return transaction(transactionId).connection();
    }
    return session(context).connection();
  }

  private Transaction transaction(ByteString id) throws SQLException {
    final Transaction transaction = transactions.get(id);
    if (transaction == null) {
      throw new SQLException("no transaction with this id is open", "25P01");
    }
    return transaction;
  }

  private ServerStatement prepare(CallContext context, String sql, ByteString transactionId)
      throws SQLException {
    authorize(context, sql);
    return ServerStatement.prepare(sessions.newId(), session(context),
        connection(context, transactionId), sql, allocator);
  }

  private ServerStatement statement(ByteString handle) {
    final ServerStatement statement = statements.get(handle);
    if (statement == null) {
      throw FlightErrors.of("26000", "no prepared statement with this handle is open (it was"
          + " closed, or its session ended)", null);
    }
    statement.session().touch();
    return statement;
  }

  /** Logs a failed statement and gives the Flight error the client receives. */
  private static RuntimeException failed(String sql, Throwable e) {
    final var error = FlightErrors.of(e);
    LOG.warn("statement failed [{}] {}: {}", FlightErrors.sqlState(error),
        error.status().description(), sql);
    return error;
  }

  /** Closes the statements, pending executions and transactions of a session that ended. */
  private void release(Session session) {
    final List<ServerStatement> owned = new ArrayList<>();
    statements.values().removeIf(s -> {
      if (s.session() == session) {
        owned.add(s);
        return true;
      }
      return false;
    });
    executions.values().removeIf(e -> {
      if (e.statement().session() == session && !e.isRunning()) {
        e.discard();
        return true;
      }
      return false;
    });
    transactions.values().removeIf(t -> session.transaction(t.id()) == t);
    owned.forEach(ServerStatement::close);
  }

  /** Whether a statement of the session is running. */
  boolean isRunning(Session session) {
    return executions.values().stream()
        .anyMatch(e -> e.isRunning() && e.statement().session() == session);
  }

  /** Drops executions that were asked for and never fetched. */
  void expirePending() {
    final long now = System.nanoTime();
    final long limit = options.pendingTimeout().toNanos();
    executions.values().removeIf(e -> {
      if (!e.isRunning() && e.ageNanos(now) > limit) {
        e.discard();
        return true;
      }
      return false;
    });
  }

  /** Cancels every running execution (the server is stopping and its grace has run out). */
  void cancelAll() {
    executions.values().forEach(Execution::cancel);
    for (Statement statement : updating) {
      try {
        statement.cancel();
      } catch (SQLException ignored) {
        // It finished and was closed meanwhile: nothing to stop.
      }
    }
  }

  /** The queries streaming and the updates executing now. */
  int running() {
    return (int) executions.values().stream().filter(Execution::isRunning).count()
        + updating.size();
  }

  @Override public void close() {
    sessions.endAll();
    executions.values().forEach(Execution::discard);
    executions.clear();
    statements.values().forEach(ServerStatement::close);
    statements.clear();
  }
}
