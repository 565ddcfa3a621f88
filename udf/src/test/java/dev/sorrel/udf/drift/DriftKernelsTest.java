package dev.sorrel.udf.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/**
 * The drift kernels equal SciPy's and NumPy's values on the samples that
 * {@code drift/make_drift.py} made, each to 1e-9 relative to itself (tiny
 * p-values included).
 */
class DriftKernelsTest {
  private static final double TOLERANCE = 1e-9;

  static List<String[]> csv(String name) throws IOException {
    final List<String[]> rows = new ArrayList<>();
    try (InputStream in = DriftKernelsTest.class.getResourceAsStream("/drift/" + name);
         BufferedReader reader = new BufferedReader(
             new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }

  static void near(double expected, double actual, String what) {
    final double error = Math.abs(expected - actual);
    assertTrue(error <= TOLERANCE * Math.abs(expected) || error < Double.MIN_NORMAL,
        what + ": expected " + expected + ", got " + actual);
  }

  private static Map<String, DoubleSample[]> samples() throws IOException {
    final Map<String, DoubleSample[]> samples = new LinkedHashMap<>();
    for (String[] row : csv("samples.csv")) {
      final DoubleSample[] s = samples.computeIfAbsent(row[0],
          k -> new DoubleSample[] {new DoubleSample(), new DoubleSample()});
      s[row[1].equals("1") ? 0 : 1].add(Double.parseDouble(row[2]));
    }
    return samples;
  }

  private static Map<String, Map<String, Double>> values() throws IOException {
    final Map<String, Map<String, Double>> expected = new LinkedHashMap<>();
    for (String[] row : csv("values.csv")) {
      expected.computeIfAbsent(row[0], k -> new TreeMap<>())
          .put(row[1], Double.parseDouble(row[2]));
    }
    return expected;
  }

  @Test void equalSciPyOnTheReferenceSamples() throws IOException {
    final Map<String, DoubleSample[]> samples = samples();
    final Map<String, Map<String, Double>> expected = values();
    assertEquals(expected.keySet(), samples.keySet());
    for (Map.Entry<String, DoubleSample[]> e : samples.entrySet()) {
      final String name = e.getKey();
      final DoubleSample ref = e.getValue()[0];
      final DoubleSample cur = e.getValue()[1];
      final Map<String, Double> want = expected.get(name);
      final KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(ref, cur);
      near(want.get("ks_d"), ks.statistic(), name + " D");
      near(want.get("ks_p"), ks.pValue(), name + " p");
      assertEquals(want.get("ks_method") == 1.0, ks.method() == KolmogorovSmirnov.Method.EXACT,
          name + " method");
      final BinnedDrift.Proportions w10 = BinnedDrift.proportions(ref, cur, 10,
          Binning.EQUAL_WIDTH);
      near(want.get("psi_w10"), BinnedDrift.psi(w10), name + " psi");
      near(want.get("js_w10"), BinnedDrift.jensenShannon(w10), name + " js");
      near(want.get("psi_w20"), BinnedDrift.psi(BinnedDrift.proportions(ref, cur, 20,
          Binning.EQUAL_WIDTH)), name + " psi 20");
      final BinnedDrift.Proportions q10 = BinnedDrift.proportions(ref, cur, 10, Binning.QUANTILE);
      near(want.get("psi_q10"), BinnedDrift.psi(q10), name + " psi quantile");
      near(want.get("js_q10"), BinnedDrift.jensenShannon(q10), name + " js quantile");
      near(want.get("psi_seed"), BinnedDrift.psi(BinnedDrift.proportions(ref, cur, 10,
          Binning.SEED)), name + " seed psi");
      near(want.get("wasserstein"), Wasserstein.distance(ref, cur), name + " wasserstein");
    }
  }

  @Test void asymptoticDistributionEqualsSciPyKstwo() throws IOException {
    int checked = 0;
    for (String[] row : csv("kstwo.csv")) {
      final double n = Double.parseDouble(row[0]);
      final double x = Double.parseDouble(row[1]);
      near(Double.parseDouble(row[2]), KolmogorovDistribution.sf(n, x), "kstwo.sf(" + x + ", "
          + row[0] + ")");
      checked++;
    }
    assertTrue(checked > 200);
  }

  @Test void chiSquareEqualsSciPyContingency() throws IOException {
    final Map<String, Map<String, long[]>> tables = new LinkedHashMap<>();
    for (String[] row : csv("categories.csv")) {
      tables.computeIfAbsent(row[0], k -> new TreeMap<>())
          .computeIfAbsent(row[2], k -> new long[2])[row[1].equals("1") ? 0 : 1]++;
    }
    for (String[] row : csv("chi2.csv")) {
      final Map<String, long[]> table = tables.get(row[0]);
      final long[] ref = table.values().stream().mapToLong(c -> c[0]).toArray();
      final long[] cur = table.values().stream().mapToLong(c -> c[1]).toArray();
      final ChiSquareTable.Result r = ChiSquareTable.test(ref, cur);
      near(Double.parseDouble(row[1]), r.statistic(), row[0] + " chi2");
      near(Double.parseDouble(row[2]), r.pValue(), row[0] + " p");
    }
  }

  /**
   * commons-math3's test is no substitute: it counts strictly greater
   * distances and jitters ties, so on tied data its p-value is not SciPy's
   * (0.5807 here, from the "ties" case).
   */
  @Test void commonsMathDiffersFromSciPyOnTies() throws IOException {
    final DoubleSample[] ties = samples().get("ties");
    final double scipy = values().get("ties").get("ks_p");
    final double[] a = java.util.Arrays.copyOf(ties[0].sorted(), ties[0].size());
    final double[] b = java.util.Arrays.copyOf(ties[1].sorted(), ties[1].size());
    final double commons = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(a, b);
    assertTrue(Math.abs(commons - scipy) > 1e-3, commons + " vs " + scipy);
    near(scipy, KolmogorovSmirnov.test(ties[0], ties[1]).pValue(), "ties p");
    // Its statistic, the supremum distance, agrees.
    near(new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(a, b),
        KolmogorovSmirnov.statistic(a, a.length, b, b.length), "ties D");
  }

  @Test void sampleGrowsAndSorts() {
    final DoubleSample s = new DoubleSample(1);
    for (int i = 100; i > 0; i--) {
      s.add(i);
    }
    assertEquals(100, s.size());
    assertEquals(1, s.min());
    assertEquals(100, s.max());
    assertEquals(1, s.sorted()[0]);
    assertEquals(100, s.sorted()[99]);
    final DoubleSample t = DoubleSample.of(0.5, 200);
    t.addAll(s);
    assertEquals(102, t.size());
    assertEquals(0.5, t.sorted()[0]);
  }
}
