package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.sorrel.shell.Main;

/**
 * The {@code sorrel} shell connected to a server ({@code sorrel sorrel://host:port}) runs a
 * script as it runs one embedded: DDL, writes, a transaction block, queries, a failing
 * statement reported with its SQLState; and an unreachable server is a connection error.
 */
class ServerShellTest {
  @Test void aScriptRunsAgainstAServer() throws Exception {
    try (ServerFixture fixture = new ServerFixture()) {
      final String script = """
          CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR);
          INSERT INTO t VALUES (1, 'one'), (2, 'two');
          BEGIN;
          DELETE FROM t;
          ROLLBACK;
          SELECT id, name FROM t ORDER BY id;
          SELECT * FROM nope;
          """;
      final ByteArrayOutputStream out = new ByteArrayOutputStream();
      final ByteArrayOutputStream err = new ByteArrayOutputStream();
      final int status = Main.run(new String[] {"--no-timing", "--format=csv",
          "sorrel://127.0.0.1:" + fixture.server.port()},
          new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out, err, false);
      final String text = out.toString(StandardCharsets.UTF_8)
          .replace(System.lineSeparator(), "\n");
      final String errors = err.toString(StandardCharsets.UTF_8);
      assertEquals(Main.EXIT_STATEMENT_FAILED, status, errors);
      assertEquals("ID,NAME\n1,one\n2,two\n", text);
      assertTrue(errors.contains("42S02"), errors);
      assertTrue(errors.contains("Object 'NOPE' not found"), errors);
      // The rows were written on the server's database.
      assertEquals(2, ServerQueryTest.table(fixture.embedded(), "SELECT * FROM t").size());
    }
  }

  /** The meta commands read only JDBC metadata and system tables: the same on a server. */
  @Test void metaCommandsDescribeObjectsOnAServer() throws Exception {
    try (ServerFixture fixture = new ServerFixture()) {
      final String script = """
          \\quiet on
          CREATE ENTITY driver (driver_id BIGINT);
          CREATE FEATURE VIEW driver_stats ENTITY driver (conv_rate DOUBLE) TTL INTERVAL '1' HOUR;
          CREATE EXPERIMENT "checkout_v2" (control WEIGHT 50, treatment WEIGHT 50);
          \\quiet off
          \\d driver_stats
          \\d checkout_v2
          \\dx
          \\conninfo
          """;
      final ByteArrayOutputStream out = new ByteArrayOutputStream();
      final ByteArrayOutputStream err = new ByteArrayOutputStream();
      final int status = Main.run(new String[] {"--no-timing",
          "sorrel://127.0.0.1:" + fixture.server.port()},
          new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out, err, false);
      final String text = out.toString(StandardCharsets.UTF_8)
          .replace(System.lineSeparator(), "\n");
      assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
      assertTrue(text.startsWith("Feature view \"DRIVER_STATS\": entity DRIVER (DRIVER_ID BIGINT),"
          + " TTL 3600 s, 0 rows of 0 entities, no history segment\n"), text);
      assertTrue(text.contains("\nExperiment \"checkout_v2\": draft\n"), text);
      assertTrue(text.contains(" checkout_v2     | draft  |"), text);
      assertTrue(text.contains("Connected to jdbc:sorrel://127.0.0.1:" + fixture.server.port()),
          text);
    }
  }

  @Test void anUnreachableServerIsAConnectionError() {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final int status = Main.run(new String[] {"-c", "SELECT 1",
        "sorrel://127.0.0.1:1?password=secret"}, new ByteArrayInputStream(new byte[0]), out,
        err, false);
    final String errors = err.toString(StandardCharsets.UTF_8);
    assertEquals(Main.EXIT_USAGE, status);
    assertTrue(errors.contains("cannot open jdbc:sorrel://127.0.0.1:1: "), errors);
    assertTrue(errors.contains("Connection refused"), errors);
    assertTrue(!errors.contains("secret"), errors);
  }

  @Test void helpNamesServers() {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, Main.run(new String[] {"--help"}, new ByteArrayInputStream(new byte[0]),
        out, new ByteArrayOutputStream(), false));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("sorrel://HOST:PORT"));
  }

  /**
   * The first connection of a JVM to a server prints nothing but the result: Arrow's driver
   * logs INFO lines about its allocator through java.util.logging, which the shell's users
   * should not see.
   */
  @Test void aFreshShellPrintsNoLibraryLogLines() throws Exception {
    try (ServerFixture fixture = new ServerFixture()) {
      final Path err = Files.createTempFile("sorrel-shell", ".stderr");
      try {
        final Process shell = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), Main.class.getName(),
            "--no-timing", "--format=csv", "-c", "SELECT 1 AS n",
            "sorrel://127.0.0.1:" + fixture.server.port()))
            .redirectError(err.toFile()).start();
        final String out = new String(shell.getInputStream().readAllBytes(),
            StandardCharsets.UTF_8);
        assertTrue(shell.waitFor(60, TimeUnit.SECONDS));
        final String errors = Files.readString(err);
        assertEquals(0, shell.exitValue(), errors);
        assertEquals("N\n1\n", out.replace(System.lineSeparator(), "\n"));
        assertFalse(errors.contains("INFO"), errors);
        assertFalse(errors.contains("allocation manager"), errors);
      } finally {
        Files.delete(err);
      }
    }
  }
}
