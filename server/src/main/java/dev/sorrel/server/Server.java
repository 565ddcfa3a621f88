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
   * not a loopback address or the port is taken.
   */
  public static Server start(Database database, ServerOptions options) {
    requireLoopback(options.host());
    if (database.isClosed()) {
      throw new SorrelException(ErrorCode.DATABASE_CLOSED, "database " + database.name()
          + " is closed");
    }
    final SorrelDriver driver = new SorrelDriver();
    final Session.Connector connector = () -> {
      final Connection connection = driver.connect(database, new Properties());
      if (options.readOnly()) {
        connection.setReadOnly(true);
      }
      return connection;
    };
    final BufferAllocator allocator = new RootAllocator();
    final SorrelFlightSqlProducer producer =
        new SorrelFlightSqlProducer(allocator, options, connector);
    final FlightServer flight = FlightServer.builder(allocator,
            Location.forGrpcInsecure(options.host(), options.port()), producer)
        .middleware(SessionMiddleware.KEY, new SessionMiddleware.Factory(producer.sessions()))
        .build();
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
      } catch (RuntimeException e) {
        LOG.warn("housekeeping failed", e);
      }
    }, period, period, TimeUnit.SECONDS);
    final Server server = new Server(database, options, allocator, producer, flight,
        housekeeping);
    LOG.info("serving {} over Arrow Flight SQL on {}:{}{}", database.name(), options.host(),
        server.port(), options.readOnly() ? " (read-only)" : "");
    return server;
  }

  /**
   * Refuses addresses other clients could reach: without authentication and
   * TLS, anyone who reaches the port could read and change the database.
   */
  static void requireLoopback(String host) {
    final InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "unknown host " + host, e);
    }
    if (!address.isLoopbackAddress()) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "refusing to listen on "
          + host + ": beyond loopback (127.0.0.1, ::1) a server must require authentication"
          + " and TLS, which this version does not offer yet; listen on 127.0.0.1 and reach"
          + " it through an SSH tunnel or a TLS-terminating proxy");
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
