package dev.sorrel.jdbc;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import dev.sorrel.engine.ErrorCode;

/**
 * A parsed {@code jdbc:sorrel://host:port[?name=value&...]} URL with its
 * connection properties (URL parameters, then JDBC {@link Properties}, which
 * win), and the properties Apache Arrow's Flight SQL JDBC driver takes for
 * them. Unknown names are refused, so that a misspelt {@code pasword} or
 * {@code tsl} fails at connect instead of silently connecting without it.
 *
 * @param host     the server's host name or address (IPv6 without brackets)
 * @param port     the server's port
 * @param settings the recognised settings by {@link Setting}
 */
record RemoteUrl(String host, int port, Map<Setting, String> settings) {
  /** The prefix of a server URL. */
  static final String PREFIX = "jdbc:sorrel://";

  /** A connection setting of a server URL: its Sorrel name and its Arrow driver name. */
  enum Setting {
    /** The user to log in as. */
    USER("user", "user"),
    /** The user's password. */
    PASSWORD("password", "password"),
    /** Whether to use TLS: by default only for hosts other than loopback. */
    TLS("tls", "useEncryption"),
    /** A PEM file of the certificates that sign the server's certificate. */
    TLS_ROOT_CERTS("tls_root_certs", "tlsRootCerts"),
    /** A Java key store (JKS or PKCS12) of trusted certificates. */
    TRUST_STORE("trust_store", "trustStore"),
    /** The password of {@link #TRUST_STORE}. */
    TRUST_STORE_PASSWORD("trust_store_password", "trustStorePassword"),
    /**
     * Whether to trust the operating system's certificates: true by default, false by
     * default when {@link #TRUST_STORE} is given (Arrow's driver uses one or the other).
     */
    USE_SYSTEM_TRUST_STORE("use_system_trust_store", "useSystemTrustStore"),
    /** Whether to accept any server certificate: for tests only. */
    DISABLE_CERTIFICATE_VERIFICATION("disable_certificate_verification",
        "disableCertificateVerification"),
    /**
     * Whether a prepared query runs in one call ({@link DirectExecute}): true by default;
     * false sends every execution through Flight SQL's three calls, as Arrow's driver does.
     * Sorrel's own: not passed to Arrow's driver.
     */
    ONE_CALL_PREPARED("one_call_prepared", null);

    final String sorrelName;
    final String arrowName;

    Setting(String sorrelName, String arrowName) {
      this.sorrelName = sorrelName;
      this.arrowName = arrowName;
    }

    static Setting named(String name) {
      final String lower = name.toLowerCase(Locale.ROOT);
      for (Setting s : values()) {
        if (s.sorrelName.equals(lower)
            || s.arrowName != null && s.arrowName.toLowerCase(Locale.ROOT).equals(lower)) {
          return s;
        }
      }
      return null;
    }

    boolean isBoolean() {
      return switch (this) {
        case TLS, USE_SYSTEM_TRUST_STORE, DISABLE_CERTIFICATE_VERIFICATION, ONE_CALL_PREPARED ->
            true;
        case USER, PASSWORD, TLS_ROOT_CERTS, TRUST_STORE, TRUST_STORE_PASSWORD -> false;
      };
    }
  }

  /** Whether a URL names a server rather than a database directory. */
  static boolean isRemote(String url) {
    return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  /** Parses a server URL and merges the JDBC properties given with it. */
  static RemoteUrl parse(String url, Properties info) throws SQLException {
    final URI uri;
    try {
      uri = new URI("sorrel://" + url.substring(PREFIX.length()));
    } catch (URISyntaxException e) {
      throw error("invalid server URL " + url + ": " + e.getReason()
          + "; use jdbc:sorrel://host:port");
    }
    final String host = uri.getHost();
    if (host == null || uri.getPort() < 0) {
      throw error("invalid server URL " + url + ": it needs a host and a port,"
          + " as in jdbc:sorrel://localhost:31337");
    }
    if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")
        || uri.getUserInfo() != null || uri.getFragment() != null) {
      throw error("invalid server URL " + url + ": only host, port and ?name=value"
          + " parameters are allowed");
    }
    final Map<Setting, String> settings = new LinkedHashMap<>();
    if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
      for (String pair : uri.getRawQuery().split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        final int equals = pair.indexOf('=');
        final String name = decode(equals < 0 ? pair : pair.substring(0, equals));
        final String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
        put(settings, name, value);
      }
    }
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        put(settings, name, info.getProperty(name));
      }
    }
    final String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return new RemoteUrl(bare, uri.getPort(), Map.copyOf(settings));
  }

  private static void put(Map<Setting, String> settings, String name, String value)
      throws SQLException {
    final Setting setting = Setting.named(name);
    if (setting == null) {
      throw error("unknown connection property '" + name + "' for a server connection;"
          + " known: user, password, tls, tls_root_certs, trust_store, trust_store_password,"
          + " use_system_trust_store, disable_certificate_verification, one_call_prepared");
    }
    if (setting.isBoolean() && !value.equalsIgnoreCase("true")
        && !value.equalsIgnoreCase("false")) {
      throw error(setting.sorrelName + " must be true or false, not '" + value + "'");
    }
    settings.put(setting, value);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static SQLException error(String message) {
    return SqlErrors.create(ErrorCode.CONNECTION_FAILURE.sqlState(), message, null);
  }

  /** Whether the connection uses TLS: as asked, else unless the host is a loopback address. */
  boolean tls() {
    final String asked = settings.get(Setting.TLS);
    return asked != null ? Boolean.parseBoolean(asked) : !isLoopback(host);
  }

  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      // Only literal addresses are looked at: a name is not resolved to decide on TLS.
      if (host.chars().allMatch(c -> Character.isDigit(c) || c == '.') || host.contains(":")) {
        return InetAddress.getByName(host).isLoopbackAddress();
      }
    } catch (UnknownHostException e) {
      return false;
    }
    return false;
  }

  /** The URL Arrow's Flight SQL JDBC driver connects to. */
  String arrowUrl() {
    return "jdbc:arrow-flight-sql://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
        + port;
  }

  /** The properties Arrow's Flight SQL JDBC driver connects with. */
  Properties arrowProperties() {
    final Properties properties = new Properties();
    for (Map.Entry<Setting, String> e : settings.entrySet()) {
      if (e.getKey().arrowName != null) {
        properties.setProperty(e.getKey().arrowName, e.getValue());
      }
    }
    properties.setProperty(Setting.TLS.arrowName, Boolean.toString(tls()));
    if (settings.containsKey(Setting.TRUST_STORE)
        && !settings.containsKey(Setting.USE_SYSTEM_TRUST_STORE)) {
      // Arrow's driver reads the system's certificates instead of a given trust store
      // while useSystemTrustStore is true (its default), so the trust store would be
      // ignored: naming one means trusting it, as javax.net.ssl.trustStore does.
      properties.setProperty(Setting.USE_SYSTEM_TRUST_STORE.arrowName, "false");
    }
    return properties;
  }

  /** Whether prepared queries run in one call ({@link Setting#ONE_CALL_PREPARED}). */
  boolean oneCallPrepared() {
    return !"false".equalsIgnoreCase(settings.get(Setting.ONE_CALL_PREPARED));
  }

  /** Where the connection goes, for messages: host and port, never the password. */
  String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
