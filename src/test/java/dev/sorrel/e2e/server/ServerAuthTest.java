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
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth2.BasicAuthCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.server.Role;
import dev.sorrel.server.ServerOptions;
import dev.sorrel.server.UsersFile;

/**
 * A server with a users file: a login with user and password gets a bearer
 * token, wrong credentials get UNAUTHENTICATED with SQLState 28000 and no
 * token, each role runs the statements it may and is refused the rest with
 * 42501 (prepared statements when prepared), and a changed users file applies
 * to the next call.
 */
class ServerAuthTest {
  @TempDir Path dir;
  private Path users;
  private ServerFixture fixture;
  private BufferAllocator allocator;

  @BeforeEach void start() throws Exception {
    users = TestUsers.write(dir);
    fixture = new ServerFixture(ServerOptions.DEFAULT.withUsers(users));
    fixture.exec("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR)",
        "INSERT INTO t VALUES (1, 'one')");
    allocator = new RootAllocator();
  }

  @AfterEach void stop() {
    allocator.close();
    fixture.close();
  }

  private Connection remote(String user) throws SQLException {
    return DriverManager.getConnection(fixture.url(), TestUsers.login(user));
  }

  private FlightClient flight() {
    return FlightClient.builder(allocator,
        Location.forGrpcInsecure("127.0.0.1", fixture.server.port())).build();
  }

  private static CallOption basic(String user, String password) {
    return new CredentialCallOption(new BasicAuthCredentialWriter(user, password));
  }

  @Test void aLoginGetsATokenThatLaterCallsUse() throws Exception {
    try (FlightClient client = flight()) {
      final Optional<CredentialCallOption> token =
          client.authenticateBasicToken("rita", TestUsers.password("rita"));
      assertTrue(token.isPresent(), "no bearer token after a good login");
      try (FlightSqlClient sql = new FlightSqlClient(client)) {
        assertEquals(List.of("1"), rows(sql, "SELECT id FROM t", token.get()));
      }
    }
    try (Connection c = remote("alice"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM t")) {
      assertTrue(rs.next());
      assertEquals("one", rs.getString(1));
    }
  }

  @Test void wrongCredentialsAreRefusedWith28000AndNoToken() throws Exception {
    try (FlightClient client = flight(); FlightSqlClient sql = new FlightSqlClient(client)) {
      for (String[] credentials : new String[][] {{"rita", "wrong"}, {"nobody", "rita-pw"},
          {"rita", ""}}) {
        // The handshake (how drivers log in) fails: no token is handed out.
        final FlightRuntimeException handshake = assertThrows(FlightRuntimeException.class,
            () -> client.authenticateBasicToken(credentials[0], credentials[1]));
        assertEquals(FlightStatusCode.UNAUTHENTICATED, handshake.status().code());
        assertTrue(handshake.getMessage().contains("wrong user name or password"),
            handshake.getMessage());
        // A call that carries the credentials itself gets the SQLState in the trailer.
        final FlightRuntimeException call = assertThrows(FlightRuntimeException.class,
            () -> sql.execute("SELECT 1", basic(credentials[0], credentials[1])));
        assertEquals(FlightStatusCode.UNAUTHENTICATED, call.status().code());
        assertEquals("28000", call.status().metadata().get("sorrel-sqlstate"));
      }
      // No credentials at all, and a made-up token.
      final FlightRuntimeException none = assertThrows(FlightRuntimeException.class,
          () -> sql.execute("SELECT 1"));
      assertEquals("28000", none.status().metadata().get("sorrel-sqlstate"));
      assertTrue(none.status().description().contains("requires a user name and password"),
          none.status().description());
      final FlightRuntimeException forged = assertThrows(FlightRuntimeException.class,
          () -> sql.executeUpdate("DELETE FROM t", new CredentialCallOption(
              new org.apache.arrow.flight.auth2.BearerCredentialWriter("made-up"))));
      assertEquals("28000", forged.status().metadata().get("sorrel-sqlstate"));
    }
    // Arrow's JDBC driver: the connection fails with the server's message.
    final Properties wrong = TestUsers.login("rita");
    wrong.setProperty("password", "wrong");
    final SQLException jdbc = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(fixture.url(), wrong).close());
    // Arrow's driver exposes no SQLState (it is null): the status code and message.
    assertTrue(jdbc.getMessage().contains("UNAUTHENTICATED: wrong user name or password"),
        causes(jdbc));
    assertTrue(String.valueOf(jdbc.getMessage()).contains("wrong user name or password")
        || String.valueOf(causes(jdbc)).contains("wrong user name or password"), causes(jdbc));
    final SQLException anonymous = assertThrows(SQLException.class, () -> {
      try (Connection c = DriverManager.getConnection(fixture.url());
          Statement s = c.createStatement()) {
        s.executeQuery("SELECT 1").close();
      }
    });
    assertTrue(causes(anonymous).contains("requires a user name and password"),
        causes(anonymous));
    // Nothing was changed by the refused calls.
    try (Connection c = fixture.embedded(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getLong(1));
    }
  }

  @Test void eachRoleRunsWhatItMayAndIsRefusedTheRest() throws Exception {
    // read: queries (and transaction control) only.
    try (Connection c = remote("rita"); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
        assertTrue(rs.next());
      }
      for (String sql : List.of("INSERT INTO t VALUES (2, 'two')", "DELETE FROM t",
          "UPDATE t SET name = 'x'", "CREATE TABLE u (x INT)", "DROP TABLE t")) {
        final SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(sql),
            sql);
        assertTrue(causes(e).contains("permission denied: user rita has the read role"),
            sql + ": " + causes(e));
      }
      // Prepared statements are checked when prepared.
      final SQLException prepared = assertThrows(SQLException.class,
          () -> c.prepareStatement("INSERT INTO t VALUES (?, ?)"));
      assertTrue(causes(prepared).contains("needs the write role"), causes(prepared));
    }
    // write: also DML; not DDL.
    try (Connection c = remote("wendy"); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("INSERT INTO t VALUES (2, 'two')"));
      assertEquals(1, s.executeUpdate("UPDATE t SET name = 'deux' WHERE id = 2"));
      try (var insert = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
        insert.setInt(1, 3);
        insert.setString(2, "three");
        assertEquals(1, insert.executeUpdate());
      }
      for (String sql : List.of("CREATE TABLE u (x INT)", "DROP TABLE t",
          "CREATE INDEX t_name ON t (name)")) {
        final SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(sql),
            sql);
        assertTrue(causes(e).contains("needs the admin role"), sql + ": " + causes(e));
      }
    }
    // admin: everything.
    try (Connection c = remote("alice"); Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE u (x INT PRIMARY KEY)");
      s.executeUpdate("INSERT INTO u VALUES (1)");
      s.executeUpdate("DROP TABLE u");
    }
    // The SQLState, as the trailer carries it.
    try (FlightClient client = flight(); FlightSqlClient sql = new FlightSqlClient(client)) {
      final CredentialCallOption token =
          client.authenticateBasicToken("rita", TestUsers.password("rita")).orElseThrow();
      final FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
          () -> sql.executeUpdate("DELETE FROM t", token));
      assertEquals("42501", e.status().metadata().get("sorrel-sqlstate"));
      assertEquals(FlightStatusCode.UNAUTHORIZED, e.status().code());
      final FlightRuntimeException prepare = assertThrows(FlightRuntimeException.class,
          () -> sql.prepare("CREATE TABLE v (x INT)", token));
      assertEquals("42501", prepare.status().metadata().get("sorrel-sqlstate"));
    }
    try (Connection c = fixture.embedded(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      assertTrue(rs.next());
      assertEquals(3, rs.getLong(1));
    }
  }

  @Test void aChangedUsersFileAppliesToTheNextCall() throws Exception {
    try (FlightClient client = flight(); FlightSqlClient sql = new FlightSqlClient(client)) {
      final CredentialCallOption rita =
          client.authenticateBasicToken("rita", TestUsers.password("rita")).orElseThrow();
      final CredentialCallOption wendy =
          client.authenticateBasicToken("wendy", TestUsers.password("wendy")).orElseThrow();
      assertEquals(List.of("1"), rows(sql, "SELECT id FROM t", rita));
      // A new user can log in without a restart.
      UsersFile.add(users, TestUsers.user("newcomer", Role.READ));
      assertTrue(client.authenticateBasicToken("newcomer", TestUsers.password("newcomer"))
          .isPresent());
      // A removed user's token stops working.
      UsersFile.remove(users, "rita");
      final FlightRuntimeException removed = assertThrows(FlightRuntimeException.class,
          () -> rows(sql, "SELECT id FROM t", rita));
      assertEquals("28000", removed.status().metadata().get("sorrel-sqlstate"));
      // A new password ends the tokens of the old one, and the old password.
      UsersFile.replace(users, new UsersFile.User("wendy", Role.WRITE,
          dev.sorrel.server.PasswordHash.create("new-pw".toCharArray(), TestUsers.ITERATIONS)));
      final FlightRuntimeException changed = assertThrows(FlightRuntimeException.class,
          () -> rows(sql, "SELECT id FROM t", wendy));
      assertEquals("28000", changed.status().metadata().get("sorrel-sqlstate"));
      assertThrows(FlightRuntimeException.class,
          () -> client.authenticateBasicToken("wendy", TestUsers.password("wendy")));
      assertTrue(client.authenticateBasicToken("wendy", "new-pw").isPresent());
    }
  }

  @Test void aServerRefusesToStartOnAMissingOrMalformedUsersFile() throws Exception {
    final Path missing = dir.resolve("missing");
    final var e = assertThrows(dev.sorrel.engine.SorrelException.class,
        () -> new ServerFixture(ServerOptions.DEFAULT.withUsers(missing)).close());
    assertTrue(e.getMessage().contains("does not exist")
        && e.getMessage().contains("sorrel user add"), e.getMessage());
    final Path malformed = dir.resolve("malformed");
    java.nio.file.Files.writeString(malformed, "alice:admin\n");
    final var m = assertThrows(dev.sorrel.engine.SorrelException.class,
        () -> new ServerFixture(ServerOptions.DEFAULT.withUsers(malformed)).close());
    assertTrue(m.getMessage().contains("line 1"), m.getMessage());
  }

  static List<String> rows(FlightSqlClient sql, String query, CallOption... options)
      throws Exception {
    final FlightInfo info = sql.execute(query, options);
    final List<String> rows = new java.util.ArrayList<>();
    try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket(), options)) {
      while (stream.next()) {
        for (int i = 0; i < stream.getRoot().getRowCount(); i++) {
          rows.add(String.valueOf(stream.getRoot().getVector(0).getObject(i)));
        }
      }
    }
    return rows;
  }

  /** The messages of an exception and its causes, which is where Arrow's driver puts them. */
  static String causes(Throwable e) {
    final StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage())
          .append(" | ");
    }
    return text.toString();
  }

  /** A user of the read role gets a read-only connection; the others a writable one. */
  @Test void aReaderConnectionIsReadOnly() throws SQLException {
    for (String user : List.of("rita", "wendy", "alice")) {
      try (Connection sorrel = DriverManager.getConnection(fixture.sorrelUrl(),
              TestUsers.login(user));
          Connection arrow = remote(user)) {
        assertEquals(user.equals("rita"), sorrel.isReadOnly(), user);
        assertEquals(user.equals("rita"), sorrel.getMetaData().isReadOnly(), user);
        assertEquals(user.equals("rita"), arrow.getMetaData().isReadOnly(), user);
      }
    }
  }
}
