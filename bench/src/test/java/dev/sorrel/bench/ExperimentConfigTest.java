package dev.sorrel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The experiments suite's parameters: defaults, overrides and the mistakes it refuses. */
class ExperimentConfigTest {
  @Test void defaultsAreTheDocumentedOnes() {
    final ExperimentConfig c = ExperimentConfig.parse(new String[0]);
    assertEquals(10_000_000, c.rows);
    assertEquals(3, c.reps);
    assertEquals(1, c.warmup);
    assertEquals(List.of("assign", "analysis"), List.copyOf(c.parts));
    assertEquals(List.of("sha256", "fnv1a"), List.copyOf(c.hashes));
    assertEquals(2_000_000, c.fileRows);
    assertEquals(0.002, c.effect);
    assertEquals(Engine.SORREL, c.engine);
    assertNull(c.dir);
    assertFalse(c.keep);
    assertEquals(42, c.seed);
  }

  @Test void argumentsOverrideDefaults() {
    final ExperimentConfig c = ExperimentConfig.parse(new String[] {"rows=1_000_000",
        "--reps=5", "parts=analysis", "hashes=FNV1A, sha256", "fileRows=250000",
        "effect=-0.01", "engine=sorrelmem", "dir=/tmp/x", "keep=true", "seed=7", "warmup=0"});
    assertEquals(1_000_000, c.rows);
    assertEquals(5, c.reps);
    assertEquals(0, c.warmup);
    assertEquals(List.of("analysis"), List.copyOf(c.parts));
    assertEquals(List.of("fnv1a", "sha256"), List.copyOf(c.hashes));
    assertEquals(250_000, c.fileRows);
    assertEquals(-0.01, c.effect);
    assertEquals(Engine.SORREL_MEM, c.engine);
    assertEquals(Path.of("/tmp/x"), c.dir);
    assertTrue(c.keep);
    assertEquals(7, c.seed);
  }

  @Test void filesAreNoLargerThanTheTable() {
    assertEquals(1000, ExperimentConfig.parse(new String[] {"rows=1000"}).fileRows);
  }

  @Test void helpReturnsNoConfiguration() {
    assertNull(ExperimentConfig.parse(new String[] {"--help"}));
  }

  @Test void mistakesAreRefusedWithTheParameterNamed() {
    assertRefused("unknown parameter 'row'", "row=5");
    assertRefused("rows must be positive", "rows=0");
    assertRefused("rows must be at most", "rows=200000000");
    assertRefused("reps must be an integer", "reps=three");
    assertRefused("unknown parts value 'scan'", "parts=assign,scan");
    assertRefused("no hashes given", "hashes=,");
    assertRefused("unknown hashes value 'md5'", "hashes=md5");
    assertRefused("effect must be a number", "effect=big");
    assertRefused("effect must be above -1", "effect=-1");
    assertRefused("engine must be a Sorrel engine", "engine=h2");
    assertRefused("seed must be an integer", "seed=x");
    assertRefused("expected name=value", "rows");
  }

  private static void assertRefused(String message, String arg) {
    final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExperimentConfig.parse(new String[] {arg}));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
