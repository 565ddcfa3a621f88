package dev.sorrel.e2e.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database on a full device: a {@code COPY} (in bulk, and row by row) that cannot fit fails
 * with 53100 and leaves nothing of itself, and once space is freed and
 * the database reopened it takes writes again and answers as before. The device is a 24 MiB
 * tmpfs mounted for the test, which needs root (or the mount capability); where mounting is not
 * permitted the test is skipped, and {@code SqlErrorsTest} still checks the translation of the
 * storage layer's no-space errors to 53100.
 */
class DiskFullTest {
  private static final int KEPT = 1_000;

  @TempDir Path dir;
  private Path device;
  private boolean mounted;

  @BeforeEach void mountASmallDevice() throws Exception {
    device = dir.resolve("device");
    Files.createDirectories(device);
    final Process mount = new ProcessBuilder(List.of("mount", "-t", "tmpfs", "-o", "size=24m",
        "tmpfs", device.toString())).redirectErrorStream(true).start();
    final String out = new String(mount.getInputStream().readAllBytes());
    mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    assumeTrue(mounted, "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): " + out);
  }

  @AfterEach void unmount() throws Exception {
    if (mounted) {
      new ProcessBuilder(List.of("umount", "-l", device.toString())).start()
          .waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test void aCopyThatDoesNotFitFailsWith53100AndLeavesNothing()
      throws Exception {
    final Path csv = dir.resolve("big.csv"); // beside the device, not on it
    try (BufferedWriter out = Files.newBufferedWriter(csv)) {
      out.write("id,note\n");
      for (int i = 0; i < 400_000; i++) {
        out.write(i + "," + "x".repeat(90) + i + "\n");
      }
    }
    final Path database = device.resolve("db");
    final Path filler = device.resolve("filler");
    for (String url : List.of("jdbc:sorrel:" + database + ";bulk_load_min_rows=1",
        "jdbc:sorrel:" + database + ";bulk_load_min_rows=100000000")) {
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS kept (id BIGINT PRIMARY KEY, note VARCHAR)");
        s.execute("CREATE TABLE IF NOT EXISTS loaded (id BIGINT PRIMARY KEY, note VARCHAR)");
        if (count(s, "kept") == 0) {
          for (int i = 0; i < KEPT; i++) {
            s.executeUpdate("INSERT INTO kept VALUES (" + i + ", 'row " + i + "')");
          }
        }
        fill(filler, 4 << 20);
        final SQLException full = assertThrows(SQLException.class,
            () -> s.executeUpdate("COPY loaded FROM '" + csv + "'"), url);
        assertEquals("53100", full.getSQLState(), full::toString);
        assertInstanceOf(SQLNonTransientException.class, full);
        assertTrue(full.getMessage().startsWith("disk full: "), full.getMessage());
        assertEquals(0, count(s, "loaded"), "a failed COPY left rows");
        assertEquals(KEPT, count(s, "kept"));
        Files.delete(filler);
      }
      // Space again, and the database reopened (RocksDB refuses writes after its log failed
      // to grow until then): it writes.
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        assertEquals(0, count(s, "loaded"));
        s.executeUpdate("INSERT INTO kept VALUES (" + (KEPT + 1) + ", 'after')");
        s.executeUpdate("DELETE FROM kept WHERE id = " + (KEPT + 1));
        assertEquals(KEPT, count(s, "kept"));
      }
    }
    // With space, the load that failed fits.
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + database);
         Statement s = c.createStatement()) {
      assertEquals(400_000, s.executeUpdate("COPY loaded FROM '" + csv + "'"));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + database);
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(id) FROM loaded")) {
      assertTrue(rs.next());
      assertEquals(400_000, rs.getLong(1));
      assertEquals(399_999L * 400_000 / 2, rs.getLong(2));
      assertEquals(KEPT, count(s, "kept"));
    }
  }

  /** Fills the device, leaving about {@code leave} bytes free (0: until it is full). */
  private void fill(Path filler, long leave) throws IOException {
    final long free = Files.getFileStore(device).getUsableSpace();
    final byte[] block = new byte[64 << 10];
    long left = free - leave;
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (left > 0) {
        final int n = (int) Math.min(block.length, left);
        out.write(block, 0, n);
        left -= n;
      }
    } catch (IOException e) {
      if (leave > 0) {
        throw e;
      }
      // Full: what was asked for.
    }
  }

  private static long count(Statement s, String table) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
