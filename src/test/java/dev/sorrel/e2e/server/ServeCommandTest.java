package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.server.ServerMain;

/**
 * {@code sorrel serve} in a process of its own: a million-row result streams
 * from a server whose heap could not hold it, SIGTERM stops the server cleanly
 * (the database is closed and its directory free again), and a directory that
 * another process holds is refused with a clear message.
 */
class ServeCommandTest {
  /** Far less than a million rows of five columns take as Java objects. */
  private static final String HEAP = "-Xmx64m";
  private static final Pattern LISTENING = Pattern.compile("Serving .* on 127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;

  @Test void aMillionRowsStreamFromASmallHeapAndSigtermStopsCleanly() throws Exception {
    final Path db = dir.resolve("db");
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE digits (d INT PRIMARY KEY)");
      final StringBuilder values = new StringBuilder("INSERT INTO digits VALUES (0)");
      for (int i = 1; i < 1000; i++) {
        values.append(", (").append(i).append(')');
      }
      s.execute(values.toString());
    }
    final Process server = serve(db);
    try {
      final int port = port(server);
      long rows = 0;
      long sum = 0;
      try (Connection remote = DriverManager.getConnection("jdbc:arrow-flight-sql://127.0.0.1:"
          + port + "?useEncryption=false");
          Statement s = remote.createStatement();
          ResultSet rs = s.executeQuery("SELECT a.d * 1000 + b.d AS n, 'row ' || a.d AS label,"
              + " a.d * 0.5 AS half, b.d > 500 AS big, CAST(b.d AS BIGINT) * 7 AS seven"
              + " FROM digits a CROSS JOIN digits b")) {
        while (rs.next()) {
          rows++;
          sum += rs.getLong(1);
        }
      }
      assertEquals(1_000_000, rows);
      assertEquals(999_999L * 1_000_000L / 2, sum);
    } finally {
      server.destroy(); // SIGTERM
      assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
    }
    final String log = Files.readString(dir.resolve("serve.stderr"));
    assertTrue(log.contains("stopped serving"), log);
    // The database was closed: the directory is free for this process to open.
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + db);
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT COUNT(*) FROM digits")) {
      assertTrue(rs.next());
      assertEquals(1000, rs.getLong(1));
    }
  }

  @Test void aDirectoryAnotherProcessServesIsRefused() throws Exception {
    final Path db = dir.resolve("db");
    final Process server = serve(db);
    try {
      port(server);
      final var err = new java.io.ByteArrayOutputStream();
      final int status = ServerMain.run(new String[] {db.toString(), "--port", "0"},
          new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
          new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(1, status);
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("locked"), err.toString());
    } finally {
      server.destroy();
      assertTrue(server.waitFor(60, TimeUnit.SECONDS));
    }
  }

  @Test void badArgumentsPrintTheUsage() {
    for (List<String> args : List.<List<String>>of(List.of(), List.of("--port"), List.of("d", "--port", "x"),
        List.of("d", "--bogus"), List.of("d", "--host", "0.0.0.0"),
        List.of("d", "--idle-timeout", "soon"), List.of("d", "--max-statements", "-1"),
        List.of("d", "--tls-cert", "server.crt"),
        List.of("d", "--host", "0.0.0.0", "--users", "users"))) {
      final var err = new java.io.ByteArrayOutputStream();
      final int status = ServerMain.run(args.toArray(new String[0]),
          new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
          new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
      final String text = err.toString(StandardCharsets.UTF_8);
      assertEquals(2, status, text);
      assertTrue(text.startsWith("sorrel serve: "), text);
    }
  }

  /** Starts {@code sorrel serve DIR --port 0} in a JVM with a small heap. */
  private Process serve(Path db) throws IOException {
    return new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
        "-XX:-CreateCoredumpOnCrash", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
        "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
        db.toString(), "--port", "0"))
        .redirectError(dir.resolve("serve.stderr").toFile()).start();
  }

  /** Waits for the server's "Serving ... on host:port" line; the port. */
  private int port(Process server) throws IOException {
    final BufferedReader out = new BufferedReader(new InputStreamReader(
        server.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      final Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("the server did not start: "
        + Files.readString(dir.resolve("serve.stderr")));
  }
}
