package dev.sorrel.jdbc;

import java.sql.ClientInfoStatus;
import java.sql.Connection;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.sorrel.engine.ErrorCode;

/**
 * The {@link Connection} methods Sorrel answers itself (see {@link JdbcProxy}):
 * client info, kept per connection under the names the JDBC specification
 * suggests, as PostgreSQL's driver keeps {@code ApplicationName}.
 */
final class ConnectionOverrides {
  /** The client info properties a connection keeps, with what they are for. */
  static final List<String[]> CLIENT_INFO = List.of(
      new String[] {"ApplicationName", "the name of the application using the connection"},
      new String[] {"ClientUser", "the user the application runs this connection for"},
      new String[] {"ClientHostname", "the host the application runs on"});
  /** The longest value a client info property takes. */
  static final int CLIENT_INFO_MAX_LENGTH = 255;

  private final JdbcProxy self;
  private final Properties clientInfo = new Properties();

  ConnectionOverrides(JdbcProxy self) {
    this.self = self;
  }

  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    final SQLClientInfoException refused = refused(Map.of(String.valueOf(name), value));
    if (refused != null) {
      throw refused;
    }
    synchronized (clientInfo) {
      if (value == null) {
        clientInfo.remove(name);
      } else {
        clientInfo.setProperty(name, value);
      }
    }
  }

  /** Sets all of the properties or, if one cannot be set, none (as JDBC asks). */
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    final Map<String, String> values = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      values.put(name, properties.getProperty(name));
    }
    final SQLClientInfoException refused = refused(values);
    if (refused != null) {
      throw refused;
    }
    synchronized (clientInfo) {
      clientInfo.clear();
      clientInfo.putAll(values);
    }
  }

  public String getClientInfo(String name) throws SQLException {
    checkOpen();
    synchronized (clientInfo) {
      return clientInfo.getProperty(name);
    }
  }

  public Properties getClientInfo() throws SQLException {
    checkOpen();
    synchronized (clientInfo) {
      final Properties copy = new Properties();
      copy.putAll(clientInfo);
      return copy;
    }
  }

  private void checkOpen() throws SQLException {
    final SQLException closed = self.closedError();
    if (closed != null) {
      throw closed;
    }
  }

  /** Why these values cannot be set, or null if they can. */
  private SQLClientInfoException refused(Map<String, String> values) {
    final SQLException closed = self.closedError();
    final Map<String, ClientInfoStatus> failed = new HashMap<>();
    String reason = null;
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (closed != null) {
        failed.put(e.getKey(), ClientInfoStatus.REASON_UNKNOWN);
      } else if (CLIENT_INFO.stream().noneMatch(p -> p[0].equals(e.getKey()))) {
        failed.put(e.getKey(), ClientInfoStatus.REASON_UNKNOWN_PROPERTY);
        reason = "unknown client info property '" + e.getKey() + "'; Sorrel keeps "
            + "ApplicationName, ClientUser and ClientHostname";
      } else if (e.getValue() != null && e.getValue().length() > CLIENT_INFO_MAX_LENGTH) {
        failed.put(e.getKey(), ClientInfoStatus.REASON_VALUE_TRUNCATED);
        reason = "client info property " + e.getKey() + " is longer than "
            + CLIENT_INFO_MAX_LENGTH + " characters";
      }
    }
    if (failed.isEmpty()) {
      return null;
    }
    if (closed != null) {
      return new SQLClientInfoException(closed.getMessage(), closed.getSQLState(), 0, failed,
          closed);
    }
    return new SQLClientInfoException(reason, ErrorCode.INVALID_PARAMETER_VALUE.sqlState(), 0,
        failed);
  }
}
