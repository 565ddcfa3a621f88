package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.server.Server;
import dev.sorrel.server.ServerOptions;

/**
 * The server's life around its statements: cancel and disconnect stop a
 * running statement and free it; many clients read and write at once; a
 * read-only server refuses writes with 25006; a taken port and a host beyond
 * loopback are refused at start; stopping cancels what is still running after
 * the grace period; transactions through Flight SQL's actions.
 */
class ServerLifecycleTest {
  /** A query that runs for minutes unless stopped: a billion-row cross join. */
  static final String ENDLESS =
      "SELECT COUNT(*) FROM digits a, digits b, digits c WHERE a.d + b.d + c.d >= 0";

  static void digits(ServerFixture fixture) throws SQLException {
    final StringBuilder values = new StringBuilder("INSERT INTO digits VALUES (0)");
    for (int i = 1; i < 1000; i++) {
      values.append(", (").append(i).append(')');
    }
    fixture.exec("CREATE TABLE digits (d INT PRIMARY KEY)", values.toString());
  }

  @Test void cancelStopsAStreamingStatementAndFreesIt() throws Exception {
    try (ServerFixture fixture = new ServerFixture(); Connection remote = fixture.remote();
        Statement statement = remote.createStatement()) {
      digits(fixture);
      final ResultSet rs = statement.executeQuery(
          "SELECT a.d, b.d, c.d FROM digits a, digits b, digits c");
      for (int i = 0; i < 100; i++) {
        assertTrue(rs.next());
      }
      awaitRunning(fixture.server, 1);
      statement.cancel();
      awaitRunning(fixture.server, 0);
    }
  }

  @Test void aQueryTimeoutStopsAStatementThatHasNotAnsweredYet() throws Exception {
    try (ServerFixture fixture = new ServerFixture(); Connection remote = fixture.remote()) {
      digits(fixture);
      final long start = System.nanoTime();
      try (Statement statement = remote.createStatement()) {
        statement.setQueryTimeout(1);
        assertThrows(SQLException.class, () -> {
          try (ResultSet rs = statement.executeQuery(ENDLESS)) {
            rs.next();
          }
        });
      }
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30));
      // Arrow's driver gives up waiting and closes the statement; the server cancels it.
      awaitRunning(fixture.server, 0);
    }
  }

  @Test void aClientThatDisconnectsMidStreamFreesItsStatement() throws Exception {
    try (ServerFixture fixture = new ServerFixture()) {
      digits(fixture);
      final Connection remote = fixture.remote();
      final Statement s = remote.createStatement();
      final ResultSet rs = s.executeQuery("SELECT a.d, b.d FROM digits a CROSS JOIN digits b");
      for (int i = 0; i < 10; i++) {
        assertTrue(rs.next());
      }
      awaitRunning(fixture.server, 1);
      try {
        remote.close(); // without closing the result set: the stream is abandoned
      } catch (SQLException e) {
        // Arrow's driver reports the buffers of the stream it abandoned as leaked by itself.
      }
      awaitRunning(fixture.server, 0);
      try (Connection again = fixture.remote(); Statement s2 = again.createStatement();
          ResultSet count = s2.executeQuery("SELECT COUNT(*) FROM digits")) {
        assertTrue(count.next());
        assertEquals(1000, count.getLong(1));
      }
    }
  }

  @Test void manyClientsReadAndWriteAtOnceWithoutErrors() throws Exception {
    try (ServerFixture fixture = new ServerFixture()) {
      fixture.exec("CREATE TABLE kv (k BIGINT PRIMARY KEY, v VARCHAR)");
      final int clients = 8;
      final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
      final AtomicLong written = new AtomicLong();
      final ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        final List<Future<Long>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          final int client = c;
          done.add(pool.submit(() -> {
            long n = 0;
            try (Connection remote = fixture.remote();
                PreparedStatement insert = remote.prepareStatement(
                    "INSERT INTO kv VALUES (?, ?)");
                PreparedStatement read = remote.prepareStatement(
                    "SELECT v FROM kv WHERE k = ?")) {
              while (n < 20 || System.nanoTime() < deadline) {
                final long key = client * 1_000_000L + n;
                insert.setLong(1, key);
                insert.setString(2, "v" + key);
                assertEquals(1, insert.executeUpdate());
                read.setLong(1, key);
                try (ResultSet rs = read.executeQuery()) {
                  assertTrue(rs.next());
                  assertEquals("v" + key, rs.getString(1));
                }
                n++;
              }
            }
            written.addAndGet(n);
            return n;
          }));
        }
        for (Future<Long> f : done) {
          assertTrue(f.get(120, TimeUnit.SECONDS) > 0);
        }
      } finally {
        pool.shutdownNow();
      }
      try (Connection e = fixture.embedded(); Statement s = e.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM kv")) {
        assertTrue(rs.next());
        assertEquals(written.get(), rs.getLong(1));
      }
    }
  }

  @Test void aReadOnlyServerRefusesWritesWith25006() throws Exception {
    try (ServerFixture fixture = new ServerFixture(ServerOptions.DEFAULT.withReadOnly(true))) {
      fixture.exec("CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)");
      try (Connection sorrel = java.sql.DriverManager.getConnection(fixture.sorrelUrl())) {
        assertTrue(sorrel.isReadOnly());
      }
      try (Connection remote = fixture.remote(); Statement s = remote.createStatement()) {
        assertTrue(remote.getMetaData().isReadOnly());
        final SQLException e = assertThrows(SQLException.class,
            () -> s.executeUpdate("INSERT INTO t VALUES (2)"));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        assertThrows(SQLException.class, () -> s.executeUpdate("DROP TABLE t"));
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
          assertTrue(rs.next());
          assertEquals(1, rs.getLong(1));
        }
      }
      try (BufferAllocator allocator = new RootAllocator();
          FlightSqlClient client = new FlightSqlClient(FlightClient.builder(allocator,
              Location.forGrpcInsecure("127.0.0.1", fixture.server.port())).build())) {
        assertEquals("25006", assertThrows(FlightRuntimeException.class,
            () -> client.executeUpdate("DELETE FROM t")).status().metadata()
            .get("sorrel-sqlstate"));
      }
    }
  }

  @Test void aTakenPortAndAHostBeyondLoopbackAreRefusedAtStart() {
    try (ServerFixture fixture = new ServerFixture()) {
      final SorrelException taken = assertThrows(SorrelException.class, () -> Server.start(
          fixture.database, ServerOptions.DEFAULT.withPort(fixture.server.port())));
      assertTrue(taken.getMessage().contains("in use"), taken.getMessage());
      final SorrelException open = assertThrows(SorrelException.class, () -> Server.start(
          fixture.database, ServerOptions.DEFAULT.withHost("0.0.0.0").withPort(0)));
      assertTrue(open.getMessage().contains("authentication")
          && open.getMessage().contains("TLS"), open.getMessage());
    }
  }

  @Test void stoppingCancelsWhatStillRunsAfterTheGrace() throws Exception {
    final ServerFixture fixture = new ServerFixture(
        ServerOptions.DEFAULT.withShutdownGrace(Duration.ofMillis(300)));
    final Database database = fixture.database;
    try {
      digits(fixture);
      final ExecutorService pool = Executors.newSingleThreadExecutor();
      try (Connection remote = fixture.remote()) {
        final Future<Object> run = pool.submit(() -> {
          try (Statement s = remote.createStatement(); ResultSet rs = s.executeQuery(ENDLESS)) {
            return rs.next();
          }
        });
        awaitRunning(fixture.server, 1);
        final long start = System.nanoTime();
        fixture.server.close();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30));
        assertThrows(Exception.class, () -> run.get(60, TimeUnit.SECONDS));
      } finally {
        pool.shutdownNow();
      }
      // The application's database is still open and usable.
      assertTrue(!database.isClosed());
      fixture.exec("INSERT INTO digits VALUES (1000)");
    } finally {
      fixture.close();
    }
  }

  @Test void stoppingCancelsAndAwaitsAnUpdateStillRunningAfterTheGrace() throws Exception {
    final ServerFixture fixture = new ServerFixture(
        ServerOptions.DEFAULT.withShutdownGrace(Duration.ofMillis(300)));
    final Database database = fixture.database;
    try {
      digits(fixture);
      fixture.exec("CREATE TABLE big (n BIGINT PRIMARY KEY)");
      final ExecutorService pool = Executors.newSingleThreadExecutor();
      try (Connection remote = fixture.remote()) {
        // A billion-row INSERT ... SELECT: runs for minutes unless stopped.
        final Future<Integer> run = pool.submit(() -> {
          try (Statement s = remote.createStatement()) {
            return s.executeUpdate("INSERT INTO big SELECT a.d * 1000000 + b.d * 1000 + c.d"
                + " FROM digits a, digits b, digits c");
          }
        });
        awaitRunning(fixture.server, 1);
        final long start = System.nanoTime();
        fixture.server.close();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30));
        assertEquals(0, fixture.server.runningStatements(), "the update stopped before close");
        assertThrows(Exception.class, () -> run.get(60, TimeUnit.SECONDS));
      } finally {
        pool.shutdownNow();
      }
      // The canceled statement left nothing behind, and the database stays usable.
      assertTrue(!database.isClosed());
      fixture.exec("INSERT INTO big VALUES (-1)");
      try (Connection c = fixture.embedded(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM big")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1));
      }
    } finally {
      fixture.close();
    }
  }

  @Test void flightSqlTransactionsCommitAndRollBack() throws Exception {
    try (ServerFixture fixture = new ServerFixture(); BufferAllocator allocator =
        new RootAllocator(); FlightSqlClient client = new FlightSqlClient(FlightClient.builder(
            allocator, Location.forGrpcInsecure("127.0.0.1", fixture.server.port())).build())) {
      fixture.exec("CREATE TABLE t (id INT PRIMARY KEY)");
      final FlightSqlClient.Transaction tx = client.beginTransaction();
      assertEquals(1, client.executeUpdate("INSERT INTO t VALUES (1)", tx));
      assertEquals(0, count(fixture), "uncommitted rows are invisible to others");
      client.commit(tx);
      assertEquals(1, count(fixture));

      final FlightSqlClient.Transaction rolledBack = client.beginTransaction();
      assertEquals(1, client.executeUpdate("INSERT INTO t VALUES (2)", rolledBack));
      final FlightSqlClient.Savepoint savepoint = client.beginSavepoint(rolledBack, "s1");
      assertEquals(1, client.executeUpdate("INSERT INTO t VALUES (3)", rolledBack));
      rollbackTo(fixture, allocator, savepoint);
      client.commit(rolledBack);
      assertEquals(2, count(fixture), "the savepoint's insert was rolled back");

      final FlightSqlClient.Transaction aborted = client.beginTransaction();
      client.executeUpdate("INSERT INTO t VALUES (4)", aborted);
      client.rollback(aborted);
      assertEquals(2, count(fixture));
      assertEquals("25P01", assertThrows(FlightRuntimeException.class,
          () -> client.commit(aborted)).status().metadata().get("sorrel-sqlstate"));
    }
  }

  /**
   * EndSavepoint with ROLLBACK. Arrow's {@code FlightSqlClient.rollback(Savepoint)} (18.3)
   * sends RELEASE instead, so the action is built here.
   */
  private static void rollbackTo(ServerFixture fixture, BufferAllocator allocator,
      FlightSqlClient.Savepoint savepoint) throws Exception {
    final var request = org.apache.arrow.flight.sql.impl.FlightSql.ActionEndSavepointRequest
        .newBuilder()
        .setSavepointId(com.google.protobuf.ByteString.copyFrom(savepoint.getSavepointId()))
        .setAction(org.apache.arrow.flight.sql.impl.FlightSql.ActionEndSavepointRequest
            .EndSavepoint.END_SAVEPOINT_ROLLBACK)
        .build();
    try (FlightClient raw = FlightClient.builder(allocator,
        Location.forGrpcInsecure("127.0.0.1", fixture.server.port())).build()) {
      raw.doAction(new org.apache.arrow.flight.Action("EndSavepoint",
          com.google.protobuf.Any.pack(request).toByteArray())).forEachRemaining(r -> { });
    }
  }

  private static long count(ServerFixture fixture) throws SQLException {
    try (Connection e = fixture.embedded(); Statement s = e.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  /** Waits until exactly {@code n} statements run on the server. */
  private static void awaitRunning(Server server, int n) throws InterruptedException {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (server.runningStatements() != n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(server.runningStatements() + " statements run, not " + n);
      }
      Thread.sleep(20);
    }
  }
}
