package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.jdbc.DirectExecute;
import dev.sorrel.server.Role;
import dev.sorrel.server.Server;
import dev.sorrel.server.ServerOptions;
import dev.sorrel.server.UsersFile;

/**
 * The one-call prepared execution of {@code jdbc:sorrel://} (a {@code DoGet}
 * whose ticket carries the query and its values): it gives the same rows,
 * types, nulls and errors as Arrow's driver's three-call path and as embedded,
 * for every parameter type, across re-executions; and the server refuses a
 * malformed or hostile ticket with an error status, checks roles, and stays
 * up.
 */
class DirectExecutionTest {
  private static final String TABLE = "CREATE TABLE v (id INT PRIMARY KEY, b BOOLEAN,"
      + " s SMALLINT, l BIGINT, r REAL, d DOUBLE, n DECIMAL(12, 3), c VARCHAR, y VARBINARY,"
      + " dt DATE, ts TIMESTAMP)";

  private ServerFixture fixture;

  @BeforeEach void start() throws SQLException {
    fixture = new ServerFixture();
    fixture.exec(TABLE, "INSERT INTO v VALUES (1, TRUE, 7, 9000000000, 1.5, 2.25, 12.345,"
        + " 'one', X'0102', DATE '2024-02-29', TIMESTAMP '2024-02-29 12:34:56.789')",
        "INSERT INTO v VALUES (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "INSERT INTO v VALUES (3, FALSE, -1, -5, -0.5, 1e300, -0.001, 'ü\u00e9', X'', "
            + "DATE '1969-12-31', TIMESTAMP '1969-12-31 23:59:59.999')");
  }

  @AfterEach void stop() {
    fixture.close();
  }

  /** Every column of the rows a query gives, as getObject and getString read them. */
  private static List<String> rows(PreparedStatement p) throws SQLException {
    final List<String> out = new ArrayList<>();
    try (ResultSet r = p.executeQuery()) {
      assertSame(p, r.getStatement());
      final ResultSetMetaData m = r.getMetaData();
      final StringBuilder header = new StringBuilder();
      for (int i = 1; i <= m.getColumnCount(); i++) {
        header.append(m.getColumnLabel(i)).append(':').append(m.getColumnType(i)).append(' ');
      }
      out.add(header.toString());
      while (r.next()) {
        final StringBuilder row = new StringBuilder();
        for (int i = 1; i <= m.getColumnCount(); i++) {
          final Object value = r.getObject(i);
          row.append(value instanceof byte[] b ? Arrays.toString(b) : String.valueOf(value))
              .append(r.wasNull() ? "(null)" : "").append('|');
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  /** The rows of a query with the given values bound, on one connection. */
  private interface Binder {
    void bind(PreparedStatement p) throws SQLException;
  }

  private static List<List<String>> run(Connection c, String sql, List<Binder> executions)
      throws SQLException {
    final List<List<String>> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (Binder b : executions) {
        b.bind(p);
        out.add(rows(p));
      }
    }
    return out;
  }

  @Test void everyParameterTypeGivesTheRowsOfTheThreeCallPathAndEmbedded() throws SQLException {
    final String sql = "SELECT * FROM v WHERE id = ? OR b = ? OR s = ? OR l = ? OR r = ?"
        + " OR d = ? OR n = ? OR c = ? OR y = ? OR dt = ? OR ts = ? ORDER BY id";
    final List<Binder> executions = List.of(
        p -> {
          p.setInt(1, 2);
          p.setBoolean(2, true);
          p.setShort(3, (short) -1);
          p.setLong(4, 9_000_000_000L);
          p.setFloat(5, 1.5f);
          p.setDouble(6, 1e300);
          p.setBigDecimal(7, new BigDecimal("-0.001"));
          p.setString(8, "ü\u00e9");
          p.setBytes(9, new byte[] {1, 2});
          p.setDate(10, java.sql.Date.valueOf("1969-12-31"));
          p.setTimestamp(11, Timestamp.valueOf("2024-02-29 12:34:56.789"));
        },
        p -> { // re-executed with new values, NULLs among them
          p.setInt(1, 99);
          p.setNull(2, Types.BOOLEAN);
          p.setNull(3, Types.SMALLINT);
          p.setObject(4, -5L);
          p.setNull(5, Types.REAL);
          p.setNull(6, Types.DOUBLE);
          p.setNull(7, Types.DECIMAL);
          p.setNull(8, Types.VARCHAR);
          p.setNull(9, Types.VARBINARY);
          p.setDate(10, java.sql.Date.valueOf("2024-02-29"));
          p.setNull(11, Types.TIMESTAMP);
        },
        p -> { // nothing matches
          p.clearParameters();
          for (int i = 1; i <= 11; i++) {
            p.setNull(i, Types.NULL);
          }
        });
    final List<List<String>> embedded;
    final List<List<String>> arrow;
    final List<List<String>> direct;
    try (Connection c = fixture.embedded()) {
      embedded = run(c, sql, executions);
    }
    try (Connection c = fixture.remote()) {
      arrow = run(c, sql, executions);
    }
    try (Connection c = fixture.sorrel()) {
      direct = run(c, sql, executions);
    }
    assertEquals(arrow, direct);
    assertEquals(3, direct.get(0).size() - 1, direct.toString()); // rows 1, 2 and 3
    assertEquals(2, direct.get(1).size() - 1, direct.toString()); // rows 2 and 3
    assertEquals(1, direct.get(2).size(), direct.toString());
    // Embedded gives the same rows (its column types are its own JDBC types).
    for (int i = 0; i < embedded.size(); i++) {
      assertEquals(embedded.get(i).subList(1, embedded.get(i).size()),
          direct.get(i).subList(1, direct.get(i).size()));
    }
  }

  @Test void errorsAreThoseOfTheThreeCallPath() throws SQLException {
    try (Connection arrow = fixture.sorrel(); Connection embedded = fixture.embedded()) {
      // An execution error (a cast that fails on a row), raised by the server.
      for (Connection c : List.of(arrow, embedded)) {
        try (PreparedStatement p = c.prepareStatement(
            "SELECT CAST(c AS INT) FROM v WHERE id = ?")) {
          p.setInt(1, 1);
          final SQLException e = assertThrows(SQLException.class, () -> rows(p));
          assertEquals("22018", e.getSQLState(), e.getMessage());
        }
      }
      // A parameter left unbound: the statement does not run.
      final SQLException remoteUnbound = assertThrows(SQLException.class, () -> {
        try (PreparedStatement p = arrow.prepareStatement("SELECT id FROM v WHERE id = ?")) {
          p.executeQuery().close();
        }
      });
      final SQLException embeddedUnbound = assertThrows(SQLException.class, () -> {
        try (PreparedStatement p = embedded.prepareStatement("SELECT id FROM v WHERE id = ?")) {
          p.executeQuery().close();
        }
      });
      assertEquals(embeddedUnbound.getSQLState(), remoteUnbound.getSQLState());
      assertEquals(embeddedUnbound.getMessage(), remoteUnbound.getMessage());
      assertEquals(embeddedUnbound.getClass(), remoteUnbound.getClass());
      // A statement closed, then executed.
      final PreparedStatement closed = arrow.prepareStatement("SELECT id FROM v WHERE id = ?");
      closed.setInt(1, 1);
      assertEquals(1, rows(closed).size() - 1);
      closed.close();
      final SQLException e = assertThrows(SQLException.class, closed::executeQuery);
      assertEquals("26000", e.getSQLState(), e.getMessage());
      // The connection still works.
      try (PreparedStatement p = arrow.prepareStatement("SELECT c FROM v WHERE id = ?")) {
        p.setInt(1, 1);
        assertEquals(List.of("C:12 ", "one|"), rows(p));
      }
    }
  }

  @Test void maxRowsTimeoutsAndTransactionsApply() throws SQLException {
    try (Connection c = fixture.sorrel()) {
      try (PreparedStatement p = c.prepareStatement("SELECT id FROM v WHERE id > ? ORDER BY id")) {
        p.setInt(1, 0);
        p.setMaxRows(2);
        assertEquals(List.of("ID:4 ", "1|", "2|"), rows(p));
        p.setMaxRows(0);
        p.setQueryTimeout(5);
        assertEquals(4, rows(p).size());
      }
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO v (id) VALUES (?)");
          PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM v WHERE id > ?")) {
        insert.setInt(1, 10);
        insert.executeUpdate();
        count.setInt(1, 0);
        assertEquals(List.of("EXPR$0:-5 ", "4|"), rows(count)); // sees its own write
        try (Connection other = fixture.embedded();
            PreparedStatement p = other.prepareStatement("SELECT COUNT(*) FROM v")) {
          final ResultSet r = p.executeQuery();
          assertTrue(r.next());
          assertEquals(3, r.getInt(1)); // not committed yet
        }
        c.rollback();
        assertEquals(List.of("EXPR$0:-5 ", "3|"), rows(count));
      }
    }
  }

  @Test void cancelAndTimeoutStopOneCallExecutionsWith57014() throws Exception {
    ServerLifecycleTest.digits(fixture);
    try (Connection c = fixture.sorrel();
        PreparedStatement p = c.prepareStatement(ServerLifecycleTest.ENDLESS + " AND a.d >= ?")) {
      p.setInt(1, 0);
      p.setQueryTimeout(1); // enforced by the server: the ticket carries it
      final SQLException timeout = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
        }
      });
      assertEquals("57014", timeout.getSQLState(), timeout.getMessage());
    }
    try (Connection c = fixture.sorrel(); PreparedStatement p = c.prepareStatement(
        "SELECT a.d, b.d, c.d FROM digits a, digits b, digits c WHERE a.d >= ?")) {
      p.setInt(1, 0);
      final ResultSet rs = p.executeQuery();
      for (int i = 0; i < 100; i++) {
        assertTrue(rs.next());
      }
      p.cancel();
      final SQLException canceled = assertThrows(SQLException.class, () -> {
        while (rs.next()) {
          rs.getInt(1);
        }
      });
      assertTrue(List.of("57014", "24000").contains(canceled.getSQLState()),
          canceled.getSQLState() + " " + canceled.getMessage());
      // The statement runs again after a cancel.
      p.setInt(1, 999);
      try (ResultSet again = p.executeQuery()) {
        assertTrue(again.next());
      }
    }
  }

  @Test void aCancelBeforeTheFirstRowsStopsTheQueryOnTheServer() throws Exception {
    ServerLifecycleTest.digits(fixture);
    final ExecutorService runner = Executors.newSingleThreadExecutor();
    try (Connection c = fixture.sorrel();
        PreparedStatement p = c.prepareStatement(ServerLifecycleTest.ENDLESS + " AND a.d >= ?")) {
      p.cancel(); // nothing runs: nothing to stop, and the next execution is not affected
      p.setInt(1, 0);
      for (int round = 0; round < 2; round++) {
        // A COUNT over a billion row combinations: no row reaches the client until the end.
        final Future<Long> run = runner.submit(() -> {
          try (ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
        awaitRunning(fixture.server, 1);
        final long start = System.nanoTime();
        p.cancel();
        final ExecutionException failed = assertThrows(ExecutionException.class,
            () -> run.get(60, TimeUnit.SECONDS));
        final SQLException canceled = assertInstanceOf(SQLException.class, failed.getCause());
        assertEquals("57014", canceled.getSQLState(), canceled.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20),
            "the cancel took " + (System.nanoTime() - start) / 1_000_000 + " ms");
        // The server stopped the query: it does not run on to its end.
        awaitRunning(fixture.server, 0);
      }
    } finally {
      runner.shutdownNow();
    }
    // The connection and its session go on.
    try (Connection c = fixture.sorrel();
        PreparedStatement p = c.prepareStatement("SELECT id FROM v WHERE id = ?")) {
      p.setInt(1, 3);
      assertEquals(List.of("ID:4 ", "3|"), rows(p));
    }
  }

  private static void awaitRunning(Server server, int n) throws InterruptedException {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (server.runningStatements() != n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(server.runningStatements() + " statements run, not " + n);
      }
      Thread.sleep(10);
    }
  }

  @Test void aReadUserCannotRunAWriteThroughTheOneCallTicket(@TempDir Path dir)
      throws Exception {
    final Path users = TestUsers.write(dir);
    try (ServerFixture secured = new ServerFixture(ServerOptions.DEFAULT.withUsers(users))) {
      secured.exec(TABLE);
      try (Connection c = DriverManager.getConnection(secured.sorrelUrl(),
          TestUsers.login("rita"))) {
        final SQLException e = assertThrows(SQLException.class,
            () -> c.prepareStatement("INSERT INTO v (id) VALUES (?)").executeQuery());
        assertEquals("42501", e.getSQLState(), e.getMessage());
        try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM v WHERE id > ?")) {
          p.setInt(1, 0);
          assertEquals(List.of("EXPR$0:-5 ", "0|"), rows(p));
        }
      }
      // Sent as a raw ticket, without a login, it is refused before anything runs.
      try (BufferAllocator allocator = new RootAllocator();
          FlightClient client = FlightClient.builder(allocator,
              Location.forGrpcInsecure("127.0.0.1", secured.server.port())).build()) {
        final FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
            () -> drain(client, DirectExecute.encode("INSERT INTO v (id) VALUES (1)", 0, 0,
                List.of())));
        assertEquals(FlightStatusCode.UNAUTHENTICATED, e.status().code());
      }
    }
  }

  @Test void aUserDowngradedInTheUsersFileCannotRerunACachedWrite(@TempDir Path dir)
      throws Exception {
    final Path users = TestUsers.write(dir);
    try (ServerFixture secured = new ServerFixture(ServerOptions.DEFAULT.withUsers(users));
        Connection c = DriverManager.getConnection(secured.sorrelUrl(),
            TestUsers.login("wendy"));
        PreparedStatement p = c.prepareStatement("START RUN ?")) {
      p.setString(1, "first");
      assertEquals(2, rows(p).size()); // a write that returns rows: one RUN_ID
      // The same password, so the session's token stays valid: only the role changes.
      final List<UsersFile.User> downgraded = new ArrayList<>();
      for (UsersFile.User u : UsersFile.read(users).values()) {
        downgraded.add(u.name().equals("wendy")
            ? new UsersFile.User(u.name(), Role.READ, u.password()) : u);
      }
      UsersFile.write(users, downgraded);
      p.setString(1, "second");
      final SQLException e = assertThrows(SQLException.class, () -> rows(p));
      assertEquals("42501", e.getSQLState(), e.getMessage());
    }
  }

  @Test void ddlMakesTheSessionPrepareAKeptTextAgain() throws Exception {
    fixture.exec("CREATE TABLE w (id INT PRIMARY KEY, a VARCHAR)",
        "INSERT INTO w VALUES (1, 'x')");
    try (Connection c = fixture.sorrel();
        PreparedStatement p = c.prepareStatement("SELECT * FROM w WHERE id = ?")) {
      p.setInt(1, 1);
      assertEquals(List.of("ID:4 A:12 ", "1|x|"), rows(p));
      // The same name, other columns: the kept plan would read the old table's.
      fixture.exec("DROP TABLE w", "CREATE TABLE w (id INT PRIMARY KEY, a DOUBLE, b INT)",
          "INSERT INTO w VALUES (1, 2.5, 7)");
      assertEquals(List.of("ID:4 A:8 B:4 ", "1|2.5|7|"), rows(p));
    }
  }

  @Test void anEvictedStatementKeepsStreamingToTheExecutionHoldingIt() throws Exception {
    ServerLifecycleTest.digits(fixture);
    try (Connection c = fixture.sorrel(); PreparedStatement p = c.prepareStatement(
        "SELECT a.d, b.d FROM digits a, digits b WHERE a.d >= ? AND b.d < 100")) {
      p.setInt(1, 0);
      try (ResultSet rs = p.executeQuery()) {
        long count = 0;
        for (; count < 100; count++) {
          assertTrue(rs.next());
        }
        // More distinct texts on the session than it keeps: the running one is evicted.
        for (int i = 0; i <= 64; i++) {
          try (PreparedStatement other = c.prepareStatement(
              "SELECT d FROM digits WHERE d = ? + " + i)) {
            other.setInt(1, 0);
            assertEquals(2, rows(other).size());
          }
        }
        while (rs.next()) {
          count++;
        }
        assertEquals(100_000, count);
      }
      p.setInt(1, 999); // prepared again, as evicted
      try (ResultSet rs = p.executeQuery()) {
        assertTrue(rs.next());
      }
    }
  }

  @Test void wallClockParametersIgnoreTheServersTimeZone() throws Exception {
    fixture.exec("CREATE TABLE gap (id INT PRIMARY KEY, dt DATE, ts TIMESTAMP)",
        "INSERT INTO gap VALUES (1, DATE '2024-03-10', TIMESTAMP '2024-03-10 02:30:00.25')");
    final String sql = "SELECT id FROM gap WHERE ts = ? AND dt = ?";
    final List<Binder> executions = List.of(p -> {
      p.setObject(1, LocalDateTime.of(2024, 3, 10, 2, 30, 0, 250_000_000));
      p.setObject(2, LocalDate.of(2024, 3, 10));
    });
    final TimeZone zone = TimeZone.getDefault();
    // 02:30 on that day does not exist in New York: clocks went from 02:00 to 03:00.
    TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
    try (Connection direct = fixture.sorrel(); Connection embedded = fixture.embedded()) {
      assertEquals(List.of(List.of("ID:4 ", "1|")), run(direct, sql, executions));
      assertEquals(run(embedded, sql, executions).get(0).subList(1, 2),
          run(direct, sql, executions).get(0).subList(1, 2));
    } finally {
      TimeZone.setDefault(zone);
    }
  }

  private static long drain(FlightClient client, byte[] ticket) throws Exception {
    long rows = 0;
    try (FlightStream stream = client.getStream(new Ticket(ticket))) {
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
      }
    }
    return rows;
  }

  @Test void theServerRefusesMalformedTicketsAndWrongParameterCounts() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightClient client = FlightClient.builder(allocator,
            Location.forGrpcInsecure("127.0.0.1", fixture.server.port())).build()) {
      final byte[] good = DirectExecute.encode("SELECT c FROM v WHERE id = ?", 0, 0,
          List.of(1));
      assertEquals(1, drain(client, good));
      final List<byte[]> malformed = new ArrayList<>();
      malformed.add(Arrays.copyOf(good, 8)); // the magic alone
      malformed.add(Arrays.copyOf(good, good.length - 1)); // cut short
      malformed.add(Arrays.copyOf(good, good.length + 3)); // trailing bytes
      final byte[] hugeLength = good.clone();
      hugeLength[8] = 0x7f; // an SQL text length past the end
      malformed.add(hugeLength);
      final byte[] badTag = good.clone();
      badTag[good.length - 5] = 99; // an unknown type tag
      malformed.add(badTag);
      final byte[] badUtf8 = DirectExecute.encode("SELECT ?", 0, 0, List.of("x"));
      badUtf8[badUtf8.length - 1] = (byte) 0xff;
      malformed.add(badUtf8);
      final byte[] countPastEnd = DirectExecute.encode("SELECT 1", 0, 0, List.of());
      countPastEnd[countPastEnd.length - 1] = (byte) 0xff;
      malformed.add(countPastEnd);
      // DECIMALs the server would spend hundreds of megabytes converting.
      malformed.add(DirectExecute.encode("SELECT n FROM v WHERE n = ?", 0, 0,
          List.of(new BigDecimal(BigInteger.ONE, -600_000_000))));
      malformed.add(DirectExecute.encode("SELECT n FROM v WHERE n = ?", 0, 0,
          List.of(new BigDecimal(BigInteger.ONE, 1001))));
      malformed.add(DirectExecute.encode("SELECT n FROM v WHERE n = ?", 0, 0,
          List.of(new BigDecimal(BigInteger.ONE.shiftLeft(1100)))));
      for (byte[] ticket : malformed) {
        final FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
            () -> drain(client, ticket), Arrays.toString(ticket));
        assertEquals("08P01", e.status().metadata().get("sorrel-sqlstate"),
            e.status().description());
      }
      // Well formed, but the wrong number of values: 07001, as the three-call path.
      final FlightRuntimeException count = assertThrows(FlightRuntimeException.class,
          () -> drain(client, DirectExecute.encode("SELECT c FROM v WHERE id = ?", 0, 0,
              List.of(1, 2))));
      assertEquals("07001", count.status().metadata().get("sorrel-sqlstate"));
      // Not a query.
      final FlightRuntimeException update = assertThrows(FlightRuntimeException.class,
          () -> drain(client, DirectExecute.encode("DELETE FROM v", 0, 0, List.of())));
      assertEquals("07005", update.status().metadata().get("sorrel-sqlstate"));
      // A SQL error keeps its SQLState.
      final FlightRuntimeException missing = assertThrows(FlightRuntimeException.class,
          () -> drain(client, DirectExecute.encode("SELECT * FROM nope", 0, 0, List.of())));
      assertEquals("42S02", missing.status().metadata().get("sorrel-sqlstate"));
      // The server is still up, and the rows are all there.
      assertEquals(3, drain(client, DirectExecute.encode("SELECT id FROM v", 0, 0,
          List.of())));
      assertEquals(1, drain(client, DirectExecute.encode("SELECT n FROM v WHERE n = ?", 0, 0,
          List.of(new BigDecimal(BigInteger.valueOf(-1000), 6))))); // -0.001000
      assertEquals(0, drain(client, DirectExecute.encode("SELECT n FROM v WHERE n = ?", 0, 0,
          List.of(new BigDecimal(BigInteger.ONE, 1000))))); // the largest scale

      assertEquals(1, drain(client, DirectExecute.encode("SELECT y FROM v WHERE c = ?", 0, 0,
          List.of(new String("one".getBytes(StandardCharsets.UTF_8),
              StandardCharsets.UTF_8)))));
    }
    assertFalse(fixture.server.port() <= 0);
  }

  @Test void decodingRejectsEveryTruncationOfAValidTicket() {
    final byte[] ticket = DirectExecute.encode("SELECT ?", 3, 10, List.of(new BigDecimal(
        "1.5"), "x", new byte[] {1}, Timestamp.valueOf("2024-01-01 00:00:00"), true));
    final DirectExecute.Request request = DirectExecute.decode(ticket);
    assertEquals("SELECT ?", request.sql());
    assertEquals(3, request.queryTimeoutSeconds());
    assertEquals(10, request.maxRows());
    assertEquals(new BigDecimal("1.5"), request.parameters().get(0));
    assertArrayEquals(new byte[] {1}, (byte[]) request.parameters().get(2));
    for (int length = 0; length < ticket.length; length++) {
      final byte[] cut = Arrays.copyOf(ticket, length);
      assertThrows(IllegalArgumentException.class, () -> DirectExecute.decode(cut),
          "length " + length);
    }
  }
}
