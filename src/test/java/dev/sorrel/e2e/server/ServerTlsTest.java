package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.SorrelException;
import dev.sorrel.server.Server;
import dev.sorrel.server.ServerOptions;

/**
 * TLS from PEM files, with a self-signed certificate made for the test (the
 * JDK's keytool, then the certificate and its PKCS#8 key written as PEM): a
 * client that trusts the certificate round-trips a query, a plaintext client
 * is refused; and a host beyond loopback is served only with both users and
 * TLS.
 */
class ServerTlsTest {
  @TempDir static Path dir;
  private static Path cert;
  private static Path key;
  private static Path users;

  @BeforeAll static void certificate() throws Exception {
    final TestCertificate certificate = TestCertificate.create(dir);
    cert = certificate.cert();
    key = certificate.key();
    users = TestUsers.write(dir);
  }

  private static String url(Server server, boolean encryption) {
    return "jdbc:arrow-flight-sql://127.0.0.1:" + server.port() + "?useEncryption="
        + encryption;
  }

  @Test void aClientTrustingTheCertificateRoundTripsAndAPlaintextOneIsRefused()
      throws Exception {
    try (ServerFixture fixture = new ServerFixture(ServerOptions.DEFAULT.withTls(cert, key)
        .withUsers(users))) {
      fixture.exec("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR)",
          "INSERT INTO t VALUES (1, 'over tls')");
      final Properties properties = TestUsers.login("rita");
      properties.setProperty("tlsRootCerts", cert.toString());
      try (Connection c = DriverManager.getConnection(url(fixture.server, true), properties);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT name FROM t WHERE id = 1")) {
        assertTrue(rs.next());
        assertEquals("over tls", rs.getString(1));
      }
      // Plaintext to a TLS port: no connection.
      assertThrows(SQLException.class, () -> {
        try (Connection c = DriverManager.getConnection(url(fixture.server, false),
            TestUsers.login("rita")); Statement s = c.createStatement()) {
          s.executeQuery("SELECT 1").close();
        }
      });
      // TLS without trusting the self-signed certificate: no connection either.
      final Properties untrusting = TestUsers.login("rita");
      untrusting.setProperty("useSystemTrustStore", "false");
      assertThrows(SQLException.class, () -> {
        try (Connection c = DriverManager.getConnection(url(fixture.server, true), untrusting);
            Statement s = c.createStatement()) {
          s.executeQuery("SELECT 1").close();
        }
      });
    }
  }

  @Test void aHostBeyondLoopbackNeedsBothUsersAndTls() throws Exception {
    try (ServerFixture fixture = new ServerFixture()) {
      final ServerOptions open = ServerOptions.DEFAULT.withHost("0.0.0.0").withPort(0);
      final SorrelException neither = assertThrows(SorrelException.class,
          () -> Server.start(fixture.database, open));
      assertTrue(neither.getMessage().contains("add authentication (--users FILE) and TLS"),
          neither.getMessage());
      final SorrelException noTls = assertThrows(SorrelException.class,
          () -> Server.start(fixture.database, open.withUsers(users)));
      assertTrue(noTls.getMessage().contains("add TLS"), noTls.getMessage());
      final SorrelException noUsers = assertThrows(SorrelException.class,
          () -> Server.start(fixture.database, open.withTls(cert, key)));
      assertTrue(noUsers.getMessage().contains("add authentication (--users FILE)"),
          noUsers.getMessage());
      try (Server server = Server.start(fixture.database, open.withUsers(users)
          .withTls(cert, key))) {
        final Properties properties = TestUsers.login("alice");
        properties.setProperty("tlsRootCerts", cert.toString());
        try (Connection c = DriverManager.getConnection(url(server, true), properties);
            Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 42")) {
          assertTrue(rs.next());
          assertEquals(42, rs.getInt(1));
        }
      }
    }
  }

  @Test void anUnusableCertificateIsRefusedAtStart() throws Exception {
    final Path bogus = dir.resolve("bogus.pem");
    Files.writeString(bogus, "not a certificate\n");
    try (ServerFixture fixture = new ServerFixture()) {
      final SorrelException e = assertThrows(SorrelException.class, () -> Server.start(
          fixture.database, ServerOptions.DEFAULT.withPort(0).withTls(bogus, key)));
      assertTrue(e.getMessage().contains("TLS certificate"), e.getMessage());
      final SorrelException half = assertThrows(SorrelException.class, () -> Server.start(
          fixture.database, ServerOptions.DEFAULT.withPort(0).withTls(cert, null)));
      assertTrue(half.getMessage().contains("--tls-key"), half.getMessage());
    }
  }
}
