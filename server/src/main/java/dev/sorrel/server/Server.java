package dev.sorrel.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.jdbc.SorrelDriver;
import dev.sorrel.sql.FileAccess;

/**
 * A running Arrow Flight SQL server over a Sorrel {@link Database}: BI tools,
 * JDBC programs (Arrow's Flight SQL JDBC driver) and Python (ADBC) reach the
 * database through it. It serves a database an application already has open,
 * so embedded and remote connections share one {@code Database}:
 *
 * <pre>{@code
 * try (Database db = Database.open(Path.of("./mydb"), DatabaseOptions.DEFAULT);
 *      Server server = Server.start(db, ServerOptions.DEFAULT.withPort(31337))) {
 *   server.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Closing the server stops it: new calls are refused, running statements get
 * {@link ServerOptions#shutdownGrace()} to finish and are canceled after it,
 * and every session's connections close. The database stays open; it belongs
 * to whoever opened it.
 */
public final class Server implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Server.class);

  private final Database database;
  private final ServerOptions options;
  private final BufferAllocator allocator;
  private final SorrelFlightSqlProducer producer;
  private final FlightServer flight;
  private final ScheduledExecutorService housekeeping;
  private boolean closed;

  private Server(Database database, ServerOptions options, BufferAllocator allocator,
      SorrelFlightSqlProducer producer, FlightServer flight,
      ScheduledExecutorService housekeeping) {
    this.database = database;
    this.options = options;
    this.allocator = allocator;
    this.producer = producer;
    this.flight = flight;
    this.housekeeping = housekeeping;
  }

  /**
   * Starts serving {@code database}; fails with a clear message if the host is
   * beyond loopback without both users and TLS, the users file, certificate
   * or data directory cannot be read, or the port is taken.
   */
  public static Server start(Database database, ServerOptions options) {
    requireSecureBinding(options);
    if (database.isClosed()) {
      throw new SorrelException(ErrorCode.DATABASE_CLOSED, "database " + database.name()
          + " is closed");
    }
    final FileAccess files = fileAccess(options);
    final Authenticator authenticator = options.users() == null ? null
        : new Authenticator(usersFile(options.users()), options.idleSessionTimeout().toNanos());
    final SorrelDriver driver = new SorrelDriver();
    final Session.Connector connector = () -> {
      final Connection connection = driver.connect(database, new Properties(), files);
      if (options.readOnly()) {
        connection.setReadOnly(true);
      }
      return connection;
    };
    final BufferAllocator allocator = new RootAllocator();
    final SorrelFlightSqlProducer producer =
        new SorrelFlightSqlProducer(allocator, options, connector,
            () -> database.catalog().version());
    final FlightServer.Builder builder = FlightServer.builder(allocator, options.tls()
            ? Location.forGrpcTls(options.host(), options.port())
            : Location.forGrpcInsecure(options.host(), options.port()), producer);
    if (options.tls()) {
      useTls(builder, options);
    }
    if (authenticator != null) {
      // Before the session middleware, which reads the user this one leaves in the call context.
      builder.middleware(Authenticator.KEY, authenticator);
    }
    builder.middleware(SessionMiddleware.KEY, new SessionMiddleware.Factory(producer.sessions()));
    final FlightServer flight;
    try {
      flight = builder.build();
    } catch (RuntimeException e) {
      // A certificate or key that does not parse shows only when the TLS context is built.
      producer.close();
      allocator.close();
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "cannot start the server: "
          + (options.tls() ? "the TLS certificate " + options.tlsCert() + " or key "
          + options.tlsKey() + " is not usable (PEM, key in PKCS#8): " : "") + e.getMessage(), e);
    }
    try {
      flight.start();
    } catch (IOException e) {
      closeQuietly(flight, producer, allocator);
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new SorrelException(ErrorCode.CONNECTION_FAILURE, "cannot listen on "
            + options.host() + ":" + options.port() + ": the port is in use (stop what"
            + " listens there, or choose another port)", e);
      }
      throw new SorrelException(ErrorCode.CONNECTION_FAILURE, "cannot listen on "
          + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
    }
    final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
        r -> {
          final Thread t = new Thread(r, "sorrel-server-housekeeping");
          t.setDaemon(true);
          return t;
        });
    final long period = Math.max(1, Math.min(60, options.idleSessionTimeout().toSeconds() / 4));
    housekeeping.scheduleWithFixedDelay(() -> {
      try {
        producer.sessions().expire(options.idleSessionTimeout().toNanos(), producer::isRunning);
        producer.expirePending();
        if (authenticator != null) {
          authenticator.expireTokens();
        }
      } catch (RuntimeException e) {
        LOG.warn("housekeeping failed", e);
      }
    }, period, period, TimeUnit.SECONDS);
    final Server server = new Server(database, options, allocator, producer, flight,
        housekeeping);
    LOG.info("serving {} over Arrow Flight SQL{} on {}:{}{}{}; files: {}", database.name(),
        options.tls() ? " with TLS" : "", options.host(), server.port(),
        options.readOnly() ? " (read-only)" : "",
        authenticator == null ? " without authentication" : " to the users of "
            + options.users(), files);
    return server;
  }

  /**
   * Refuses addresses other machines could reach unless clients must both
   * authenticate and use TLS: otherwise anyone who reaches the port could read
   * and change the database, or read what others send.
   */
  static void requireSecureBinding(ServerOptions options) {
    final String host = options.host();
    final InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "unknown host " + host, e);
    }
    if (options.tls() && (options.tlsCert() == null || options.tlsKey() == null)) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "TLS needs both a"
          + " certificate (--tls-cert) and its private key (--tls-key)");
    }
    if (address.isLoopbackAddress() || options.users() != null && options.tls()) {
      return;
    }
    final String missing = options.users() == null && !options.tls()
        ? "authentication (--users FILE) and TLS (--tls-cert FILE --tls-key FILE)"
        : options.users() == null ? "authentication (--users FILE)"
        : "TLS (--tls-cert FILE --tls-key FILE)";
    throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "refusing to listen on "
        + host + ": beyond loopback (127.0.0.1, ::1) a server must require authentication"
        + " and TLS, so that only its users reach the database and nobody reads what they"
        + " send; add " + missing + ", or listen on 127.0.0.1");
  }

  /** The file policy of the server's connections: confined to the data directory, or none. */
  private static FileAccess fileAccess(ServerOptions options) {
    if (options.dataDir() == null) {
      return FileAccess.denied("this server was started without a data directory"
          + " (--data-dir DIR), so statements cannot read or write its files; a model's"
          + " bytes can be sent as the parameter of CREATE MODEL name FROM ?");
    }
    return FileAccess.confinedTo(options.dataDir());
  }

  private static UsersFile usersFile(java.nio.file.Path path) {
    try {
      return UsersFile.open(path);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "the users file " + path
          + " does not exist; create it with 'sorrel user add NAME --role admin --users "
          + path + "'", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "cannot read the users file "
          + path + ": " + e.getMessage(), e);
    }
  }

  private static void useTls(FlightServer.Builder builder, ServerOptions options) {
    try {
      builder.useTls(options.tlsCert().toFile(), options.tlsKey().toFile());
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "cannot read the TLS"
          + " certificate " + options.tlsCert() + " or key " + options.tlsKey() + ": "
          + e.getMessage(), e);
    }
  }

  /** The port the server listens on (the chosen one when started with port 0). */
  public int port() {
    return flight.getPort();
  }

  public String host() {
    return options.host();
  }

  public Database database() {
    return database;
  }

  /** How many statements are running (streaming rows or executing) now. */
  public int runningStatements() {
    return producer.running();
  }

  /** How many client sessions are open now. */
  public int sessions() {
    return producer.sessions().size();
  }

  /** Blocks until the server has stopped. */
  public void awaitTermination() throws InterruptedException {
    flight.awaitTermination();
  }

  /** Stops the server (see the class comment); safe to call more than once. */
  @Override public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    LOG.info("stopping: {} statement(s) running", producer.running());
    housekeeping.shutdownNow();
    flight.shutdown();
    try {
      if (!flight.awaitTermination(options.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.info("canceling {} statement(s) still running", producer.running());
        producer.cancelAll();
        flight.awaitTermination(5, TimeUnit.SECONDS);
      }
      // A canceled statement stops at its next row, on its call's thread, which gRPC's
      // termination does not wait for: closing the sessions' connections under it would
      // free the storage it still reads (and whoever opened the database may close it next).
      final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (producer.running() > 0 && System.nanoTime() < deadline) {
        producer.cancelAll();
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      producer.cancelAll();
      Thread.currentThread().interrupt();
    }
    closeQuietly(flight, producer, allocator);
    LOG.info("stopped serving {}", database.name());
  }

  private static void closeQuietly(FlightServer flight, SorrelFlightSqlProducer producer,
      BufferAllocator allocator) {
    try {
      flight.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("closing the Flight server failed", e);
    }
    producer.close();
    try {
      allocator.close();
    } catch (RuntimeException e) {
      // Buffers still referenced by a stream the transport has not released: reported, not fatal.
      LOG.warn("Arrow memory still in use at shutdown: {}", e.getMessage());
    }
  }
}
