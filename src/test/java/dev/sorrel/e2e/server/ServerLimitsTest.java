package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.server.ServerOptions;

/**
 * The server's limits: a user's statements beyond the most it may run at once
 * are refused with 53400 (other users are not held back), and a result with
 * more rows or bytes than allowed ends with 53400 after what fits was sent.
 */
class ServerLimitsTest {
  @TempDir Path dir;

  private static void digits(ServerFixture fixture) throws SQLException {
    final StringBuilder values = new StringBuilder("INSERT INTO digits VALUES (0)");
    for (int i = 1; i < 1000; i++) {
      values.append(", (").append(i).append(')');
    }
    fixture.exec("CREATE TABLE digits (d INT PRIMARY KEY)", values.toString());
  }

  @Test void aUserBeyondItsRunningStatementsIsRefused() throws Exception {
    final Path users = TestUsers.write(dir);
    try (ServerFixture fixture = new ServerFixture(ServerOptions.DEFAULT.withUsers(users)
        .withMaxStatementsPerUser(1).withBatchRows(1024));
        BufferAllocator allocator = new RootAllocator();
        FlightClient client = FlightClient.builder(allocator,
            Location.forGrpcInsecure("127.0.0.1", fixture.server.port())).build();
        FlightSqlClient sql = new FlightSqlClient(client)) {
      digits(fixture);
      final CredentialCallOption rita =
          client.authenticateBasicToken("rita", TestUsers.password("rita")).orElseThrow();
      final CredentialCallOption alice =
          client.authenticateBasicToken("alice", TestUsers.password("alice")).orElseThrow();
      final String million = "SELECT a.d * 1000 + b.d FROM digits a CROSS JOIN digits b";
      final FlightInfo first = sql.execute(million, rita);
      try (FlightStream running = sql.getStream(first.getEndpoints().get(0).getTicket(), rita)) {
        // One batch read: the statement runs, held back by the unread rest of its million rows.
        assertTrue(running.next());
        final FlightRuntimeException refused = assertThrows(FlightRuntimeException.class,
            () -> ServerAuthTest.rows(sql, "SELECT 1", rita));
        assertEquals("53400", refused.status().metadata().get("sorrel-sqlstate"));
        assertEquals(FlightStatusCode.RESOURCE_EXHAUSTED, refused.status().code());
        assertTrue(refused.status().description().contains("too many statements: user rita"),
            refused.status().description());
        // Another user is not held back.
        assertEquals(java.util.List.of("1"), ServerAuthTest.rows(sql, "SELECT 1", alice));
        running.cancel("done", null);
      }
      // Once the first statement ends, the user may run another.
      final long deadline = System.nanoTime() + 30_000_000_000L;
      while (true) {
        try {
          assertEquals(java.util.List.of("1"), ServerAuthTest.rows(sql, "SELECT 1", rita));
          break;
        } catch (FlightRuntimeException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(50);
        }
      }
    }
  }

  @Test void aResultBeyondTheRowOrByteLimitEndsWith53400() throws Exception {
    try (ServerFixture fixture = new ServerFixture(ServerOptions.DEFAULT.withMaxResultRows(2500)
        .withBatchRows(1000))) {
      digits(fixture);
      try (Connection c = fixture.remote(); Statement s = c.createStatement()) {
        // Within the limit: all rows.
        try (ResultSet rs = s.executeQuery("SELECT d FROM digits")) {
          int rows = 0;
          while (rs.next()) {
            rows++;
          }
          assertEquals(1000, rows);
        }
        final int[] read = {0};
        // Arrow's driver raises a failure in the middle of a stream from next() as the Flight
        // exception itself, not as a SQLException.
        final Exception e = assertThrows(Exception.class, () -> {
          try (ResultSet rs = s.executeQuery("SELECT a.d FROM digits a CROSS JOIN digits b")) {
            while (rs.next()) {
              read[0]++;
            }
          }
        });
        assertTrue(ServerAuthTest.causes(e).contains("more rows than this server allows (2500"),
            ServerAuthTest.causes(e));
        assertTrue(read[0] <= 2500, "read " + read[0]);
      }
      try (BufferAllocator allocator = new RootAllocator();
          FlightSqlClient sql = new FlightSqlClient(FlightClient.builder(allocator,
              Location.forGrpcInsecure("127.0.0.1", fixture.server.port())).build())) {
        final long[] rows = {0};
        final FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> {
          final FlightInfo info = sql.execute("SELECT a.d FROM digits a CROSS JOIN digits b");
          try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
            while (stream.next()) {
              rows[0] += stream.getRoot().getRowCount();
            }
          }
        });
        assertEquals("53400", e.status().metadata().get("sorrel-sqlstate"));
        assertEquals(2500, rows[0]); // exactly the rows the limit allows, then the error
      }
    }
    try (ServerFixture fixture = new ServerFixture(ServerOptions.DEFAULT
        .withMaxResultBytes(64 * 1024).withBatchRows(1000))) {
      digits(fixture);
      try (Connection c = DriverManager.getConnection(fixture.url());
          Statement s = c.createStatement()) {
        final Exception e = assertThrows(Exception.class, () -> {
          try (ResultSet rs = s.executeQuery("SELECT a.d, 'some text' || CAST(b.d AS VARCHAR)"
              + " FROM digits a CROSS JOIN digits b")) {
            while (rs.next()) {
              rs.getString(2);
            }
          }
        });
        assertTrue(ServerAuthTest.causes(e).contains("larger than this server allows (65536"
            + " bytes"), ServerAuthTest.causes(e));
      }
    }
  }
}
