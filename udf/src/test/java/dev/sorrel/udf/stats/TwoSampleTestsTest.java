package dev.sorrel.udf.stats;

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

import org.junit.jupiter.api.Test;

/**
 * The experiment statistics equal SciPy's and the seed's on the samples and
 * reference values that {@code experiments/make_statistics.py} made, to 1e-9
 * (relative for large values).
 */
class TwoSampleTestsTest {
  private static final double TOLERANCE = 1e-9;

  @Test void criticalValuesEqualSciPy() {
    // scipy.stats.t.ppf((1 + level) / 2, df), to 1e-10 relative (at df 1 SciPy itself is
    // 2e-11 from the exact tan(0.475 pi) = 12.7062047361747; the result here is closer)
    final double[][] cases = {{1, 0.95, 12.706204736432095}, {4, 0.95, 2.7764451051977987},
        {1e12, 0.90, 1.6448536269529959}, {100, 0.95, 1.9839715184496334},
        {29, 0.95, 2.045229642132703}, {1e4, 0.95, 1.960201239890626},
        {1e6, 0.95, 1.9599663568141066}, {1e7, 0.95, 1.959964221767205},
        {1e8, 0.95, 1.9599640082627663}, {9999, 0.99, 2.5763210958565974}};
    for (double[] c : cases) {
      final double x = TwoSampleTests.quantile(c[0], c[1]);
      assertTrue(Math.abs(x - c[2]) <= 1e-10 * c[2], "df " + c[0] + ": " + x + " vs " + c[2]);
    }
  }

  /** {@code 2 * scipy.stats.t.sf(t, df)}, which agrees with mpmath to 1e-15, to 1e-11 relative. */
  @Test void pValuesAtLargeDegreesOfFreedomEqualSciPy() {
    final double[][] cases = {{3.0, 1e5, 0.0027004608840647194},
        {3.0, 1e7, 0.0026998027110371613}, {1.0, 2e4, 0.3173226062479074},
        {6.5, 5e6, 8.032751677701358e-11}, {3.0, 9999, 0.0027064488557123462}};
    for (double[] c : cases) {
      final double p = TwoSampleTests.twoSidedP(c[0], c[1]);
      assertTrue(Math.abs(p - c[2]) <= 1e-11 * c[2], "t " + c[0] + ", df " + c[1] + ": " + p
          + " vs " + c[2]);
    }
  }

  private static List<String[]> csv(String name) throws IOException {
    final List<String[]> rows = new ArrayList<>();
    try (InputStream in = TwoSampleTestsTest.class.getResourceAsStream("/experiments/" + name);
         BufferedReader reader = new BufferedReader(
             new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }

  private static void near(double expected, double actual, String what) {
    final double scale = Math.max(1, Math.abs(expected));
    assertTrue(Math.abs(expected - actual) <= TOLERANCE * scale,
        what + ": expected " + expected + ", got " + actual);
  }

  @Test void equalSciPyOnTheReferenceSamples() throws IOException {
    final Map<String, Moments[]> samples = new LinkedHashMap<>();
    for (String[] row : csv("samples.csv")) {
      final Moments[] groups = samples.computeIfAbsent(row[0],
          k -> new Moments[] {new Moments(), new Moments()});
      groups[Integer.parseInt(row[1])].add(Double.parseDouble(row[2]));
    }
    final Map<String, Map<String, Double>> expected = new LinkedHashMap<>();
    for (String[] row : csv("statistics.csv")) {
      expected.computeIfAbsent(row[0], k -> new LinkedHashMap<>())
          .put(row[1], Double.parseDouble(row[2]));
    }
    assertEquals(expected.keySet(), samples.keySet());
    for (Map.Entry<String, Moments[]> e : samples.entrySet()) {
      final String name = e.getKey();
      final Moments control = e.getValue()[0];
      final Moments treatment = e.getValue()[1];
      final Map<String, Double> want = expected.get(name);
      final TwoSampleTests.TTest welch = TwoSampleTests.welch(control, treatment);
      near(want.get("welch_t"), welch.statistic(), name + " welch t");
      near(want.get("welch_df"), welch.degreesOfFreedom(), name + " welch df");
      near(want.get("welch_p"), welch.pValue(), name + " welch p");
      final TwoSampleTests.TTest student = TwoSampleTests.student(control, treatment);
      near(want.get("student_t"), student.statistic(), name + " student t");
      near(want.get("student_df"), student.degreesOfFreedom(), name + " student df");
      near(want.get("student_p"), student.pValue(), name + " student p");
      near(want.get("seed_p"), student.pValue(), name + " seed p");
      near(want.get("cohens_d"), TwoSampleTests.cohensD(control, treatment), name + " d");
      final TwoSampleTests.Interval d95 = TwoSampleTests.meanDifference(control, treatment, 0.95);
      near(want.get("diff_lo95"), d95.lower(), name + " diff lo95");
      near(want.get("diff_hi95"), d95.upper(), name + " diff hi95");
      final TwoSampleTests.Interval d90 = TwoSampleTests.meanDifference(control, treatment, 0.90);
      near(want.get("diff_lo90"), d90.lower(), name + " diff lo90");
      near(want.get("diff_hi90"), d90.upper(), name + " diff hi90");
      final TwoSampleTests.Interval lift = TwoSampleTests.relativeLift(control, treatment, 0.95);
      near(want.get("lift"), lift.estimate(), name + " lift");
      near(want.get("lift_lo95"), lift.lower(), name + " lift lo95");
      near(want.get("lift_hi95"), lift.upper(), name + " lift hi95");
    }
  }

  @Test void sampleRatioMismatchEqualsSciPyChiSquare() throws IOException {
    int checked = 0;
    for (String[] row : csv("srm.csv")) {
      final String[] observedText = row[1].split(" ");
      final String[] weightText = row[2].split(" ");
      final long[] observed = new long[observedText.length];
      final double[] weights = new double[weightText.length];
      for (int i = 0; i < observed.length; i++) {
        observed[i] = Long.parseLong(observedText[i]);
        weights[i] = Double.parseDouble(weightText[i]);
      }
      final double p = TwoSampleTests.sampleRatioMismatchP(observed, weights);
      final double want = Double.parseDouble(row[3]);
      // Tiny p-values are compared relative to themselves.
      assertTrue(Math.abs(want - p) <= TOLERANCE * Math.max(want, Double.MIN_NORMAL)
          || Math.abs(want - p) <= 1e-12, row[0] + ": expected " + want + ", got " + p);
      checked++;
    }
    assertEquals(6, checked);
    assertEquals(0, TwoSampleTests.sampleRatioMismatchP(new long[] {10, 1}, new double[] {1, 0}));
    assertEquals(1, TwoSampleTests.sampleRatioMismatchP(new long[] {0, 0}, new double[] {1, 1}));
  }

  @Test void mergedMomentsEqualOnePass() {
    final Moments all = new Moments();
    final Moments left = new Moments();
    final Moments right = new Moments();
    final java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 10_000; i++) {
      final double v = 1e6 + random.nextGaussian();
      all.add(v);
      (i % 3 == 0 ? left : right).add(v);
    }
    left.merge(right);
    assertEquals(all.count(), left.count());
    near(all.mean(), left.mean(), "mean");
    near(all.sampleVariance(), left.sampleVariance(), "variance");
  }

  @Test void degenerateSamplesGiveNaNAsSciPyDoes() {
    final Moments one = new Moments();
    one.add(1);
    final Moments two = new Moments();
    two.add(1);
    two.add(2);
    assertTrue(Double.isNaN(TwoSampleTests.welch(one, two).pValue()));
    final Moments flat = new Moments();
    flat.add(3);
    flat.add(3);
    assertTrue(Double.isNaN(TwoSampleTests.welch(flat, flat).pValue()));
    assertTrue(Double.isNaN(TwoSampleTests.relativeLift(new Moments(), two, 0.95).estimate()));
  }
}
