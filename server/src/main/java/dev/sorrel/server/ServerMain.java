package dev.sorrel.server;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.SorrelException;

/**
 * The {@code sorrel serve} command: opens a database directory and serves it
 * over Arrow Flight SQL until stopped (Ctrl-C or SIGTERM), then lets running
 * statements finish (or cancels them after the grace period) and closes the
 * database.
 */
public final class ServerMain {
  static final String USAGE = """
      Usage: sorrel serve DIR [--host 127.0.0.1] [--port 31337] [--read-only]

      Serves the Sorrel database in DIR (created if missing) over Arrow Flight SQL.
      Connect with Apache Arrow's Flight SQL JDBC driver:
        jdbc:arrow-flight-sql://127.0.0.1:31337?useEncryption=false
      or with Python's ADBC driver (adbc_driver_flightsql): grpc://127.0.0.1:31337

        --host ADDRESS   the address to listen on (loopback only: 127.0.0.1, ::1, localhost)
        --port N         the TCP port (default 31337; 0 picks a free one)
        --read-only      refuse every write (SQLState 25006)
        --help           show this help
      """;

  private ServerMain() {
  }

  public static void main(String[] args) {
    final int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the command; returns the process exit status (0 after a clean stop, 2 on bad usage). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String directory = null;
    ServerOptions options = ServerOptions.DEFAULT;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--help", "-h" -> {
            out.print(USAGE);
            return 0;
          }
          case "--host" -> options = options.withHost(value(args, ++i, "--host"));
          case "--port" -> options = options.withPort(port(value(args, ++i, "--port")));
          case "--read-only" -> options = options.withReadOnly(true);
          default -> {
            if (args[i].startsWith("-") || directory != null) {
              throw new IllegalArgumentException("unexpected argument: " + args[i]);
            }
            directory = args[i];
          }
        }
      }
      if (directory == null) {
        throw new IllegalArgumentException("no database directory given");
      }
      Server.requireLoopback(options.host());
    } catch (IllegalArgumentException | SorrelException e) {
      err.println("sorrel serve: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (Files.isRegularFile(Path.of(directory))) {
      err.println("sorrel serve: " + directory + " is a file, not a database directory");
      return 2;
    }
    final Database database;
    try {
      database = Database.open(Path.of(directory), DatabaseOptions.DEFAULT);
    } catch (SorrelException e) {
      err.println("sorrel serve: " + e.getMessage());
      return 1;
    }
    final Server server;
    try {
      server = Server.start(database, options);
    } catch (SorrelException e) {
      database.close();
      err.println("sorrel serve: " + e.getMessage());
      return 1;
    }
    out.println("Serving " + database.name() + " on " + options.host() + ":" + server.port()
        + (options.readOnly() ? " (read-only)" : "") + "; stop with Ctrl-C or SIGTERM.");
    out.println("JDBC URL: jdbc:arrow-flight-sql://" + options.host() + ":" + server.port()
        + "?useEncryption=false");
    out.flush();
    final CountDownLatch stopped = new CountDownLatch(1);
    final Thread hook = new Thread(() -> {
      stop(server, database);
      stopped.countDown();
    }, "sorrel-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      server.awaitTermination();
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Runtime.getRuntime().removeShutdownHook(hook);
      stop(server, database);
    }
    return 0;
  }

  private static void stop(Server server, Database database) {
    server.close();
    database.close();
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int port(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port needs a number, not '" + text + "'");
    }
  }
}
