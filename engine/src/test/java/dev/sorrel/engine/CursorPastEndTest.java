package dev.sorrel.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished cursor must keep answering {@code false}. Runs in a child JVM
 * because a native iterator stepped past its end can crash the process.
 */
class CursorPastEndTest {
  @TempDir Path dir;

  @Test
  void nextAfterEndKeepsReturningFalse() throws Exception {
    final ChildJvm.Result result = ChildJvm.run(dir, CursorPastEndMain.class, 60);
    assertTrue(result.exitCode() == 0 && result.stdout().contains("OK"),
        "calling next() after the end of a table cursor must return false, not crash: "
            + result.describe());
  }
}
