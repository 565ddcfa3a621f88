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
import dev.sorrel.sql.ddl.PositionedException;
import dev.sorrel.udf.drift.Binning;

/**
 * The options of a monitor, {@code WITH (key = value, ...)} after the column list or after one
 * column (which then overrides the monitor's for that column): {@code method}, {@code
 * threshold}, {@code bins}, {@code binning}, and for the monitor only {@code correction}. Each
 * value is checked where it is written, so an error points at it.
 */
final class MonitorOptions {
  String method = MonitorColumn.AUTO;
  SqlNode methodAt;
  Double threshold;
  SqlNode thresholdAt;
  int bins = MonitorColumn.DEFAULT_BINS;
  SqlNode binsAt;
  String binning = MonitorColumn.DEFAULT_BINNING;
  SqlNode binningAt;
  Correction correction = Correction.NONE;

  /** The monitor's options as written. */
  static MonitorOptions of(SqlNodeList list) {
    final MonitorOptions options = new MonitorOptions();
    options.read(list, true);
    return options;
  }

  /** A column's options: the monitor's, overridden by its own. */
  MonitorOptions forColumn(SqlNodeList list) {
    final MonitorOptions options = new MonitorOptions();
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
      switch (key.getSimple().toLowerCase(Locale.ROOT)) {
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
      default:
        throw error(ErrorCode.INVALID_PARAMETER_VALUE, key, "unknown monitor option '"
            + key.getSimple() + "'; the options are method, threshold, bins, binning and"
            + " correction");
      }
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
