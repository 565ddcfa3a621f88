package dev.sorrel.udf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The metric kernels equal scikit-learn 1.2.1's values on the cases that
 * {@code metrics/make_metrics.py} made, each to 1e-9 relative to itself; NaN
 * where scikit-learn raises or returns nan.
 */
class MetricsKernelsTest {
  private static final double TOLERANCE = 1e-9;

  /** Rows of a CSV resource, without its header. */
  static List<String[]> csv(String name) throws IOException {
    final List<String[]> rows = new ArrayList<>();
    try (InputStream in = MetricsKernelsTest.class.getResourceAsStream("/metrics/" + name);
         BufferedReader reader = new BufferedReader(
             new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }

  /** Python's repr of a float as Java reads it ("nan" is NaN). */
  static double number(String text) {
    return text.equals("nan") ? Double.NaN : Double.parseDouble(text);
  }

  static void near(double expected, double actual, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
      return;
    }
    assertTrue(Math.abs(expected - actual) <= TOLERANCE * Math.abs(expected),
        what + ": expected " + expected + ", got " + actual);
  }

  /** Expected values by case, then by metric. */
  private static Map<String, Map<String, Double>> values(String name) throws IOException {
    final Map<String, Map<String, Double>> expected = new LinkedHashMap<>();
    for (String[] row : csv(name)) {
      expected.computeIfAbsent(row[0], k -> new LinkedHashMap<>()).put(row[1], number(row[2]));
    }
    return expected;
  }

  /** The columns of each case: {label, predicted, score} or {actual, predicted}. */
  private static Map<String, double[][]> columns(String name, int width) throws IOException {
    final Map<String, List<String[]>> rows = new LinkedHashMap<>();
    for (String[] row : csv(name)) {
      rows.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row);
    }
    final Map<String, double[][]> columns = new LinkedHashMap<>();
    rows.forEach((c, list) -> {
      final double[][] cols = new double[width][list.size()];
      for (int i = 0; i < list.size(); i++) {
        for (int j = 0; j < width; j++) {
          cols[j][i] = number(list.get(i)[j + 1]);
        }
      }
      columns.put(c, cols);
    });
    return columns;
  }

  @Test void classificationMetricsEqualScikitLearn() throws IOException {
    final Map<String, Map<String, Double>> expected = values("values.csv");
    final Map<String, double[][]> cases = columns("predictions.csv", 3);
    assertEquals(expected.keySet(), cases.keySet());
    for (Map.Entry<String, double[][]> c : cases.entrySet()) {
      final double[] label = c.getValue()[0];
      final double[] predicted = c.getValue()[1];
      final double[] score = c.getValue()[2];
      final Map<String, Double> want = expected.get(c.getKey());
      final ConfusionMatrix m = ConfusionMatrix.of(predicted, label);
      near(want.get("accuracy"), m.accuracy(), c.getKey() + " accuracy");
      near(want.get("precision"), m.precision(), c.getKey() + " precision");
      near(want.get("recall"), m.recall(), c.getKey() + " recall");
      near(want.get("f1"), m.f1(), c.getKey() + " f1");
      near(want.get("roc_auc"), RocAuc.of(score, label), c.getKey() + " roc_auc");
      near(want.get("log_loss"), LogLoss.of(score, label), c.getKey() + " log_loss");
    }
  }

  @Test void regressionErrorsEqualScikitLearn() throws IOException {
    final Map<String, Map<String, Double>> expected = values("regression_values.csv");
    final Map<String, double[][]> cases = columns("regression.csv", 2);
    assertEquals(expected.keySet(), cases.keySet());
    for (Map.Entry<String, double[][]> c : cases.entrySet()) {
      final RegressionErrors e = RegressionErrors.of(c.getValue()[1], c.getValue()[0]);
      final Map<String, Double> want = expected.get(c.getKey());
      near(want.get("mae"), e.meanAbsoluteError(), c.getKey() + " mae");
      near(want.get("mse"), e.meanSquaredError(), c.getKey() + " mse");
      near(want.get("rmse"), e.rootMeanSquaredError(), c.getKey() + " rmse");
      near(want.get("r2"), e.r2(), c.getKey() + " r2");
    }
  }

  /** Split in two and merged, an accumulator gives what one pass gives. */
  @Test void mergedPartsEqualOnePass() throws IOException {
    final double[][] c = columns("predictions.csv", 3).get("ties");
    final int half = c[0].length / 2;
    final ConfusionMatrix m1 = new ConfusionMatrix();
    final ConfusionMatrix m2 = new ConfusionMatrix();
    final RocAuc a1 = new RocAuc();
    final RocAuc a2 = new RocAuc();
    final LogLoss l1 = new LogLoss();
    final LogLoss l2 = new LogLoss();
    final RegressionErrors r1 = new RegressionErrors();
    final RegressionErrors r2 = new RegressionErrors();
    for (int i = 0; i < c[0].length; i++) {
      (i < half ? m1 : m2).add(c[1][i], c[0][i]);
      (i < half ? a1 : a2).add(c[2][i], c[0][i]);
      (i < half ? l1 : l2).add(c[2][i], c[0][i]);
      (i < half ? r1 : r2).add(c[2][i], c[0][i]);
    }
    m1.merge(m2);
    a1.merge(a2);
    l1.merge(l2);
    r1.merge(r2);
    final ConfusionMatrix m = ConfusionMatrix.of(c[1], c[0]);
    assertEquals(m.f1(), m1.f1());
    assertEquals(m.count(), m1.count());
    assertEquals(RocAuc.of(c[2], c[0]), a1.value());
    near(LogLoss.of(c[2], c[0]), l1.value(), "merged log loss");
    near(RegressionErrors.of(c[2], c[0]).r2(), r1.r2(), "merged r2");
  }

  /** AUC counted by brute force over every (positive, negative) pair, ties as one half. */
  @Test void aucIsTheShareOfCorrectlyOrderedPairs() {
    final Random random = new Random(13);
    for (int round = 0; round < 50; round++) {
      final int n = 1 + random.nextInt(60);
      final double[] score = new double[n];
      final double[] label = new double[n];
      for (int i = 0; i < n; i++) {
        score[i] = random.nextInt(8) - 4 + (random.nextBoolean() ? 0.0 : -0.0);
        label[i] = random.nextInt(3) == 0 ? 1 : 0;
      }
      double pairs = 0;
      double correct = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (label[i] == 1 && label[j] == 0) {
            pairs++;
            correct += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
          }
        }
      }
      final double expected = pairs == 0 ? Double.NaN : correct / pairs;
      near(expected, RocAuc.of(score, label), "round " + round);
    }
  }

  @Test void emptyInputHasNoValue() {
    final ConfusionMatrix m = new ConfusionMatrix();
    assertTrue(Double.isNaN(m.accuracy()));
    assertTrue(Double.isNaN(m.precision()));
    assertTrue(Double.isNaN(m.f1()));
    assertTrue(Double.isNaN(new RocAuc().value()));
    assertTrue(Double.isNaN(new LogLoss().value()));
    assertTrue(Double.isNaN(new RegressionErrors().meanAbsoluteError()));
  }

  @Test void badValuesAreRefusedByName() {
    final IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
        () -> new ConfusionMatrix().add(1, 2));
    assertEquals("label 2 is not a class label; binary metrics take 0 or 1 (or FALSE and"
        + " TRUE)", label.getMessage());
    final IllegalArgumentException predicted = assertThrows(IllegalArgumentException.class,
        () -> new ConfusionMatrix().add(0.7, 1));
    assertTrue(predicted.getMessage().startsWith("predicted class 0.7 is not a class label"),
        predicted.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RocAuc().add(Double.NaN, 1));
    final IllegalArgumentException probability = assertThrows(
        IllegalArgumentException.class, () -> new LogLoss().add(1.5, 1));
    assertEquals("probability 1.5 is not between 0 and 1", probability.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LogLoss().add(Double.NaN, 0));
  }

  @Test void certainAndWrongCostsMinusLogEpsilon() {
    assertEquals(-Math.log(LogLoss.EPSILON), LogLoss.of(new double[] {0}, new double[] {1}),
        1e-12);
    assertEquals(2.220446049250313e-16, LogLoss.EPSILON);
  }
}
