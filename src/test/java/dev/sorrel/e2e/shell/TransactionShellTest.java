package dev.sorrel.e2e.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.shell.Main;

/** Transaction blocks typed into the sorrel shell, as in psql. */
class TransactionShellTest {
  @TempDir Path dir;

  @Test void beginCommitAndRollbackInTheShell() {
    final String script = """
        CREATE TABLE t (id INT PRIMARY KEY);
        BEGIN;
        INSERT INTO t VALUES (1), (2);
        SAVEPOINT s;
        INSERT INTO t VALUES (3);
        ROLLBACK TO SAVEPOINT s;
        SELECT COUNT(*) AS n FROM t;
        COMMIT;
        BEGIN;
        DELETE FROM t;
        ROLLBACK;
        SELECT COUNT(*) AS after_rollback FROM t;
        """;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final int status = Main.run(new String[] {"--no-timing", "--format=csv",
        "jdbc:sorrel:" + dir.resolve("db")},
        new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out, err, false);
    final String text = out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    assertTrue(text.contains("N\n2\n"), text);
    assertTrue(text.contains("AFTER_ROLLBACK\n2\n"), text);
  }
}
