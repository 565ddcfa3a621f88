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

/** The sorrel shell runs the tracking statements as written, one run from start to end. */
class TrackingShellTest {
  @TempDir Path dir;

  @Test void aRunFromTheShell() {
    final String script = """
        START RUN 'shell run; first' IN PROJECT demo WITH (owner = 'me');
        LOG PARAM 'lr' = 0.01, 'note' = 'a;b';
        LOG METRIC 'auc' = 0.5 STEP 1;
        LOG METRIC 'auc' = 0.75 STEP 2;
        SET TAG 'stage' = 'dev';
        END RUN STATUS FINISHED;
        SELECT r.run_name, r.status, p.param_value, m.metric_value, m.value_count
          FROM tracking.runs r
          JOIN tracking.params p ON p.run_id = r.run_id AND p.param_key = 'note'
          JOIN tracking.latest_metrics m ON m.run_id = r.run_id;
        """;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final int status = Main.run(new String[] {"--no-timing", "--format=csv",
        "jdbc:sorrel:" + dir.resolve("db")},
        new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out, err, false);
    final String text = out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    assertTrue(text.matches("(?s)RUN_ID\n[0-9a-f]{32}\n.*"), text);
    assertTrue(text.contains("RUN_NAME,STATUS,PARAM_VALUE,METRIC_VALUE,VALUE_COUNT\n"
        + "shell run; first,FINISHED,a;b,0.75,2\n"), text);
  }
}
