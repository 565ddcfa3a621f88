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

/** The shell's {@code \d} on a Sorrel database: columns, keys, defaults and comments. */
class DescribeShellTest {
  @TempDir Path dir;

  @Test void describeShowsTheCommentsOfATableAndItsColumns() {
    final String script = """
        CREATE TABLE orders (id INT PRIMARY KEY, total DECIMAL(10, 2) DEFAULT 0, note VARCHAR(20));
        COMMENT ON TABLE orders IS 'one row per order';
        COMMENT ON COLUMN orders.total IS 'in euros';
        CREATE TABLE plain (x INT);
        \\d orders
        \\d plain
        """;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final int status = Main.run(new String[] {"--no-timing", "jdbc:sorrel:" + dir.resolve("db")},
        new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out, err, false);
    final String text = out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    assertTrue(text.contains("Table \"PUBLIC.ORDERS\": one row per order\n"), text);
    assertTrue(text.matches("(?s).*\\| Default \\| Comment\\n.*"), text);
    assertTrue(text.matches("(?s).*\\n TOTAL +\\| DECIMAL +\\| +10 \\| YES +\\| +\\| 0 +\\| in euros\\n.*"),
        text);
    // Without comments, \d keeps its usual columns.
    assertTrue(text.contains("Table \"PUBLIC.PLAIN\"\n"), text);
    assertTrue(text.matches("(?s).*Table \"PUBLIC.PLAIN\"\\n[^\\n]*\\| Default\\n.*"), text);
  }
}
