package dev.sorrel.e2e.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.jdbc.SorrelDriver;
import dev.sorrel.server.Server;
import dev.sorrel.server.ServerOptions;

/**
 * A Sorrel server on a free loopback port over a fresh in-memory database,
 * with connections to it through Apache Arrow's Flight SQL JDBC driver
 * (remote), through Sorrel's own driver to the server ({@code jdbc:sorrel://})
 * and through Sorrel's own driver on the same {@link Database} (embedded), so
 * a test can compare them.
 */
final class ServerFixture implements AutoCloseable {
  private static final AtomicLong SEQ = new AtomicLong();

  final Database database;
  final Server server;

  ServerFixture() {
    this(ServerOptions.DEFAULT);
  }

  ServerFixture(ServerOptions options) {
    database = Database.openInMemory("server" + SEQ.incrementAndGet() + "_" + System.nanoTime(),
        DatabaseOptions.DEFAULT);
    try {
      server = Server.start(database, options.withPort(0));
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  String url() {
    return "jdbc:arrow-flight-sql://127.0.0.1:" + server.port() + "?useEncryption=false";
  }

  /** A connection through Arrow's Flight SQL JDBC driver. */
  Connection remote() throws SQLException {
    return DriverManager.getConnection(url());
  }

  /** The server's URL for Sorrel's own driver. */
  String sorrelUrl() {
    return "jdbc:sorrel://127.0.0.1:" + server.port();
  }

  /** A connection through Sorrel's own driver to the server ({@code jdbc:sorrel://}). */
  Connection sorrel() throws SQLException {
    return DriverManager.getConnection(sorrelUrl());
  }

  /** A connection through Sorrel's driver to the same database. */
  Connection embedded() throws SQLException {
    return new SorrelDriver().connect(database, new Properties());
  }

  void exec(String... sql) throws SQLException {
    try (Connection c = embedded(); Statement s = c.createStatement()) {
      for (String one : sql) {
        s.execute(one);
      }
    }
  }

  @Override public void close() {
    server.close();
    database.close();
  }
}
