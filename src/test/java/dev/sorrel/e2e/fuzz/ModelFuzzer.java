package dev.sorrel.e2e.fuzz;

import dev.sorrel.e2e.fuzz.FuzzRunner.Attempt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * CREATE MODEL from corrupted ONNX bytes (truncated, bit-flipped, overwritten, zero-length,
 * random) and from valid models of another signature; whatever loads is then scored with
 * PREDICT at several arities (the wrong ones included) and dropped. Native code (ONNX Runtime)
 * must turn every bad file into a clean error, never a crash.
 */
final class ModelFuzzer {
  private static final String[] FIXTURES = {"mlp_iris", "logreg_breast_cancer", "gbr_diabetes",
      "forest_breast_cancer", "multi_input_tips", "challenger_tips", "logreg_zipmap_breast_cancer"};

  private final FuzzRunner runner;
  private final Random random;
  private final Connection connection;
  private final Path models;
  private final Path tmp;
  private int serial;

  ModelFuzzer(FuzzRunner runner, Random random, Connection connection, Path resources,
      Path tmp) {
    this.runner = runner;
    this.random = random;
    this.connection = connection;
    this.models = resources.resolve("models");
    this.tmp = tmp;
  }

  void run() throws IOException {
    final String fixture = FIXTURES[random.nextInt(FIXTURES.length)];
    final byte[] original = Files.readAllBytes(models.resolve(fixture + ".onnx"));
    final String how;
    final byte[] bytes;
    switch (random.nextInt(7)) {
      case 0 -> {
        final int len = random.nextInt(original.length);
        how = "truncated to " + len;
        bytes = Arrays.copyOf(original, len);
      }
      case 1, 2 -> {
        bytes = original.clone();
        final int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
          final int at = random.nextInt(bytes.length);
          bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
        how = flips + " bits flipped";
      }
      case 3 -> {
        bytes = original.clone();
        final int at = random.nextInt(bytes.length);
        final int len = Math.min(bytes.length - at, 1 + random.nextInt(32));
        for (int i = 0; i < len; i++) {
          bytes[at + i] = (byte) random.nextInt(256);
        }
        how = len + " bytes overwritten at " + at;
      }
      case 4 -> {
        how = "zero-length";
        bytes = new byte[0];
      }
      case 5 -> {
        bytes = new byte[1 + random.nextInt(4096)];
        random.nextBytes(bytes);
        how = bytes.length + " random bytes";
      }
      default -> {
        how = "intact";
        bytes = original;
      }
    }
    final Path file = tmp.resolve("model.onnx");
    Files.write(file, bytes);
    final String model = "fz_m" + (serial++);
    final String create = "CREATE MODEL " + model + " FROM '" + file + "'";
    final String what = create + " (" + fixture + ", " + how + ")";
    final Attempt<List<String>> created = runner.attempt(FuzzClass.MODEL, what,
        () -> Rows.execute(runner, connection, create));
    if (!created.succeeded()) {
      return;
    }
    for (int round = 0; round < 2; round++) {
      final int arity = new int[] {0, 1, 4, 10, 30, 3}[random.nextInt(6)];
      final List<String> args = new ArrayList<>();
      for (int i = 0; i < arity; i++) {
        args.add(new String[] {"1.5", "0", "-1e30", "CAST(NULL AS DOUBLE)", "'x'", "d", "i",
            "CAST('NaN' AS DOUBLE)"}[random.nextInt(8)]);
      }
      final String fn = new String[] {"PREDICT", "PREDICT_LABEL", "PREDICT_PROBA"}[
          random.nextInt(3)];
      final String predict = "SELECT " + fn + "('" + model + "'"
          + (fn.equals("PREDICT_PROBA") ? ", 1" : "")
          + (args.isEmpty() ? "" : ", " + String.join(", ", args)) + ") FROM t0 WHERE id < 5";
      runner.attempt(FuzzClass.MODEL, predict + " (" + fixture + ", " + how + ")",
          () -> Rows.query(runner, connection, predict));
    }
    runner.attempt(FuzzClass.MODEL, "DROP MODEL " + model,
        () -> Rows.execute(runner, connection, "DROP MODEL " + model));
  }
}
