package dev.sorrel.udf.monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sorrel.engine.monitor.Baseline;
import dev.sorrel.engine.monitor.MonitorColumn;
import dev.sorrel.engine.monitor.MonitorDef;
import dev.sorrel.engine.monitor.MonitorMethod;
import dev.sorrel.engine.monitor.MonitorResult;
import dev.sorrel.udf.drift.BinnedDrift;
import dev.sorrel.udf.drift.Binning;
import dev.sorrel.udf.drift.ChiSquareTable;
import dev.sorrel.udf.drift.DoubleSample;
import dev.sorrel.udf.drift.KolmogorovSmirnov;
import dev.sorrel.udf.drift.Wasserstein;

/**
 * Tests a monitor's current samples against its stored baselines, one result per column,
 * each equal to the SQL drift aggregate over the reference rows and the current rows:
 * {@code DRIFT_KS_STATISTIC} and {@code DRIFT_KS} for {@code 'ks'}; {@code DRIFT_PSI} and
 * {@code DRIFT_JS} with the column's bins and binning for {@code 'psi'} and {@code 'js'};
 * {@code DRIFT_WASSERSTEIN} divided by the reference's population standard deviation (at
 * least 0.001) for {@code 'wasserstein'}; {@code DRIFT_CHI2_STATISTIC} and {@code DRIFT_CHI2}
 * for {@code 'chi2'}. A column whose current window has no value gets a NULL score and does
 * not drift.
 */
public final class MonitorCheck {
  /** The smallest standard deviation the Wasserstein distance is divided by (Evidently's). */
  public static final double MIN_NORM = 0.001;

  private MonitorCheck() {
  }

  /**
   * The results of a check.
   *
   * @param baselines the monitor's stored baselines, in column order
   * @param current the current window's values, in column order
   */
  public static List<MonitorResult> check(MonitorDef def, List<Baseline> baselines,
      List<ColumnSample> current) {
    final List<MonitorResult> results = new ArrayList<>();
    for (int i = 0; i < def.columns().size(); i++) {
      results.add(column(def.columns().get(i), def.appliedThreshold(i), baselines.get(i),
          current.get(i)));
    }
    return results;
  }

  private static MonitorResult column(MonitorColumn column, double threshold, Baseline baseline,
      ColumnSample current) {
    final MonitorMethod method = column.method();
    final long n = current.count();
    Double score = null;
    Double p = null;
    if (n > 0) {
      switch (method) {
      case KS: {
        final double[] ref = ((Baseline.SortedValues) baseline).values();
        final DoubleSample cur = current.values();
        final KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(ref, ref.length,
            cur.sorted(), cur.size());
        score = r.statistic();
        p = r.pValue();
        break;
      }
      case WASSERSTEIN: {
        final double[] ref = ((Baseline.SortedValues) baseline).values();
        final DoubleSample cur = current.values();
        score = Wasserstein.distance(ref, ref.length, cur.sorted(), cur.size())
            / Math.max(standardDeviation(ref), MIN_NORM);
        break;
      }
      case PSI:
      case JS:
      case CHI2: {
        final double[] result = column.categorical()
            ? categorical(method, (Baseline.Categories) baseline, current)
            : binned(method, column, (Baseline.Histogram) baseline, current);
        score = result[0];
        p = method.hasPValue() ? result[1] : null;
        break;
      }
      }
      score = nullIfNaN(score);
      p = nullIfNaN(p);
    }
    return new MonitorResult(column.name(), method.sqlName(), score, p, threshold,
        method.drifted(score, p, threshold), column.referenceCount(), n, current.nulls(), null);
  }

  private static Double nullIfNaN(Double v) {
    return v == null || Double.isNaN(v) ? null : v;
  }

  /** PSI or Jensen-Shannon of the current sample counted into the reference's bins. */
  private static double[] binned(MonitorMethod method, MonitorColumn column,
      Baseline.Histogram baseline, ColumnSample current) {
    final Binning binning = Baselines.binning(column.binning());
    final double[] edges = binning == Binning.SEED
        ? BinnedDrift.ownEdges(current.values(), column.bins()) : baseline.edges();
    final BinnedDrift.Proportions proportions = new BinnedDrift.Proportions(
        BinnedDrift.proportions(baseline.counts()),
        BinnedDrift.proportions(BinnedDrift.counts(current.values(), edges)));
    return new double[] {method == MonitorMethod.PSI ? BinnedDrift.psi(proportions)
        : BinnedDrift.jensenShannon(proportions)};
  }

  /**
   * Chi-square (statistic, p-value) or Jensen-Shannon of the category counts: the reference's
   * categories in stored order, then those seen only now, each a zero in the other sample.
   */
  private static double[] categorical(MonitorMethod method, Baseline.Categories baseline,
      ColumnSample current) {
    final Map<String, long[]> table = new LinkedHashMap<>();
    for (int i = 0; i < baseline.categories().length; i++) {
      table.put(baseline.categories()[i], new long[] {baseline.counts()[i], 0});
    }
    final Map<String, long[]> now = current.numeric() ? current.numberCategories()
        : current.categories();
    for (Map.Entry<String, long[]> e : now.entrySet()) {
      table.computeIfAbsent(e.getKey(), k -> new long[2])[1] += e.getValue()[0];
    }
    final long[] ref = new long[table.size()];
    final long[] cur = new long[table.size()];
    int i = 0;
    for (long[] counts : table.values()) {
      ref[i] = counts[0];
      cur[i] = counts[1];
      i++;
    }
    if (method == MonitorMethod.CHI2) {
      final ChiSquareTable.Result r = ChiSquareTable.test(ref, cur);
      return new double[] {r.statistic(), r.pValue()};
    }
    return new double[] {BinnedDrift.jensenShannon(new BinnedDrift.Proportions(
        BinnedDrift.proportions(ref), BinnedDrift.proportions(cur)))};
  }

  /** {@code numpy.std(values)}: the population standard deviation, mean first. */
  static double standardDeviation(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    final double mean = sum / values.length;
    double squares = 0;
    for (double v : values) {
      final double d = v - mean;
      squares += d * d;
    }
    return Math.sqrt(squares / values.length);
  }
}
