package dev.sorrel.server;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
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
      Usage: sorrel serve DIR [--host 127.0.0.1] [--port 31337] [--users FILE]
                              [--tls-cert FILE --tls-key FILE] [--data-dir DIR] [--read-only]
                              [--max-statements N] [--max-result-rows N]
                              [--max-result-bytes N] [--idle-timeout DURATION]

      Serves the Sorrel database in DIR (created if missing) over Arrow Flight SQL.
      Connect with Apache Arrow's Flight SQL JDBC driver:
        jdbc:arrow-flight-sql://127.0.0.1:31337?useEncryption=false
      or with Python's ADBC driver (adbc_driver_flightsql): grpc://127.0.0.1:31337

        --host ADDRESS       the address to listen on (default 127.0.0.1); beyond loopback
                             only with both --users and --tls-cert/--tls-key
        --port N             the TCP port (default 31337; 0 picks a free one)
        --users FILE         require a user name and password from the users file (made
                             with 'sorrel user add'); roles read, write and admin apply
        --tls-cert FILE      serve over TLS with this certificate chain (PEM)
        --tls-key FILE       ... and its private key (PEM, PKCS#8)
        --data-dir DIR       COPY and CREATE MODEL ... FROM 'file' may use the files in DIR
                             only (relative paths resolve against it); without it such
                             paths are refused
        --read-only          refuse every write (SQLState 25006)
        --max-statements N   the most statements one user may run at once (53400 beyond)
        --max-result-rows N  the most rows one result may send (53400 beyond)
        --max-result-bytes N the most bytes one result may send (53400 beyond)
        --idle-timeout D     end sessions idle for D (default 30m; e.g. 90s, 10m, 2h)
        --help               show this help
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
    Path tlsCert = null;
    Path tlsKey = null;
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
          case "--users" -> options = options.withUsers(Path.of(value(args, ++i, "--users")));
          case "--tls-cert" -> tlsCert = Path.of(value(args, ++i, "--tls-cert"));
          case "--tls-key" -> tlsKey = Path.of(value(args, ++i, "--tls-key"));
          case "--data-dir" -> options = options.withDataDir(
              Path.of(value(args, ++i, "--data-dir")));
          case "--max-statements" -> options = options.withMaxStatementsPerUser(
              (int) Math.min(Integer.MAX_VALUE, count(value(args, ++i, "--max-statements"),
              "--max-statements")));
          case "--max-result-rows" -> options = options.withMaxResultRows(
              count(value(args, ++i, "--max-result-rows"), "--max-result-rows"));
          case "--max-result-bytes" -> options = options.withMaxResultBytes(
              count(value(args, ++i, "--max-result-bytes"), "--max-result-bytes"));
          case "--idle-timeout" -> options = options.withIdleSessionTimeout(
              duration(value(args, ++i, "--idle-timeout")));
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
      if (tlsCert != null || tlsKey != null) {
        options = options.withTls(tlsCert, tlsKey);
      }
      Server.requireSecureBinding(options);
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
        + (options.tls() ? "?useEncryption=true" : "?useEncryption=false")
        + (options.users() != null ? "&user=NAME&password=PASSWORD" : ""));
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

  /** A count for a limit: 0 (no limit) or more. */
  private static long count(String text, String option) {
    try {
      final long value = Long.parseLong(text.trim());
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(option + " needs a count (0 for no limit), not '"
        + text + "'");
  }

  /** A duration: a number with s, m or h (90s, 10m, 2h), or ISO-8601 (PT10M). */
  static Duration duration(String text) {
    final String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("pt")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.length() > 1) {
        final long n = Long.parseLong(t.substring(0, t.length() - 1));
        switch (t.charAt(t.length() - 1)) {
          case 's' -> {
            return Duration.ofSeconds(n);
          }
          case 'm' -> {
            return Duration.ofMinutes(n);
          }
          case 'h' -> {
            return Duration.ofHours(n);
          }
          default -> {
            // Reported below.
          }
        }
      }
    } catch (RuntimeException e) {
      // Reported below.
    }
    throw new IllegalArgumentException("--idle-timeout needs a duration such as 90s, 10m or"
        + " 2h, not '" + text + "'");
  }

  private static int port(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port needs a number, not '" + text + "'");
    }
  }
}
