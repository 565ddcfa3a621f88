package dev.sorrel.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The feature rows every scorer sees: drawn from the breast-cancer rows of
 * the fixture models' reference CSVs (on the classpath under
 * {@code /models/}), each value multiplied by {@code 1 + noise * N(0, 1)}
 * (clamped at 0: every feature of the data set is non-negative), generated
 * once from a seed. Values are float32, the models' input type, so the DOUBLE
 * column Sorrel stores converts back to exactly the float the raw baseline
 * feeds; row {@code i} has id {@code i + 1}.
 */
final class FeatureData {
  static final int FEATURES = 30;

  final int rows;
  /** Row-major, {@code rows * FEATURES} values. */
  final float[] values;
  /** Number of distinct CSV rows the data was drawn from. */
  final int baseRows;

  FeatureData(int rows, double noise, long seed, String... csvResources) {
    this.rows = rows;
    final List<float[]> base = readRows(csvResources);
    this.baseRows = base.size();
    final SplittableRandom random = new SplittableRandom(seed);
    values = new float[Math.multiplyExact(rows, FEATURES)];
    for (int i = 0; i < rows; i++) {
      final float[] b = base.get(random.nextInt(base.size()));
      for (int f = 0; f < FEATURES; f++) {
        final double v = b[f] * (1 + noise * random.nextGaussian());
        values[i * FEATURES + f] = (float) Math.max(0, v);
      }
    }
  }

  /** Feature {@code f} of row {@code row}, as the DOUBLE column holds it. */
  double get(int row, int f) {
    return values[row * FEATURES + f];
  }

  /** The distinct f0..f29 rows of the CSVs (the first 30 columns). */
  private static List<float[]> readRows(String... resources) {
    final Set<String> seen = new LinkedHashSet<>();
    for (String resource : resources) {
      try (InputStream in = FeatureData.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("resource " + resource + " not on the classpath");
        }
        final BufferedReader reader = new BufferedReader(
            new InputStreamReader(in, StandardCharsets.UTF_8));
        final String header = reader.readLine();
        if (header == null || !header.startsWith("f0,f1,")) {
          throw new IllegalStateException(resource + ": unexpected header " + header);
        }
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (line.isBlank()) {
            continue;
          }
          final String[] cells = line.split(",", FEATURES + 1);
          if (cells.length <= FEATURES) {
            throw new IllegalStateException(resource + ": short line " + line);
          }
          seen.add(String.join(",", java.util.Arrays.copyOf(cells, FEATURES)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    final List<float[]> rows = new ArrayList<>();
    for (String line : seen) {
      final String[] cells = line.split(",");
      final float[] row = new float[FEATURES];
      for (int f = 0; f < FEATURES; f++) {
        row[f] = Float.parseFloat(cells[f]);
      }
      rows.add(row);
    }
    return rows;
  }
}
