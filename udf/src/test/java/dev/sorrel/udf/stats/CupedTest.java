package dev.sorrel.udf.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * CUPED's adjusted moments, computed from co-moments without a second pass,
 * equal the moments of the adjusted values computed one by one; co-moments
 * merged pairwise equal those of the pooled values.
 */
class CupedTest {
  @Test
  void adjustedMomentsEqualTheMomentsOfAdjustedValues() {
    final SplittableRandom random = new SplittableRandom(7);
    final int n = 5000;
    final double[] x = new double[n];
    final double[] y = new double[n];
    final CoMoments a = new CoMoments();
    final CoMoments b = new CoMoments();
    final CoMoments all = new CoMoments();
    for (int i = 0; i < n; i++) {
      x[i] = 1e6 + 50 * random.nextDouble();
      y[i] = 3 + 0.7 * x[i] + 5 * random.nextDouble();
      (i % 3 == 0 ? a : b).add(y[i], x[i]);
      all.add(y[i], x[i]);
    }
    final CoMoments pooled = new CoMoments();
    pooled.merge(a);
    pooled.merge(b);
    assertEquals(all.count(), pooled.count());
    assertEquals(all.meanX(), pooled.meanX(), 1e-12 * all.meanX());
    assertEquals(all.coMoment(), pooled.coMoment(), 1e-9 * Math.abs(all.coMoment()));
    assertEquals(all.m2x(), pooled.m2x(), 1e-9 * all.m2x());

    final double theta = Cuped.theta(pooled);
    assertEquals(0.7, theta, 0.05);
    final Moments direct = new Moments();
    for (int i = 0; i < n; i += 3) {
      direct.add(y[i] - theta * (x[i] - pooled.meanX()));
    }
    final Moments adjusted = Cuped.adjusted(a, theta, pooled.meanX());
    assertEquals(direct.count(), adjusted.count());
    assertEquals(direct.mean(), adjusted.mean(), 1e-9 * Math.abs(direct.mean()));
    assertEquals(direct.sampleVariance(), adjusted.sampleVariance(),
        1e-9 * direct.sampleVariance());
    final double reduction = Cuped.varianceReduction(a, adjusted);
    assertTrue(reduction > 0.9 && reduction < 1, "reduction " + reduction);
  }

  @Test
  void aCovariateWithoutVarianceHasNoTheta() {
    final CoMoments m = new CoMoments();
    m.add(1, 5);
    m.add(2, 5);
    m.add(4, 5);
    assertTrue(Double.isNaN(Cuped.theta(m)));
    assertTrue(Double.isNaN(Cuped.adjusted(m, Double.NaN, 5).mean()));
  }
}
