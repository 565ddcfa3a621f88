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

/** The sorrel shell on a Sorrel database: a feature view from definition to training set. */
class FeatureShellTest {
  @TempDir Path dir;

  @Test void featureViewFromTheShell() {
    final String script = """
        CREATE ENTITY driver (driver_id BIGINT);
        CREATE FEATURE VIEW stats ENTITY driver (conv_rate DOUBLE) TTL INTERVAL '1' HOUR;
        INSERT INTO stats (driver_id, event_timestamp, conv_rate) VALUES
          (1, TIMESTAMP '2026-01-01 10:00:00', 0.5), (1, TIMESTAMP '2026-01-01 11:00:00', 0.7);
        ALTER FEATURE VIEW stats COMPACT;
        SELECT t.id, f.conv_rate FROM (VALUES (1, TIMESTAMP '2026-01-01 10:30:00'),
          (2, TIMESTAMP '2026-01-01 10:30:00')) AS t(id, ts)
          LEFT ASOF JOIN stats f MATCH_CONDITION (t.ts >= f.event_timestamp) ON t.id = f.driver_id
          ORDER BY t.id;
        SELECT view_name, entity_name, row_count, segment_version = data_version AS is_current
          FROM sys.feature_views;
        """;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final int status = Main.run(new String[] {"--no-timing", "--format=csv",
        "jdbc:sorrel:" + dir.resolve("db")},
        new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out, err, false);
    final String text = out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    assertTrue(text.contains("ID,CONV_RATE\n1,0.5\n2,\n"), text);
    // The join above searched the history segment that COMPACT wrote.
    assertTrue(text.contains("VIEW_NAME,ENTITY_NAME,ROW_COUNT,IS_CURRENT\nSTATS,DRIVER,2,true\n"),
        text);
  }
}
