package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.server.ServerOptions;

/**
 * Sorrel's own driver ({@code jdbc:sorrel://}) against a server with users and
 * TLS: a right login works, from properties or the URL; a wrong password, an
 * unknown user or no credentials fail at {@code getConnection} with
 * {@link SQLInvalidAuthorizationSpecException} and 28000; a role's refusal is
 * a {@link SQLSyntaxErrorException} with 42501 and the server's message; TLS
 * with the server's self-signed certificate trusted (as a PEM file or a trust
 * store) round-trips a query, and without trusting it the connection fails
 * with 08001.
 */
class SorrelDriverSecurityTest {
  @TempDir static Path dir;
  private static Path users;
  private static TestCertificate certificate;

  @BeforeAll static void files() throws Exception {
    users = TestUsers.write(dir);
    certificate = TestCertificate.create(dir);
  }

  @Test void aRightLoginWorksAndWrongOnesAre28000AtGetConnection() throws Exception {
    try (ServerFixture fixture = new ServerFixture(ServerOptions.DEFAULT.withUsers(users))) {
      fixture.exec("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR)",
          "INSERT INTO t VALUES (1, 'one')");
      try (Connection c = DriverManager.getConnection(fixture.sorrelUrl(),
          TestUsers.login("rita"))) {
        assertEquals("one", single(c, "SELECT name FROM t WHERE id = 1"));
      }
      final String inUrl = fixture.sorrelUrl() + "?user=alice&password="
          + URLEncoder.encode(TestUsers.password("alice"), StandardCharsets.UTF_8);
      try (Connection c = DriverManager.getConnection(inUrl)) {
        assertEquals("1", single(c, "SELECT COUNT(*) FROM t"));
      }
      final Properties wrongPassword = TestUsers.login("rita");
      wrongPassword.setProperty("password", "wrong");
      final Properties unknownUser = TestUsers.login("rita");
      unknownUser.setProperty("user", "nobody");
      for (Properties login : new Properties[] {wrongPassword, unknownUser}) {
        final SQLException e = assertThrows(SQLException.class,
            () -> DriverManager.getConnection(fixture.sorrelUrl(), login).close(),
            login.getProperty("user"));
        assertInstanceOf(SQLInvalidAuthorizationSpecException.class, e, e.toString());
        assertEquals("28000", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("wrong user name or password"), e.getMessage());
        assertTrue(!e.getMessage().contains("wrong\"") && !e.getMessage().contains("rita-pw"),
            "the password is not repeated: " + e.getMessage());
      }
      final SQLException anonymous = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(fixture.sorrelUrl()).close());
      assertInstanceOf(SQLInvalidAuthorizationSpecException.class, anonymous,
          anonymous.toString());
      assertEquals("28000", anonymous.getSQLState(), anonymous.getMessage());
    }
  }

  @Test void aReadRoleWriteIs42501WithTheServersMessage() throws Exception {
    try (ServerFixture fixture = new ServerFixture(ServerOptions.DEFAULT.withUsers(users))) {
      fixture.exec("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR)");
      try (Connection c = DriverManager.getConnection(fixture.sorrelUrl(),
          TestUsers.login("rita")); Statement s = c.createStatement()) {
        final SQLException insert = assertThrows(SQLException.class,
            () -> s.executeUpdate("INSERT INTO t VALUES (1, 'one')"));
        assertInstanceOf(SQLSyntaxErrorException.class, insert, insert.toString());
        assertEquals("42501", insert.getSQLState(), insert.getMessage());
        assertTrue(insert.getMessage().startsWith("permission denied: user rita has the read"
            + " role"), insert.getMessage());
        final SQLException prepared = assertThrows(SQLException.class,
            () -> c.prepareStatement("INSERT INTO t VALUES (?, ?)").close());
        assertInstanceOf(SQLSyntaxErrorException.class, prepared, prepared.toString());
        assertEquals("42501", prepared.getSQLState(), prepared.getMessage());
        assertTrue(prepared.getMessage().contains("needs the write role"),
            prepared.getMessage());
        // The refusal leaves the connection usable, metadata included.
        assertEquals("0", single(c, "SELECT COUNT(*) FROM t"));
        try (ResultSet rs = c.getMetaData().getIndexInfo(null, "PUBLIC", "T", false, false)) {
          assertTrue(rs.next());
          assertEquals("PK_T", rs.getString("INDEX_NAME"));
        }
        try (ResultSet rs = c.getMetaData().getTypeInfo()) {
          assertTrue(rs.next());
        }
      }
    }
  }

  @Test void tlsWithTheCertificateTrustedRoundTripsAndUntrustedIs08001() throws Exception {
    try (ServerFixture fixture = new ServerFixture(ServerOptions.DEFAULT
        .withTls(certificate.cert(), certificate.key()).withUsers(users))) {
      fixture.exec("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR)",
          "INSERT INTO t VALUES (1, 'over tls')");
      final Properties pem = TestUsers.login("rita");
      pem.setProperty("tls_root_certs", certificate.cert().toString());
      try (Connection c = DriverManager.getConnection(fixture.sorrelUrl() + "?tls=true", pem)) {
        assertEquals("over tls", single(c, "SELECT name FROM t WHERE id = 1"));
        try (PreparedStatement p = c.prepareStatement("SELECT name FROM t WHERE id = ?")) {
          p.setInt(1, 1);
          try (ResultSet rs = p.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("over tls", rs.getString(1));
          }
        }
      }
      final Path store = dir.resolve("trust.p12");
      final java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (var in = java.nio.file.Files.newInputStream(certificate.cert())) {
        trust.setCertificateEntry("sorrel", java.security.cert.CertificateFactory
            .getInstance("X.509").generateCertificate(in));
      }
      try (var out = java.nio.file.Files.newOutputStream(store)) {
        trust.store(out, "changeit".toCharArray());
      }
      final Properties trustStore = TestUsers.login("rita");
      trustStore.setProperty("trust_store", store.toString());
      trustStore.setProperty("trust_store_password", "changeit");
      try (Connection c = DriverManager.getConnection(fixture.sorrelUrl() + "?tls=true",
          trustStore)) {
        assertEquals("over tls", single(c, "SELECT name FROM t WHERE id = 1"));
      }
      // The certificate is not trusted: no connection, and the failure is the connection's.
      final Properties untrusting = TestUsers.login("rita");
      untrusting.setProperty("use_system_trust_store", "false");
      final SQLException untrusted = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(fixture.sorrelUrl() + "?tls=true", untrusting)
              .close());
      assertInstanceOf(SQLNonTransientConnectionException.class, untrusted,
          untrusted.toString());
      assertEquals("08001", untrusted.getSQLState(), untrusted.getMessage());
      // Plaintext to a TLS port: no connection either.
      final SQLException plaintext = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(fixture.sorrelUrl() + "?tls=false",
              TestUsers.login("rita")).close());
      assertEquals("08001", plaintext.getSQLState(), plaintext.getMessage());
    }
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }
}
