package dev.sorrel.engine;

import static dev.sorrel.engine.EngineTestSupport.assertSorrel;
import static dev.sorrel.engine.EngineTestSupport.scanAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.table.Table;

/** The directory lock between processes: one process at a time, released when it dies. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessLockTest {
  @TempDir Path dir;

  private Process child;
  private BufferedReader childOut;

  @AfterEach
  void killChild() throws InterruptedException {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Path dbDir() {
    return dir.resolve("db");
  }

  /** Starts {@link LockHolderMain} on the database and waits until it says OPEN. */
  private void startHolder() throws Exception {
    final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    final ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m",
        "-cp", System.getProperty("java.class.path"),
        LockHolderMain.class.getName(), dbDir().toString());
    builder.redirectError(dir.resolve("child-stderr.txt").toFile());
    child = builder.start();
    childOut = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8));
    final String line = readLine(60);
    if (!"OPEN".equals(line)) {
      throw new AssertionError("child printed " + line + " instead of OPEN; stderr: "
          + childStderr());
    }
  }

  private String readLine(int timeoutSeconds) throws Exception {
    final CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return childOut.readLine();
      } catch (IOException e) {
        return "IOException: " + e.getMessage();
      }
    });
    try {
      return line.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("child printed nothing within " + timeoutSeconds
          + " s; stderr: " + childStderr());
    }
  }

  private String childStderr() {
    try {
      return Files.readString(dir.resolve("child-stderr.txt"));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Test
  void secondProcessIsToldWhoHoldsTheLockAndKillingTheHolderReleasesIt() throws Exception {
    startHolder();
    final long childPid = child.pid();

    final SorrelException e = assertSorrel(ErrorCode.CONNECTION_FAILURE,
        () -> Database.open(dbDir(), DatabaseOptions.DEFAULT));
    assertTrue(e.getMessage().contains("locked by process " + childPid),
        "message should name the holder " + childPid + ": " + e.getMessage());
    assertEquals("08001", e.sqlState());

    // A failed open must not leave a half-open database registered in this JVM.
    assertSorrel(ErrorCode.CONNECTION_FAILURE,
        () -> Database.open(dbDir(), DatabaseOptions.DEFAULT));

    child.destroyForcibly();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");

    try (Database db = Database.open(dbDir(), DatabaseOptions.DEFAULT)) {
      final Table table = db.catalog().table("CHILD");
      assertNotNull(table, "the killed child's committed table survived");
      final List<Object[]> rows = scanAll(db, table);
      assertEquals(1, rows.size());
      assertEquals(childPid, rows.get(0)[0], "the killed child's committed row survived");
    }
  }

  @Test
  void holderThatClosesNormallyReleasesTheLock() throws Exception {
    startHolder();
    assertSorrel(ErrorCode.CONNECTION_FAILURE,
        () -> Database.open(dbDir(), DatabaseOptions.DEFAULT));

    child.getOutputStream().close();
    assertEquals("CLOSED", readLine(30), "stderr: " + childStderr());
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not exit");
    assertEquals(0, child.exitValue(), "stderr: " + childStderr());

    try (Database db = Database.open(dbDir(), DatabaseOptions.DEFAULT)) {
      assertEquals(1, scanAll(db, db.catalog().table("CHILD")).size());
    }
  }
}
