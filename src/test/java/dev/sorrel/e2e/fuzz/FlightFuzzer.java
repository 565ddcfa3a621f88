package dev.sorrel.e2e.fuzz;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.jdbc.SorrelDriver;
import dev.sorrel.server.Server;
import dev.sorrel.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.AsyncPutListener;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Malformed Flight SQL requests to a server started over an in-memory database: random bytes
 * as commands, tickets and action bodies; Flight SQL messages of the wrong type, with random
 * fields, or with handles the server never gave; actions by every Flight SQL name and by
 * names it does not know; DoPut with random descriptors. Each request must end in success or
 * an error status other than INTERNAL or UNKNOWN, and the server must keep answering a real
 * query throughout (checked every 100 cases and at the end).
 */
final class FlightFuzzer implements AutoCloseable {
  private static final String[] ACTIONS = {"CreatePreparedStatement", "ClosePreparedStatement",
      "BeginTransaction", "EndTransaction", "BeginSavepoint", "EndSavepoint", "CancelQuery",
      "CreatePreparedSubstraitPlan", "CancelFlightInfo", "RenewFlightEndpoint",
      "SetSessionOptions", "GetSessionOptions", "CloseSession", "", "NoSuchAction"};
  private static final String[] SQL = {"SELECT id, name FROM t", "SELECT * FROM t WHERE id = ?",
      "INSERT INTO t VALUES (?, ?)", "SELEC", "", "SELECT 1/0", "DROP TABLE nope",
      "UPDATE t SET name = 'x' WHERE id = -1", "SELECT * FROM t, t, t, t"};
  private static final CallOption TIMEOUT = CallOptions.timeout(20, TimeUnit.SECONDS);

  private final FuzzRunner runner;
  private final Random random;
  private final Database database;
  private final Server server;
  private final BufferAllocator allocator = new RootAllocator();
  private final FlightClient raw;
  private final FlightSqlClient client;
  private int cases;

  FlightFuzzer(FuzzRunner runner, Random random) throws SQLException {
    this.runner = runner;
    this.random = random;
    this.database = Database.openInMemory("fuzz_flight_" + System.nanoTime(),
        DatabaseOptions.DEFAULT);
    this.server = Server.start(database, ServerOptions.DEFAULT.withPort(0));
    try (Connection c = new SorrelDriver().connect(database, new Properties());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR NOT NULL)");
      s.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
    }
    final Location location = Location.forGrpcInsecure("127.0.0.1", server.port());
    this.raw = FlightClient.builder(allocator, location).build();
    this.client = new FlightSqlClient(FlightClient.builder(allocator, location).build());
  }

  void run() {
    final int kind = random.nextInt(8);
    final String what;
    final FuzzRunner.Attempt<Object> attempt;
    switch (kind) {
      case 0, 1 -> {
        final byte[] command = command();
        what = "GetFlightInfo " + describe(command);
        attempt = runner.attempt(FuzzClass.FLIGHT, what, () -> {
          final FlightInfo info = raw.getInfo(FlightDescriptor.command(command), TIMEOUT);
          drain(info);
          return info;
        });
      }
      case 2 -> {
        final byte[] command = command();
        what = "GetSchema " + describe(command);
        attempt = runner.attempt(FuzzClass.FLIGHT, what,
            () -> raw.getSchema(FlightDescriptor.command(command), TIMEOUT));
      }
      case 3, 4 -> {
        final String name = ACTIONS[random.nextInt(ACTIONS.length)];
        final byte[] body = random.nextBoolean() ? command() : bytes();
        what = "DoAction " + name + " " + describe(body);
        attempt = runner.attempt(FuzzClass.FLIGHT, what, () -> {
          final Iterator<Result> results = raw.doAction(new Action(name, body), TIMEOUT);
          results.forEachRemaining(r -> { });
          return null;
        });
      }
      case 5 -> {
        final byte[] ticket = random.nextBoolean() ? bytes() : Any.pack(
            FlightSql.TicketStatementQuery.newBuilder().setStatementHandle(
                ByteString.copyFrom(bytes())).build()).toByteArray();
        what = "DoGet " + describe(ticket);
        attempt = runner.attempt(FuzzClass.FLIGHT, what, () -> {
          try (FlightStream stream = raw.getStream(new Ticket(ticket), TIMEOUT)) {
            while (stream.next()) {
              stream.getRoot();
            }
          }
          return null;
        });
      }
      case 6 -> {
        final byte[] command = command();
        what = "DoPut " + describe(command);
        attempt = runner.attempt(FuzzClass.FLIGHT, what, () -> {
          try (IntVector v = new IntVector("x", allocator);
              VectorSchemaRoot root = VectorSchemaRoot.of(v)) {
            v.allocateNew(2);
            v.set(0, random.nextInt());
            v.setNull(1);
            root.setRowCount(2);
            final FlightClient.ClientStreamListener put = raw.startPut(
                FlightDescriptor.command(command), root, new AsyncPutListener(), TIMEOUT);
            put.putNext();
            put.completed();
            put.getResult();
          }
          return null;
        });
      }
      default -> {
        what = "ListFlights / ListActions with random criteria";
        final byte[] criteria = bytes();
        attempt = runner.attempt(FuzzClass.FLIGHT, what, () -> {
          raw.listFlights(new Criteria(criteria), TIMEOUT).forEach(f -> { });
          raw.listActions(TIMEOUT).forEach(a -> { });
          return null;
        });
      }
    }
    if (attempt.failed()) {
      return;
    }
    if (++cases % 100 == 0) {
      checkServing();
    }
  }

  private void drain(FlightInfo info) throws Exception {
    for (var endpoint : info.getEndpoints()) {
      try (FlightStream stream = raw.getStream(endpoint.getTicket(), TIMEOUT)) {
        while (stream.next()) {
          stream.getRoot();
        }
      }
    }
  }

  /** A command: random bytes, a Flight SQL message with random fields, or junk under a type. */
  private byte[] command() {
    final int choice = random.nextInt(4);
    if (choice == 0) {
      return bytes();
    }
    if (choice == 1) {
      return Any.newBuilder().setTypeUrl("type.googleapis.com/arrow.flight.protocol.sql."
          + new String[] {"CommandStatementQuery", "CommandPreparedStatementQuery",
              "CommandGetTables", "CommandStatementUpdate", "CommandGetXdbcTypeInfo",
              "ActionCreatePreparedStatementRequest", "NoSuchCommand"}[random.nextInt(7)])
          .setValue(ByteString.copyFrom(bytes())).build().toByteArray();
    }
    return Any.pack(message()).toByteArray();
  }

  private Message message() {
    final String sql = random.nextInt(4) == 0 ? new String(bytes(), StandardCharsets.UTF_8)
        : SQL[random.nextInt(SQL.length)];
    final ByteString handle = ByteString.copyFrom(bytes());
    return switch (random.nextInt(14)) {
      case 0 -> FlightSql.CommandStatementQuery.newBuilder().setQuery(sql).build();
      case 1 -> FlightSql.CommandStatementQuery.newBuilder().setQuery(sql)
          .setTransactionId(handle).build();
      case 2 -> FlightSql.CommandPreparedStatementQuery.newBuilder()
          .setPreparedStatementHandle(handle).build();
      case 3 -> FlightSql.CommandStatementUpdate.newBuilder().setQuery(sql).build();
      case 4 -> FlightSql.CommandPreparedStatementUpdate.newBuilder()
          .setPreparedStatementHandle(handle).build();
      case 5 -> FlightSql.CommandGetTables.newBuilder().setTableNameFilterPattern(pattern())
          .setDbSchemaFilterPattern(pattern()).setIncludeSchema(random.nextBoolean())
          .addAllTableTypes(random.nextBoolean() ? List.of(pattern()) : Collections.emptyList())
          .build();
      case 6 -> FlightSql.CommandGetDbSchemas.newBuilder().setDbSchemaFilterPattern(pattern())
          .build();
      case 7 -> FlightSql.CommandGetPrimaryKeys.newBuilder().setTable(pattern()).build();
      case 8 -> FlightSql.CommandGetXdbcTypeInfo.newBuilder().setDataType(random.nextInt())
          .build();
      case 9 -> FlightSql.CommandGetSqlInfo.newBuilder().addInfo(random.nextInt()).addInfo(
          random.nextInt(1000)).build();
      case 10 -> FlightSql.CommandGetCrossReference.newBuilder().setPkTable(pattern())
          .setFkTable(pattern()).build();
      case 11 -> FlightSql.ActionCreatePreparedStatementRequest.newBuilder().setQuery(sql)
          .build();
      case 12 -> FlightSql.ActionClosePreparedStatementRequest.newBuilder()
          .setPreparedStatementHandle(handle).build();
      default -> FlightSql.ActionEndTransactionRequest.newBuilder().setTransactionId(handle)
          .setActionValue(random.nextInt(5)).build();
    };
  }

  private String pattern() {
    return new String[] {"%", "T", "", "_", "\\", "x".repeat(5000), "SYS", "nope"}[
        random.nextInt(8)];
  }

  private byte[] bytes() {
    final byte[] b = new byte[new int[] {0, 1, 3, 16, 200, 70_000}[random.nextInt(6)]];
    random.nextBytes(b);
    return b;
  }

  private static String describe(byte[] bytes) {
    final StringBuilder text = new StringBuilder().append(bytes.length).append(" bytes ");
    for (int i = 0; i < Math.min(48, bytes.length); i++) {
      text.append(String.format(java.util.Locale.ROOT, "%02x", bytes[i]));
    }
    return text.toString();
  }

  /** A real query through Flight SQL: the server still serves. */
  void checkServing() {
    runner.attempt(FuzzClass.FLIGHT, "the server still answers SELECT COUNT(*) FROM t", () -> {
      final FlightInfo info = client.execute("SELECT COUNT(*) FROM t", TIMEOUT);
      try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(),
          TIMEOUT)) {
        if (!stream.next() || stream.getRoot().getRowCount() != 1) {
          throw new FuzzFailure("the server no longer answers a query");
        }
      }
      return null;
    });
  }

  @Override public void close() throws Exception {
    try {
      client.close();
      raw.close();
      allocator.close();
    } finally {
      server.close();
      database.close();
    }
  }
}
