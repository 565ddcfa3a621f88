package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.server.ServerMain;

/**
 * A server killed with SIGKILL loses no write it acknowledged: {@code sorrel serve} runs in a
 * JVM of its own, this test writes through {@code jdbc:sorrel://} (autocommit INSERTs, a
 * transaction, a COPY, then transactions of ten INSERTs each while the kill happens, so that one
 * is usually open or committing at that moment), records what the server acknowledged, kills
 * the server, and reopens the directory embedded: every acknowledged row is there, and no
 * transaction is half applied.
 */
class ServerKillTest {
  private static final Pattern LISTENING = Pattern.compile("Serving .* on 127\\.0\\.0\\.1:(\\d+)");
  /** Rows per transaction of the writer that runs while the server is killed. */
  private static final int GROUP = 10;

  @TempDir Path dir;

  @Test void acknowledgedWritesSurviveSigkillAndNoTransactionIsHalfApplied() throws Exception {
    final Path db = dir.resolve("db");
    final Path data = Files.createDirectories(dir.resolve("data"));
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kv (k BIGINT PRIMARY KEY, v VARCHAR)");
    }
    final StringBuilder csv = new StringBuilder("k,v\n");
    for (int i = 0; i < 5000; i++) {
      csv.append(1_000_000 + i).append(",copied ").append(i).append('\n');
    }
    Files.writeString(data.resolve("rows.csv"), csv.toString());

    final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<Long> acknowledgedGroups = ConcurrentHashMap.newKeySet();
    final Process server = serve(db, data);
    final CountDownLatch writing = new CountDownLatch(1);
    Thread writer = null;
    try {
      final String url = "jdbc:sorrel://127.0.0.1:" + port(server);
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement insert = c.prepareStatement("INSERT INTO kv VALUES (?, ?)");
          Statement s = c.createStatement()) {
        for (long k = 0; k < 50; k++) { // autocommit INSERTs
          insert.setLong(1, k);
          insert.setString(2, "auto " + k);
          assertEquals(1, insert.executeUpdate());
          acknowledged.add(k);
        }
        c.setAutoCommit(false); // one transaction of 100 rows
        for (long k = 10_000; k < 10_100; k++) {
          insert.setLong(1, k);
          insert.setString(2, "tx " + k);
          insert.executeUpdate();
        }
        c.commit();
        for (long k = 10_000; k < 10_100; k++) {
          acknowledged.add(k);
        }
        c.setAutoCommit(true);
        assertEquals(5000, s.executeUpdate("COPY kv FROM 'rows.csv'"));
        for (long k = 1_000_000; k < 1_005_000; k++) {
          acknowledged.add(k);
        }
      }
      // Transactions committing while the server dies: each is all there or not at all.
      writer = new Thread(() -> writeGroups(url, acknowledgedGroups, writing), "kill-writer");
      writer.start();
      assertTrue(writing.await(30, TimeUnit.SECONDS), "the writer did not commit");
      Thread.sleep(300);
    } finally {
      server.destroyForcibly(); // SIGKILL
      assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server did not die");
      if (writer != null) {
        writer.join(30_000);
        assertFalse(writer.isAlive(), "the writer did not notice the server died");
      }
    }
    assertTrue(acknowledgedGroups.size() > 0);

    final Map<Long, Integer> groupRows = new HashMap<>();
    final List<Long> keys = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT k FROM kv")) {
      while (rs.next()) {
        final long k = rs.getLong(1);
        keys.add(k);
        if (k >= 2_000_000) {
          groupRows.merge((k - 2_000_000) / GROUP, 1, Integer::sum);
        }
      }
    }
    final Set<Long> present = Set.copyOf(keys);
    for (long k : acknowledged) {
      assertTrue(present.contains(k), "acknowledged row " + k + " is missing");
    }
    for (long group : acknowledgedGroups) {
      assertEquals(GROUP, groupRows.getOrDefault(group, 0), "acknowledged transaction "
          + group);
    }
    groupRows.forEach((group, rows) -> assertEquals(GROUP, rows, "transaction " + group
        + " is half applied"));
  }

  /**
   * Commits transactions of {@link #GROUP} rows (keys 2,000,000 + group * GROUP ...) until the
   * server is gone, recording each acknowledged one.
   */
  private static void writeGroups(String url, Set<Long> acknowledged, CountDownLatch writing) {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement insert = c.prepareStatement("INSERT INTO kv VALUES (?, ?)")) {
      c.setAutoCommit(false);
      for (long group = 0; ; group++) {
        for (int i = 0; i < GROUP; i++) {
          insert.setLong(1, 2_000_000 + group * GROUP + i);
          insert.setString(2, "group " + group);
          insert.executeUpdate();
        }
        c.commit();
        acknowledged.add(group);
        writing.countDown();
      }
    } catch (SQLException e) {
      // The server was killed: the transaction in flight was not acknowledged.
    }
  }

  /** Starts {@code sorrel serve DB --port 0 --data-dir DATA} in a JVM of its own. */
  private Process serve(Path db, Path data) throws IOException {
    return new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-XX:-CreateCoredumpOnCrash", "-XX:TieredStopAtLevel=1",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
        db.toString(), "--port", "0", "--data-dir", data.toString()))
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
