package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;

import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failed statement reaches a remote client with the SQLState and message an
 * embedded connection gives: the message as the Flight status' description
 * (which Arrow's JDBC driver puts in its SQLException), the SQLState in the
 * status' {@code sorrel-sqlstate} metadata. Malformed requests get an error
 * status, and the server keeps serving.
 */
class ServerErrorsTest {
  private ServerFixture fixture;
  private BufferAllocator allocator;
  private FlightSqlClient client;

  @BeforeEach void start() throws SQLException {
    fixture = new ServerFixture();
    fixture.exec("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR NOT NULL)",
        "INSERT INTO t VALUES (1, 'one'), (0, 'zero')");
    allocator = new RootAllocator();
    client = new FlightSqlClient(FlightClient.builder(allocator,
        Location.forGrpcInsecure("127.0.0.1", fixture.server.port())).build());
  }

  @AfterEach void stop() throws Exception {
    client.close();
    allocator.close();
    fixture.close();
  }

  /** A statement, and whether it is a query or an update. */
  record Case(String sql, boolean query) {
  }

  static final List<Case> CASES = List.of(
      new Case("SELEC 1", false),
      new Case("SELECT * FROM nope", true),
      new Case("SELECT nope FROM t", true),
      new Case("SELECT 1 / (id - id) FROM t", true),
      new Case("INSERT INTO t VALUES (1, 'again')", false),
      new Case("INSERT INTO t (id) VALUES (5)", false),
      new Case("CREATE TABLE t (x INT)", false),
      new Case("DROP TABLE nope", false));

  @Test void remoteErrorsCarryTheEmbeddedSqlStateAndMessage() throws SQLException {
    try (Connection embedded = fixture.embedded(); Connection remote = fixture.remote()) {
      for (Case c : CASES) {
        final SQLException expected = assertThrows(SQLException.class,
            () -> run(embedded, c), c.sql());
        // Through Flight SQL itself: the state in the metadata, the message as description.
        final FlightRuntimeException flight = assertThrows(FlightRuntimeException.class,
            () -> runFlight(c), c.sql());
        assertEquals(expected.getSQLState(), flight.status().metadata().get("sorrel-sqlstate"),
            c.sql());
        assertEquals(expected.getMessage(), flight.status().description(), c.sql());
        // Through Arrow's JDBC driver: a SQLException with the embedded message.
        final SQLException remoteError = assertThrows(SQLException.class,
            () -> run(remote, c), c.sql());
        assertTrue(String.valueOf(remoteError.getMessage()).contains(expected.getMessage()),
            c.sql() + ": " + remoteError.getMessage() + " lacks " + expected.getMessage());
        assertTrue(!"XX000".equals(expected.getSQLState()), c.sql());
      }
      // The failures changed nothing, and the connection still works.
      try (Statement s = remote.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(2, rs.getLong(1));
      }
    }
  }

  static void run(Connection c, Case one) throws SQLException {
    try (Statement s = c.createStatement()) {
      if (one.query()) {
        try (ResultSet rs = s.executeQuery(one.sql())) {
          while (rs.next()) {
            rs.getObject(1);
          }
        }
      } else {
        s.executeUpdate(one.sql());
      }
    }
  }

  private void runFlight(Case one) throws Exception {
    if (!one.query()) {
      client.executeUpdate(one.sql());
      return;
    }
    final FlightInfo info = client.execute(one.sql());
    try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
      while (stream.next()) {
        stream.getRoot();
      }
    }
  }

  @Test void malformedRequestsGetAnErrorAndTheServerKeepsServing() throws Exception {
    final FlightClient raw = FlightClient.builder(allocator,
        Location.forGrpcInsecure("127.0.0.1", fixture.server.port())).build();
    try {
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, assertThrows(FlightRuntimeException.class,
          () -> raw.getInfo(FlightDescriptor.command(new byte[] {1, 2, 3}))).status().code());
      assertThrows(FlightRuntimeException.class, () -> {
        final Iterator<Result> results = raw.doAction(new Action("NoSuchAction", new byte[0]));
        results.forEachRemaining(r -> { });
      });
      assertThrows(FlightRuntimeException.class, () -> {
        final Iterator<Result> results = raw.doAction(
            new Action("CreatePreparedStatement", new byte[] {9, 9, 9}));
        results.forEachRemaining(r -> { });
      });
      assertThrows(FlightRuntimeException.class, () -> {
        try (FlightStream stream = raw.getStream(new Ticket(new byte[] {7, 7}))) {
          stream.next();
        }
      });
      // A session action whose body is no protobuf message.
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, assertThrows(FlightRuntimeException.class,
          () -> raw.doAction(new Action("CloseSession", new byte[] {10, 100, 1}))
              .forEachRemaining(r -> { })).status().code());
      // CancelFlightInfo and RenewFlightEndpoint wrap a FlightInfo or an endpoint: bytes that
      // are no such message are refused, and so is an empty CancelFlightInfo body (a FlightInfo
      // without a schema). An empty RenewFlightEndpoint body is an empty endpoint, which this
      // server does not renew.
      for (String type : new String[] {"CancelFlightInfo", "RenewFlightEndpoint"}) {
        for (byte[] body : new byte[][] {{10, 100, 1}, {10, 2, 1, 2}}) {
          assertEquals(FlightStatusCode.INVALID_ARGUMENT, assertThrows(
              FlightRuntimeException.class, () -> raw.doAction(new Action(type, body))
                  .forEachRemaining(r -> { })).status().code(), type);
        }
      }
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, assertThrows(FlightRuntimeException.class,
          () -> raw.doAction(new Action("CancelFlightInfo", new byte[0]))
              .forEachRemaining(r -> { })).status().code());
      assertEquals(FlightStatusCode.UNIMPLEMENTED, assertThrows(FlightRuntimeException.class,
          () -> raw.doAction(new Action("RenewFlightEndpoint", new byte[0]))
              .forEachRemaining(r -> { })).status().code());
      // Bytes that are no protobuf message at all (a truncated length-delimited field).
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, assertThrows(FlightRuntimeException.class,
          () -> {
            try (FlightStream stream = raw.getStream(new Ticket(new byte[] {10, 100, 1}))) {
              stream.next();
            }
          }).status().code());
      // A ticket is fetched once: a second fetch of the same execution is refused.
      final FlightInfo info = client.execute("SELECT id FROM t");
      final Ticket ticket = info.getEndpoints().get(0).getTicket();
      try (FlightStream stream = client.getStream(ticket)) {
        while (stream.next()) {
          stream.getRoot();
        }
      }
      assertEquals(FlightStatusCode.NOT_FOUND, assertThrows(FlightRuntimeException.class, () -> {
        try (FlightStream stream = client.getStream(ticket)) {
          stream.next();
        }
      }).status().code());
      // A prepared statement handle the server never gave (or has closed): 26000.
      final byte[] unknown = com.google.protobuf.Any.pack(org.apache.arrow.flight.sql.impl
          .FlightSql.CommandPreparedStatementQuery.newBuilder().setPreparedStatementHandle(
              com.google.protobuf.ByteString.copyFromUtf8("no such handle")).build())
          .toByteArray();
      assertEquals("26000", assertThrows(FlightRuntimeException.class,
          () -> raw.getInfo(FlightDescriptor.command(unknown))).status().metadata()
          .get("sorrel-sqlstate"));
    } finally {
      raw.close();
    }
    try (Connection remote = fixture.remote(); Statement s = remote.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM t WHERE id = 1")) {
      assertTrue(rs.next());
      assertEquals("one", rs.getString(1));
    }
  }
}
