package dev.sorrel.sql.monitor;

import java.math.BigDecimal;
import java.util.Locale;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.type.SqlTypeName;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.monitor.Correction;
import dev.sorrel.engine.monitor.MonitorColumn;
import dev.sorrel.engine.monitor.MonitorMethod;
import dev.sorrel.engine.monitor.MonitorMetric;
import dev.sorrel.sql.ddl.PositionedException;
import dev.sorrel.udf.drift.Binning;

/**
 * The options of a monitor, {@code WITH (key = value, ...)} after the column list or after one
 * column (which then overrides the monitor's for that column): for a drift monitor {@code
 * method}, {@code threshold}, {@code bins}, {@code binning}, and for the monitor only {@code
 * correction}; for a performance monitor {@code tolerance}. Each value is checked where it is
 * written, so an error points at it.
 */
final class MonitorOptions {
  private final boolean performance;
  String method = MonitorColumn.AUTO;
  SqlNode methodAt;
  Double threshold;
  SqlNode thresholdAt;
  int bins = MonitorColumn.DEFAULT_BINS;
  SqlNode binsAt;
  String binning = MonitorColumn.DEFAULT_BINNING;
  SqlNode binningAt;
  Correction correction = Correction.NONE;
  Double tolerance;
  SqlNode toleranceAt;

  private MonitorOptions(boolean performance) {
    this.performance = performance;
  }

  /**
   * The monitor's options as written.
   *
   * @param performance whether its columns are metrics (a performance monitor)
   */
  static MonitorOptions of(SqlNodeList list, boolean performance) {
    final MonitorOptions options = new MonitorOptions(performance);
    options.read(list, true);
    return options;
  }

  /** A column's options: the monitor's, overridden by its own. */
  MonitorOptions forColumn(SqlNodeList list) {
    final MonitorOptions options = new MonitorOptions(performance);
    options.tolerance = tolerance;
    options.toleranceAt = toleranceAt;
    options.method = method;
    options.methodAt = methodAt;
    options.threshold = threshold;
    options.thresholdAt = thresholdAt;
    options.bins = bins;
    options.binsAt = binsAt;
    options.binning = binning;
    options.binningAt = binningAt;
    options.correction = correction;
    options.read(list, false);
    return options;
  }

  private void read(SqlNodeList list, boolean monitor) {
    if (list == null) {
      return;
    }
    for (int i = 0; i < list.size(); i += 2) {
      final SqlIdentifier key = (SqlIdentifier) list.get(i);
      final SqlNode value = list.get(i + 1);
      final String lower = key.getSimple().toLowerCase(Locale.ROOT);
      if (performance) {
        readPerformance(key, lower, value);
        continue;
      }
      switch (lower) {
      case "method": {
        final String name = text(key, value);
        if (!name.equalsIgnoreCase(MonitorColumn.AUTO) && MonitorMethod.ofName(name) == null) {
          throw error(ErrorCode.INVALID_PARAMETER_VALUE, value, "unknown monitor method '"
              + name + "'; use 'auto' (the default), 'ks', 'psi', 'js', 'wasserstein' or"
              + " 'chi2'");
        }
        method = name.toLowerCase(Locale.ROOT);
        methodAt = value;
        break;
      }
      case "threshold":
        threshold = number(key, value).doubleValue();
        thresholdAt = value;
        break;
      case "bins": {
        final BigDecimal n = number(key, value);
        if (n.scale() > 0 && n.stripTrailingZeros().scale() > 0
            || n.compareTo(BigDecimal.ONE) < 0
            || n.compareTo(BigDecimal.valueOf(MonitorColumn.MAX_BINS)) > 0) {
          throw error(ErrorCode.INVALID_PARAMETER_VALUE, value, "number of bins "
              + n.toPlainString() + " is not a whole number between 1 and "
              + MonitorColumn.MAX_BINS);
        }
        bins = n.intValue();
        binsAt = value;
        break;
      }
      case "binning": {
        final String name = text(key, value);
        try {
          Binning.of(name);
        } catch (IllegalArgumentException e) {
          throw error(ErrorCode.INVALID_PARAMETER_VALUE, value, e.getMessage());
        }
        binning = name.toLowerCase(Locale.ROOT);
        binningAt = value;
        break;
      }
      case "correction": {
        if (!monitor) {
          throw error(ErrorCode.INVALID_PARAMETER_VALUE, key, "correction applies to the"
              + " whole monitor; give it in the WITH after the column list");
        }
        final Correction c = Correction.ofName(text(key, value));
        if (c == null) {
          throw error(ErrorCode.INVALID_PARAMETER_VALUE, value, "unknown correction '"
              + text(key, value) + "'; use 'none' (the default) or 'bonferroni'");
        }
        correction = c;
        break;
      }
      case "tolerance":
        throw error(ErrorCode.INVALID_PARAMETER_VALUE, key, "option tolerance applies to"
            + " performance monitors, whose columns are metric aggregates such as"
            + " ROC_AUC(score, label); a drift column takes a threshold");
      default:
        throw error(ErrorCode.INVALID_PARAMETER_VALUE, key, "unknown monitor option '"
            + key.getSimple() + "'; the options are method, threshold, bins, binning and"
            + " correction");
      }
    }
  }

  /** Reads an option of a performance monitor, whose only option is {@code tolerance}. */
  private void readPerformance(SqlIdentifier key, String lower, SqlNode value) {
    switch (lower) {
    case "tolerance": {
      final double t = number(key, value).doubleValue();
      if (!(t >= 0)) {
        throw error(ErrorCode.INVALID_PARAMETER_VALUE, value, "tolerance " + t + " is out of"
            + " range: a metric may get worse by a tolerance of at least 0 before it alerts");
      }
      tolerance = t;
      toleranceAt = value;
      break;
    }
    case "method", "threshold", "bins", "binning", "correction":
      throw error(ErrorCode.INVALID_PARAMETER_VALUE, key, "option " + lower + " applies to"
          + " drift monitors; the columns of a performance monitor are metrics, compared with"
          + " their baseline and a tolerance (option tolerance)");
    default:
      throw error(ErrorCode.INVALID_PARAMETER_VALUE, key, "unknown monitor option '"
          + key.getSimple() + "'; the option of a performance monitor is tolerance");
    }
  }

  /**
   * Checks the tolerance of a metric column against the metric (a score between 0 and 1 takes
   * a tolerance below 1).
   */
  void checkMetric(MonitorMetric metric) {
    final double t = tolerance == null ? MonitorMetric.DEFAULT_TOLERANCE : tolerance;
    try {
      metric.checkTolerance(t);
    } catch (SorrelException e) {
      throw error(e.code(), toleranceAt, e.getMessage());
    }
  }

  /**
   * Checks the options of a column now that its type is known: a numeric test of a column
   * that is not numeric (42804), a threshold its test cannot use, bins for a test without
   * bins (22023).
   *
   * @param at where the column is written
   */
  void check(String column, boolean numeric, String type, SqlNode at) {
    final MonitorMethod m = MonitorMethod.ofName(method);
    if (m != null && m.numericOnly() && !numeric) {
      throw error(ErrorCode.TYPE_MISMATCH, at, "method '" + m.sqlName() + "' needs numbers,"
          + " but column " + column + " is " + type + "; use 'chi2' or 'js' for categories");
    }
    if (threshold != null) {
      try {
        if (m != null) {
          m.checkThreshold(threshold);
        } else if (!(threshold > 0 && threshold < 1)) {
          // 'auto' may choose a test with a p-value, whose threshold lies in (0, 1).
          throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "threshold "
              + threshold + " is out of range for method 'auto', which may choose a test"
              + " with a p-value: give a threshold between 0 and 1 (exclusive), or a method");
        }
      } catch (SorrelException e) {
        throw error(e.code(), thresholdAt, e.getMessage());
      }
    }
    final boolean usesBins = m == null || m == MonitorMethod.PSI || m == MonitorMethod.JS;
    if (!usesBins && (binsAt != null || binningAt != null)) {
      throw error(ErrorCode.INVALID_PARAMETER_VALUE, binsAt != null ? binsAt : binningAt,
          "bins and binning apply to methods 'psi' and 'js' (and 'auto'), not to '"
              + m.sqlName() + "' of column " + column);
    }
  }

  private static String text(SqlIdentifier key, SqlNode value) {
    if (value instanceof SqlLiteral literal && SqlTypeName.CHAR_TYPES.contains(
        literal.getTypeName())) {
      return literal.getValueAs(String.class);
    }
    throw error(ErrorCode.INVALID_PARAMETER_VALUE, value, "monitor option "
        + key.getSimple().toLowerCase(Locale.ROOT) + " takes a string");
  }

  private static BigDecimal number(SqlIdentifier key, SqlNode value) {
    if (value instanceof SqlNumericLiteral literal) {
      return literal.getValueAs(BigDecimal.class);
    }
    throw error(ErrorCode.INVALID_PARAMETER_VALUE, value, "monitor option "
        + key.getSimple().toLowerCase(Locale.ROOT) + " takes a number");
  }

  static PositionedException error(ErrorCode code, SqlNode at, String message) {
    return new PositionedException(code, at.getParserPosition(), message);
  }
}
