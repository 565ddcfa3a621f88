package dev.sorrel.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver;

/**
 * Opens {@code jdbc:sorrel://host:port} connections: a Sorrel server is an
 * Arrow Flight SQL server, so the connection is Apache Arrow's Flight SQL
 * JDBC driver's, given the settings of the URL and properties
 * ({@link RemoteUrl}) and seen through {@link RemoteProxy}, which makes its
 * errors and behaviour those of an embedded connection.
 *
 * <p>Arrow's driver is called directly, not looked up in
 * {@code DriverManager}: a {@code jdbc:sorrel://} URL must reach that driver
 * whatever else is registered.
 */
final class RemoteConnector {
  /** One instance serves every connection: the driver keeps no per-connection state. */
  private static final ArrowFlightJdbcDriver ARROW;

  /**
   * The java.util.logging logger of Arrow's memory classes inside the driver jar. The jar
   * logs through its own copy of SLF4J bound to java.util.logging, and its allocator logs
   * three INFO lines (debug mode, allocation manager) at the first connection of a JVM,
   * which users of the driver and the shell should not see. Held here because
   * java.util.logging keeps loggers only weakly, and a collected logger loses its level.
   */
  private static final Logger ARROW_MEMORY_LOG =
      Logger.getLogger("org.apache.arrow.driver.jdbc.shaded.org.apache.arrow.memory");

  static {
    // Warnings and errors still show; an application that set a level for these loggers in
    // its logging configuration keeps it.
    if (LogManager.getLogManager().getProperty(ARROW_MEMORY_LOG.getName() + ".level") == null
        && ARROW_MEMORY_LOG.getLevel() == null) {
      ARROW_MEMORY_LOG.setLevel(Level.WARNING);
    }
    ARROW = new ArrowFlightJdbcDriver();
  }

  private RemoteConnector() {
  }

  static Connection connect(String url, Properties info) throws SQLException {
    final RemoteUrl remote = RemoteUrl.parse(url, info);
    final Connection connection;
    try {
      connection = ARROW.connect(remote.arrowUrl(), remote.arrowProperties());
    } catch (SQLException | RuntimeException e) {
      throw RemoteErrors.translate(e, remote.address(), true);
    }
    if (connection == null) {
      throw RemoteErrors.create("08001", "cannot connect to the server at " + remote.address(),
          null);
    }
    try {
      // Arrow's driver connects lazily (gRPC opens its channel at the first call), so an
      // unreachable server would only show at the first statement. One call now makes it
      // fail here with 08001, and the server information it fetches is kept for
      // DatabaseMetaData.
      connection.getMetaData().getDatabaseProductName();
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException | RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw RemoteErrors.translate(e, remote.address(), true);
    }
    final int query = url.indexOf('?');
    return RemoteProxy.wrap(connection, query < 0 ? url : url.substring(0, query),
        remote.address(), remote.oneCallPrepared());
  }
}
