package dev.sorrel.e2e.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.sorrel.e2e.SuiteArguments;
import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.jdbc.SorrelDriver;
import dev.sorrel.server.Server;
import dev.sorrel.server.ServerOptions;

/**
 * The concurrency soak: {@code embedded} connections and {@code remote} clients of a Flight
 * SQL server, started in this process on the same {@link Database}, run {@link SoakClient}s
 * on one database directory for a bounded time. Then the commit order the clients recorded
 * is checked (exactly 1..N), the committed writes are replayed one at a time in that order
 * into a fresh in-memory database, and every table of the soaked database is compared with
 * it, before and after the database is closed and opened again.
 *
 * <p>Run it with {@code bin/soak duration=30m seed=1 embedded=8 remote=8}; the parameters
 * are {@code duration} (a number of seconds, or with {@code s}, {@code m} or {@code h}),
 * {@code seed}, {@code embedded}, {@code remote}, {@code lock_ms} (the database's
 * {@code lock_timeout_ms}, 5000 by default), {@code index_ddl} ({@code true}, the
 * default, has the workload drop and create the shared rows' index; {@code false} leaves
 * it in place) and {@code dir} (kept afterwards; default a new temporary directory).
 * It prints the figures and every failure, and exits with 1 on a failure.
 */
public final class SoakSuite {
  /** How long a client may take past the deadline to finish its operation. */
  private static final long GRACE_SECONDS = 300;

  /** What to run. */
  record Options(long seconds, long seed, int embedded, int remote, long lockMillis,
      boolean indexDdl) {
  }

  /** What a run did. */
  record Result(String summary, List<String> failures, SoakFigures figures, long commits) {
  }

  private final Path work;
  private final Options options;
  private final PrintStream out;

  SoakSuite(Path work, Options options, PrintStream out) {
    this.work = work;
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    final SuiteArguments arguments = SuiteArguments.parse("soak", "duration=30m seed=N"
        + " embedded=N remote=N lock_ms=N index_ddl=true|false dir=PATH",
        Set.of("duration", "seed", "embedded", "remote", "lock_ms", "index_ddl", "dir"), args);
    final Path dir = arguments.directory("sorrel-soak");
    final PrintStream out = SuiteArguments.console();
    final Options options = new Options(seconds(arguments.text("duration", "1800")),
        arguments.longValue("seed", System.currentTimeMillis()),
        arguments.intValue("embedded", 8), arguments.intValue("remote", 8),
        arguments.longValue("lock_ms", 5000), arguments.booleanValue("index_ddl", true));
    out.println("soak: " + options + ", directory " + dir);
    final Result result = new SoakSuite(dir, options, out).run();
    SuiteArguments.exit(out, result.summary(), result.failures());
  }

  static long seconds(String text) {
    final String t = text.trim().toLowerCase(Locale.ROOT);
    final char unit = t.charAt(t.length() - 1);
    return switch (unit) {
      case 's' -> Long.parseLong(t.substring(0, t.length() - 1));
      case 'm' -> 60 * Long.parseLong(t.substring(0, t.length() - 1));
      case 'h' -> 3600 * Long.parseLong(t.substring(0, t.length() - 1));
      default -> Long.parseLong(t);
    };
  }

  Result run() throws Exception {
    final long start = System.nanoTime();
    final String loadBefore = loadAverage();
    final SoakSchema schema = SoakSchema.load();
    final SoakLog log = new SoakLog();
    final SoakFigures figures = new SoakFigures();
    final Path directory = Files.createDirectories(work).resolve("db");
    final DatabaseOptions databaseOptions = DatabaseOptions.DEFAULT
        .withLockTimeoutMillis(options.lockMillis()).withSegmentMinRows(100);
    final SorrelDriver driver = new SorrelDriver();
    final List<String> failures = new ArrayList<>();
    final long workMillis;
    final long replayMillis;
    final long last;
    try (Database replay = Database.openInMemory("soak-replay-" + System.nanoTime());
        Connection replayed = driver.connect(replay, new Properties())) {
      schema.createTables(replayed);
      try (Database database = Database.open(directory, databaseOptions)) {
        try (Connection admin = driver.connect(database, new Properties())) {
          schema.createTables(admin);
          schema.createModelObjects(admin);
        }
        out.printf(Locale.ROOT, "soak: schema created in %d ms, load average %s; %d embedded"
            + " and %d remote clients for %d s%n", (System.nanoTime() - start) / 1_000_000,
            loadBefore, options.embedded(), options.remote(), options.seconds());
        final long work = System.nanoTime();
        failures.addAll(soak(database, driver, schema, log, figures));
        workMillis = (System.nanoTime() - work) / 1_000_000;
        failures.addAll(figures.failures());
        final long end = System.nanoTime();
        try (Connection soaked = driver.connect(database, new Properties())) {
          last = counter(soaked);
          final String order = log.replay(replayed, last);
          if (order != null) {
            failures.add(order);
          }
          replayMillis = (System.nanoTime() - end) / 1_000_000;
          failures.addAll(compare(soaked, replayed, "open"));
        }
      }
      try (Database database = Database.open(directory, databaseOptions);
          Connection reopened = driver.connect(database, new Properties())) {
        failures.addAll(compare(reopened, replayed, "reopened"));
      }
    }
    final long millis = (System.nanoTime() - start) / 1_000_000;
    final String summary = figures.summary(workMillis) + String.format(Locale.ROOT,
        "%nseed %d, %d embedded + %d remote clients, lock_timeout_ms %d; %d shared transactions"
        + " committed in order, %d committed writes replayed (%d ms), database compared open"
        + " and reopened; %d s in all; load average %s before, %s after; failures %d",
        options.seed(), options.embedded(), options.remote(), options.lockMillis(), last,
        log.entries(), replayMillis, millis / 1000, loadBefore, loadAverage(),
        failures.size());
    return new Result(summary, List.copyOf(failures), figures, last);
  }

  /**
   * Runs the clients until the deadline, the remote ones through a server on the same
   * database, and waits for them to end. Returns the clients that did not end.
   */
  private List<String> soak(Database database, SorrelDriver driver, SoakSchema schema,
      SoakLog log, SoakFigures figures) throws InterruptedException {
    final List<String> hung = new ArrayList<>();
    try (Server server = Server.start(database, ServerOptions.DEFAULT.withPort(0))) {
      final String url = "jdbc:sorrel://127.0.0.1:" + server.port();
      final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.seconds());
      final BooleanSupplier stop = () -> System.nanoTime() - deadline > 0;
      final List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < options.embedded() + options.remote(); i++) {
        final boolean remote = i >= options.embedded();
        final String name = remote ? "r" + (i - options.embedded()) : "e" + i;
        final SoakClient.Connector connector = remote ? () -> DriverManager.getConnection(url)
            : () -> driver.connect(database, new Properties());
        final Thread thread = new Thread(new SoakClient(i, name, connector, log, figures,
            schema, options.seed() * 1_000_003L + i, options.indexDdl(), stop), "soak-" + name);
        thread.setDaemon(true);
        threads.add(thread);
      }
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        final long wait = deadline + TimeUnit.SECONDS.toNanos(GRACE_SECONDS) - System.nanoTime();
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
        if (thread.isAlive()) {
          hung.add(thread.getName() + " still running " + GRACE_SECONDS
              + " s after the deadline");
        }
      }
    }
    return hung;
  }

  private static long counter(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT n FROM soak_seq WHERE id = 0")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Compares every table with the replayed database's; the scratch table must be empty. */
  private static List<String> compare(Connection soaked, Connection replayed, String when)
      throws SQLException {
    final List<String> failures = new ArrayList<>();
    for (String diff : SoakLog.compare(soaked, replayed, Set.of("SHARED_SCRATCH"))) {
      failures.add(when + ": " + diff);
    }
    try (Statement s = soaked.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM SYS.TABLES"
            + " WHERE TABLE_NAME = 'SHARED_SCRATCH'")) {
      rs.next();
      if (rs.getLong(1) > 0) {
        try (ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM shared_scratch")) {
          rows.next();
          if (rows.getLong(1) != 0) {
            failures.add(when + ": SHARED_SCRATCH has rows, but nobody wrote any");
          }
        }
      }
    }
    return failures;
  }

  /** The system's load averages (1, 5, 15 minutes), where the system shows them. */
  static String loadAverage() {
    try {
      final String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
