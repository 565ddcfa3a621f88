package dev.sorrel.bench;

import static dev.sorrel.bench.Format.fmt;

import java.io.BufferedWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.postgresql.PGConnection;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.jdbc.DirectExecute;
import dev.sorrel.jdbc.SorrelDriver;
import dev.sorrel.server.Server;
import dev.sorrel.server.ServerOptions;

/**
 * Sorrel over the network: a table of {@code rows} rows by 5 columns (BIGINT key, INTEGER,
 * DOUBLE, VARCHAR, TIMESTAMP) fetched whole embedded ({@code jdbc:sorrel:}) and from a
 * Sorrel server on loopback through Sorrel's driver ({@code jdbc:sorrel://}), and
 * primary-key lookups of one row through a reused prepared statement, p50 and p99; then the
 * same rows and lookups from a private PostgreSQL cluster through pgjdbc (fetch size 10,000
 * with autocommit off, so that it streams) when PostgreSQL is installed. The server runs in
 * this JVM, so client and server share the machine's cores, as on one host. Targets: remote
 * fetch at least 0.5x embedded and 2x PostgreSQL; remote lookup p99 under 1 ms.
 */
public final class ServerBenchmark {
  private static final String CREATE = "CREATE TABLE wide (id BIGINT PRIMARY KEY, a INTEGER,"
      + " b DOUBLE PRECISION, c VARCHAR(40), d TIMESTAMP)";
  private static final String FETCH = "SELECT id, a, b, c, d FROM wide";
  private static final String LOOKUP = "SELECT id, a, b, c, d FROM wide WHERE id = ?";

  private final ServerConfig config;
  private final Path root;
  private final PrintStream out = System.out;
  private final long start = System.nanoTime();
  private final List<String> failures = new ArrayList<>();

  private ServerBenchmark(ServerConfig config, Path root) {
    this.config = config;
    this.root = root;
  }

  /** Entry point; see {@link ServerConfig} for the arguments. */
  public static void main(String[] args) throws Exception {
    Suite.main(args, ServerConfig::parse, c -> c.dir, c -> c.keep, "sorrel-server-bench-",
        (c, root) -> {
          final ServerBenchmark bench = new ServerBenchmark(c, root);
          return new Suite.Run(bench::run, () -> { });
        });
  }

  /** One client's figures. */
  private record Figures(double fetchSeconds, long checksum, Latency lookup) {
  }

  private void run() throws Exception {
    Machine.printHeader(out, "Sorrel server benchmark");
    out.printf(Locale.ROOT, "load    : system load average %.2f at start%n",
        Machine.loadAverage());
    final StringBuilder params = new StringBuilder();
    config.values().forEach((k, v) -> params.append(k).append('=').append(v).append(' '));
    out.println("params  : " + params.toString().trim());
    final Path csv = root.resolve("wide.csv");
    writeRows(csv);
    final Map<String, Figures> figures = new LinkedHashMap<>();
    try (Database database = Database.open(root.resolve("sorrel"), DatabaseOptions.DEFAULT)) {
      try (Connection c = new SorrelDriver().connect(database, new Properties());
          Statement s = c.createStatement()) {
        s.execute(CREATE);
        s.executeUpdate("COPY wide FROM '" + csv.toString().replace("'", "''") + "'");
      }
      try (Server server = Server.start(database, ServerOptions.DEFAULT.withPort(0));
          Connection embedded = new SorrelDriver().connect(database, new Properties());
          Connection remote = DriverManager.getConnection("jdbc:sorrel://127.0.0.1:"
              + server.port())) {
        figures.put("Sorrel embedded (jdbc:sorrel:DIR)", measure(embedded));
        figures.put("Sorrel server (jdbc:sorrel://127.0.0.1)", measure(remote));
        try (Connection threeCalls = DriverManager.getConnection("jdbc:sorrel://127.0.0.1:"
            + server.port() + "?one_call_prepared=false")) {
          final Latency lookup = lookups(threeCalls);
          out.printf(Locale.ROOT, "3 calls : the same lookups with one_call_prepared=false"
              + " (Flight SQL's DoPut, GetFlightInfo, DoGet through Arrow's driver) p50 %.1f us,"
              + " p99 %.1f us%n", lookup.p50(), lookup.p99());
        }
        floor(server.port());
      }
    }
    final Path bin = Postgres.binaries();
    if (!config.postgres) {
      out.println("postgres: skipped (postgres=false)");
    } else if (bin == null) {
      out.println("postgres: skipped: initdb and pg_ctl not found on PATH or under"
          + " /usr/lib/postgresql (apt-get install postgresql)");
    } else {
      try (Postgres pg = Postgres.start(bin); Connection c = pg.connect()) {
        out.println("postgres: " + pg.version() + ", a private cluster on port " + pg.port
            + " (default settings)");
        try (Statement s = c.createStatement()) {
          s.execute(CREATE);
          try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY wide FROM STDIN WITH (FORMAT csv, HEADER true)", in);
          }
          s.execute("ANALYZE wide");
        }
        c.setAutoCommit(false); // pgjdbc streams with a fetch size only inside a transaction
        figures.put("PostgreSQL (pgjdbc, fetch size 10000)", measure(c));
      }
    }
    report(figures);
    Suite.printEnd(out, failures, start);
  }

  private void writeRows(Path csv) throws Exception {
    final Random random = new Random(config.seed);
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write("id,a,b,c,d");
      w.newLine();
      final long base = java.time.LocalDateTime.of(2026, 1, 1, 0, 0).toEpochSecond(
          java.time.ZoneOffset.UTC);
      for (int r = 0; r < config.rows; r++) {
        final String ts = java.time.LocalDateTime.ofEpochSecond(base + r, 0,
            java.time.ZoneOffset.UTC).toString().replace('T', ' ');
        w.write(r + "," + random.nextInt(1_000_000) + "," + random.nextDouble() + ",customer-"
            + random.nextInt(100_000) + "," + (ts.length() == 16 ? ts + ":00" : ts));
        w.newLine();
      }
    }
  }

  private Figures measure(Connection c) throws SQLException {
    fetch(c); // warm-up
    final double[] seconds = new double[config.reps];
    long checksum = 0;
    for (int r = 0; r < config.reps; r++) {
      final long t0 = System.nanoTime();
      checksum = fetch(c);
      seconds[r] = (System.nanoTime() - t0) / 1e9;
    }
    final Latency lookup = lookups(c);
    if (!c.getAutoCommit()) {
      c.commit();
    }
    return new Figures(Stats.median(seconds), checksum, lookup);
  }

  /** Primary-key lookups through one reused prepared statement: the median p50 and p99. */
  private Latency lookups(Connection c) throws SQLException {
    final List<Latency> latencies = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(LOOKUP)) {
      final Random random = new Random(config.seed);
      for (int i = 0; i < config.warmup; i++) {
        lookup(p, random.nextInt(config.rows));
      }
      for (int r = 0; r < config.reps; r++) {
        final long[] nanos = new long[config.lookups];
        for (int i = 0; i < nanos.length; i++) {
          final int id = random.nextInt(config.rows);
          final long t0 = System.nanoTime();
          lookup(p, id);
          nanos[i] = System.nanoTime() - t0;
        }
        latencies.add(Latency.of(nanos));
      }
    }
    return Latency.median(latencies);
  }

  /** Reads every row with typed getters; returns a checksum of the values read. */
  private long fetch(Connection c) throws SQLException {
    long sum = 0;
    long rows = 0;
    try (Statement s = c.createStatement()) {
      s.setFetchSize(10_000);
      try (ResultSet rs = s.executeQuery(FETCH)) {
        while (rs.next()) {
          sum += rs.getLong(1) + rs.getInt(2) + (long) (rs.getDouble(3) * 1e6)
              + rs.getString(4).length() + rs.getTimestamp(5).getTime() / 1000;
          rows++;
        }
      }
    }
    if (!c.getAutoCommit()) {
      c.commit();
    }
    if (rows != config.rows) {
      failures.add("a fetch returned " + rows + " rows, not " + config.rows);
    }
    return sum;
  }

  private void lookup(PreparedStatement p, int id) throws SQLException {
    p.setLong(1, id);
    try (ResultSet rs = p.executeQuery()) {
      if (!rs.next() || rs.getLong(1) != id) {
        failures.add("lookup of " + id + " did not return its row");
      }
      rs.getString(4);
    }
  }

  /**
   * The floor of a remote lookup: one bare Flight call to the same server from a plain
   * Flight SQL client in this JVM (GetFlightInfo of the server information, which reads
   * nothing), then the lookup's three calls (DoPut to bind, GetFlightInfo, DoGet) through
   * the same client without JDBC, p50 and p99 of each.
   */
  private void floor(int port) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightSqlClient sql = new FlightSqlClient(FlightClient.builder(allocator,
            Location.forGrpcInsecure("127.0.0.1", port)).build());
        FlightSqlClient.PreparedStatement p = sql.prepare(LOOKUP)) {
      final Random random = new Random(config.seed);
      final long[] call = new long[config.lookups];
      final long[] lookup = new long[config.lookups];
      try (VectorSchemaRoot parameters = VectorSchemaRoot.create(p.getParameterSchema(),
          allocator)) {
        for (int i = -config.warmup; i < config.lookups; i++) {
          long t0 = System.nanoTime();
          sql.getSqlInfo(new int[] {0});
          final long t1 = System.nanoTime();
          ((BigIntVector) parameters.getVector(0)).setSafe(0, random.nextInt(config.rows));
          parameters.setRowCount(1);
          p.setParameters(parameters);
          final FlightInfo info = p.execute();
          try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
            while (stream.next()) {
              stream.getRoot().getRowCount();
            }
          }
          final long t2 = System.nanoTime();
          if (i >= 0) {
            call[i] = t1 - t0;
            lookup[i] = t2 - t1;
          }
        }
        p.clearParameters();
      }
      final long[] direct = new long[config.lookups];
      final FlightClient client = FlightClient.builder(allocator,
          Location.forGrpcInsecure("127.0.0.1", port)).build();
      try (client) {
        for (int i = -config.warmup; i < config.lookups; i++) {
          final long t0 = System.nanoTime();
          final byte[] ticket = DirectExecute.encode(LOOKUP, 0, 0,
              List.of((long) random.nextInt(config.rows)));
          try (FlightStream stream = client.getStream(new Ticket(ticket))) {
            while (stream.next()) {
              stream.getRoot().getRowCount();
            }
          }
          if (i >= 0) {
            direct[i] = System.nanoTime() - t0;
          }
        }
      }
      final Latency oneCall = Latency.of(direct);
      out.printf(Locale.ROOT, "floor   : the lookup's one call (DoGet of a one-call ticket)"
          + " through a bare FlightClient without JDBC p50 %.1f us, p99 %.1f us%n",
          oneCall.p50(), oneCall.p99());
      final Latency one = Latency.of(call);
      final Latency three = Latency.of(lookup);
      out.printf(Locale.ROOT, "floor   : one bare Flight call (GetFlightInfo, server"
          + " information) p50 %.1f us, p99 %.1f us; the lookup's 3 calls through Arrow's"
          + " FlightSqlClient without JDBC p50 %.1f us, p99 %.1f us%n", one.p50(), one.p99(),
          three.p50(), three.p99());
    }
  }

  private void report(Map<String, Figures> figures) {
    final Figures embedded = figures.values().iterator().next();
    out.printf(Locale.ROOT, "%nFetch %,d rows x 5 columns (median of %d), and primary-key"
        + " lookups through a reused prepared statement (%,d per repetition, medians of %d)%n",
        config.rows, config.reps, config.lookups, config.reps);
    final TextTable t = new TextTable("client", "fetch s", "rows/s", "vs embedded",
        "lookup p50 us", "lookup p99 us");
    figures.forEach((name, f) -> t.row(name, fmt(f.fetchSeconds(), 3),
        Format.fmtInt(config.rows / f.fetchSeconds()),
        fmt(embedded.fetchSeconds() / f.fetchSeconds(), 2) + "x",
        fmt(f.lookup().p50(), 1), fmt(f.lookup().p99(), 1)));
    t.print(out);
    final List<Figures> all = new ArrayList<>(figures.values());
    final Figures remote = all.get(1);
    if (remote.checksum() != embedded.checksum()) {
      failures.add("the remote fetch read other values than the embedded one");
    }
    out.printf(Locale.ROOT, "target remote >= 0.5x embedded throughput: %.2fx, %s%n",
        embedded.fetchSeconds() / remote.fetchSeconds(),
        embedded.fetchSeconds() / remote.fetchSeconds() >= 0.5 ? "met" : "NOT met");
    out.printf(Locale.ROOT, "target remote lookup p99 < 1 ms: %.0f us, %s%n",
        remote.lookup().p99(), remote.lookup().p99() < 1000 ? "met" : "NOT met");
    if (all.size() > 2) {
      final Figures pg = all.get(2);
      if (pg.checksum() != embedded.checksum()) {
        failures.add("PostgreSQL read other values than Sorrel");
      }
      out.printf(Locale.ROOT, "target remote >= 2x PostgreSQL throughput: %.2fx, %s%n",
          pg.fetchSeconds() / remote.fetchSeconds(),
          pg.fetchSeconds() / remote.fetchSeconds() >= 2 ? "met" : "NOT met");
    }
  }
}
