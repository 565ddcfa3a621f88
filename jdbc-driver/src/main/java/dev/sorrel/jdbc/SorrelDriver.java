package dev.sorrel.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.ConnectStringParser;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Handler;
import org.apache.calcite.avatica.HandlerImpl;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.schema.SchemaPlus;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.FileAccess;
import dev.sorrel.sql.SorrelConnectionConfig;
import dev.sorrel.sql.SorrelParserFactory;
import dev.sorrel.sql.SorrelPrepare;
import dev.sorrel.sql.schema.SorrelSchema;
import dev.sorrel.sql.schema.OnlineSchema;
import dev.sorrel.sql.schema.SysSchema;
import dev.sorrel.sql.schema.TypeAliases;
import dev.sorrel.sql.schema.TrackingSchema;

/**
 * The JDBC driver for {@code jdbc:sorrel:<path>} (a database directory,
 * created if missing), {@code jdbc:sorrel:mem:<name>} (in memory, gone
 * when its last connection closes) and {@code jdbc:sorrel://host:port} (a
 * Sorrel server, reached through Apache Arrow's Flight SQL JDBC driver; see
 * {@link RemoteUrl} for its parameters). Options follow the location after
 * semicolons: {@code jdbc:sorrel:./db;sync=true}.
 *
 * <p>All connections to one location share one engine {@link Database}.
 */
public final class SorrelDriver extends Driver {
  public static final String PREFIX = "jdbc:sorrel:";
  static final String LOCATION = "sorrel.location";
  static final String VERSION = "0.1.0";
  static final String DRIVER_NAME = "Sorrel JDBC Driver";
  static final int MAJOR_VERSION = 0;
  static final int MINOR_VERSION = 1;

  private final Map<AvaticaConnection, Database> databases = new ConcurrentHashMap<>();

  static {
    new SorrelDriver().register();
  }

  public SorrelDriver() {
    super(SorrelPrepare::new);
  }

  @Override protected String getConnectStringPrefix() {
    return PREFIX;
  }

  @Override protected DriverVersion createDriverVersion() {
    return new DriverVersion(DRIVER_NAME, VERSION, "Sorrel", VERSION, true,
        MAJOR_VERSION, MINOR_VERSION, MAJOR_VERSION, MINOR_VERSION);
  }

  @Override public CalcitePrepare createPrepare() {
    return new SorrelPrepare();
  }

  @Override public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    if (RemoteUrl.isRemote(url)) {
      return RemoteConnector.connect(url, info);
    }
    final String rest = url.substring(PREFIX.length());
    final int semicolon = rest.indexOf(';');
    final String location = (semicolon < 0 ? rest : rest.substring(0, semicolon)).trim();
    if (location.isEmpty()) {
      throw SqlErrors.create("08001", "no database location in " + url
          + "; use jdbc:sorrel:<directory> or jdbc:sorrel:mem:<name>", null);
    }
    final Properties properties = new ConnectionProperties();
    if (semicolon >= 0) {
      properties.putAll(ConnectStringParser.parse(rest.substring(semicolon + 1)));
    }
    return connect(url, location, properties, info);
  }

  /**
   * Opens a connection to a database this JVM already has open, sharing that
   * {@link Database} (as a server's sessions share the one an application
   * started the server on). The database stays open at least as long as the
   * connection: each connection holds a reference to it.
   */
  public Connection connect(Database database, Properties info) throws SQLException {
    return connect(database, info, FileAccess.UNRESTRICTED);
  }

  /**
   * Opens a connection to a database this JVM already has open, as
   * {@link #connect(Database, Properties)}, whose COPY and model statements
   * reach only the files {@code files} allows: a server opens its clients'
   * connections so.
   */
  public Connection connect(Database database, Properties info, FileAccess files)
      throws SQLException {
    if (database.isClosed()) {
      throw SqlErrors.create(ErrorCode.DATABASE_CLOSED.sqlState(), "database "
          + database.name() + " is closed", null);
    }
    return connect(PREFIX + database.name(), database.name(), new ConnectionProperties(), info,
        files);
  }

  private Connection connect(String url, String location, Properties properties,
      Properties info) throws SQLException {
    return connect(url, location, properties, info, FileAccess.UNRESTRICTED);
  }

  private Connection connect(String url, String location, Properties properties,
      Properties info, FileAccess files) throws SQLException {
    if (info != null) {
      properties.putAll(info);
    }
    properties.setProperty(LOCATION, location);
    properties.setProperty("parserFactory", SorrelParserFactory.class.getName() + "#INSTANCE");
    properties.setProperty("schema", SorrelSchema.NAME);
    try {
      final AvaticaConnection connection = factory.newConnection(this, factory, url, properties);
      handler.onConnectionInit(connection);
      final CalciteSchema schema = CalciteSchema.from(
          ((CalciteConnection) connection).getRootSchema()).getSubSchema(SorrelSchema.NAME, true);
      if (schema != null && schema.schema instanceof SorrelSchema sorrel) {
        sorrel.fileAccess(files);
      }
      return JdbcProxy.wrap(connection, databases.get(connection).timers());
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e);
    }
  }

  @Override protected Handler createHandler() {
    final Handler calcite = super.createHandler();
    return new HandlerImpl() {
      @Override public void onConnectionInit(AvaticaConnection connection) throws SQLException {
        final Properties properties = ((CalciteConnection) connection).getProperties();
        final Database database = open(properties.getProperty(LOCATION), properties);
        try {
          final SchemaPlus root = ((CalciteConnection) connection).getRootSchema();
          // Calcite's own "metadata" schema would duplicate what DatabaseMetaData
          // and SYS answer, under names no Sorrel user expects.
          org.apache.calcite.jdbc.CalciteSchema.from(root).removeSubSchema("metadata");
          new SorrelSchema(database, new SorrelConnectionConfig(properties, database))
              .addTo(root);
          root.add(SysSchema.NAME, new SysSchema(database));
          TypeAliases.addTo(root);
          new OnlineSchema(database).addTo(root);
          new TrackingSchema(database).addTo(root);
          calcite.onConnectionInit(connection);
          connection.setSchema(SorrelSchema.NAME);
        } catch (RuntimeException | SQLException e) {
          database.close();
          throw e;
        }
        databases.put(connection, database);
      }

      @Override public void onConnectionClose(AvaticaConnection connection) {
        final Database database = databases.remove(connection);
        if (database != null) {
          database.close();
        }
      }
    };
  }

  private static Database open(String location, Properties properties) {
    final DatabaseOptions defaults = DatabaseOptions.DEFAULT;
    final DatabaseOptions options = defaults
        .withSyncCommits(Boolean.parseBoolean(properties.getProperty("sync", "false")))
        .withLockTimeoutMillis(option(properties, "lock_timeout_ms", defaults.lockTimeoutMillis()))
        .withSegmentMinRows(option(properties, "segment_min_rows", defaults.segmentMinRows()))
        .withWorkerThreads((int) Math.min(Integer.MAX_VALUE,
            option(properties, "worker_threads", defaults.workerThreads())))
        .withAsofChunkRows((int) Math.min(Integer.MAX_VALUE,
            option(properties, "asof_chunk_rows", defaults.asofChunkRows())))
        .withBulkLoadMinRows(option(properties, "bulk_load_min_rows",
            defaults.bulkLoadMinRows()))
        .withMemoryLimitBytes(memoryLimit(properties.getProperty("memory_limit"),
            defaults.memoryLimitBytes()));
    if (location.startsWith("mem:")) {
      return Database.openInMemory(location.substring("mem:".length()), options);
    }
    return Database.open(Path.of(location), options);
  }

  /** A database option: a count or duration, at least 0 (worker_threads at least 1). */
  private static long option(Properties properties, String name, long defaultValue) {
    final String text = properties.getProperty(name);
    if (text == null) {
      return defaultValue;
    }
    try {
      final long value = Long.parseLong(text.trim());
      if (value >= (name.equals("worker_threads") ? 1 : 0)) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // Reported below.
    }
    throw new SorrelException(ErrorCode.CONNECTION_FAILURE, name + " must be a "
        + (name.equals("worker_threads") ? "positive" : "non-negative") + " integer, not '"
        + text + "'");
  }

  /**
   * The {@code memory_limit} option in bytes: a percentage of the maximum heap ({@code 85%}),
   * a size in bytes with an optional suffix {@code k}, {@code m} or {@code g} (binary
   * multiples), or 0 for no limit.
   */
  static long memoryLimit(String text, long defaultValue) {
    if (text == null) {
      return defaultValue;
    }
    final String value = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (value.endsWith("%")) {
        final int percent = Integer.parseInt(value.substring(0, value.length() - 1).trim());
        if (percent >= 1 && percent <= 100) {
          return DatabaseOptions.heapPercent(percent);
        }
      } else {
        final int shift = value.endsWith("k") ? 10 : value.endsWith("m") ? 20
            : value.endsWith("g") ? 30 : 0;
        final long number = Long.parseLong(shift == 0 ? value
            : value.substring(0, value.length() - 1).trim());
        if (number >= 0 && number <= Long.MAX_VALUE >> shift) {
          return number << shift;
        }
      }
    } catch (NumberFormatException ignored) {
      // Reported below.
    }
    throw new SorrelException(ErrorCode.CONNECTION_FAILURE, "memory_limit must be a percentage"
        + " of the maximum heap from 1% to 100%, a size such as 512m or 2g, or 0 for none,"
        + " not '" + text + "'");
  }

  @Override public Meta createMeta(AvaticaConnection connection) {
    return new SorrelMeta(connection);
  }
}
