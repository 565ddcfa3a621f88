package dev.sorrel.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for a benchmark: made with {@code initdb} in a
 * temporary directory, started with {@code pg_ctl} on a free loopback port
 * (no Unix socket outside that directory), stopped and deleted on close.
 * PostgreSQL refuses to run as root, so when the benchmark runs as root the
 * cluster runs as the {@code postgres} user (through {@code runuser}).
 */
final class Postgres implements AutoCloseable {
  private final Path dir;
  private final Path bin;
  private final List<String> asUser;
  final int port;

  private Postgres(Path dir, Path bin, List<String> asUser, int port) {
    this.dir = dir;
    this.bin = bin;
    this.asUser = asUser;
    this.port = port;
  }

  /** The directory holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
  static Path binaries() {
    final List<Path> candidates = new ArrayList<>();
    final String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        candidates.add(Path.of(d));
      }
    }
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      versions.sorted().map(v -> v.resolve("bin")).forEach(candidates::add);
    } catch (IOException e) {
      // Not Debian's layout; PATH only.
    }
    for (Path d : candidates) {
      if (Files.isExecutable(d.resolve("initdb")) && Files.isExecutable(d.resolve("pg_ctl"))) {
        return d;
      }
    }
    return null;
  }

  /** Creates and starts a cluster; the caller closes it. */
  static Postgres start(Path bin) throws IOException, InterruptedException {
    final Path dir = Files.createTempDirectory("sorrel-bench-pg");
    final List<String> asUser = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      final UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
      asUser.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    final int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    final Postgres pg = new Postgres(dir, bin, asUser, port);
    pg.exec(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U",
        "bench", "-A", "trust", "-E", "UTF8", "--no-sync");
    pg.exec(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
        dir.resolve("log").toString(), "-w", "-o", String.format(Locale.ROOT,
            "-p %d -k %s -c listen_addresses=127.0.0.1", port, dir), "start");
    return pg;
  }

  /** The server's version line, for the report. */
  String version() throws IOException, InterruptedException {
    final Process p = new ProcessBuilder(bin.resolve("pg_ctl").toString(), "--version")
        .redirectErrorStream(true).start();
    final String text = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    return text;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
        + "/postgres?user=bench");
  }

  private void exec(String... command) throws IOException, InterruptedException {
    final List<String> full = new ArrayList<>(asUser);
    full.addAll(List.of(command));
    final Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    final String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }

  @Override public void close() throws Exception {
    try {
      exec(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m",
          "fast", "-w", "stop");
    } finally {
      CoreBenchmark.deleteTree(dir);
    }
  }
}
