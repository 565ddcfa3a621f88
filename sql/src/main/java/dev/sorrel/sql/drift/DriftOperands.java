package dev.sorrel.sql.drift;

import java.util.List;
import java.util.Locale;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The operand check of the drift aggregates, made by the validator before
 * Calcite's implicit coercion would turn a string into a number row by row
 * (failing with no position at the first bad row) or a string into a
 * BOOLEAN: the value of a numeric test must be numeric, the flag BOOLEAN.
 */
public final class DriftOperands {
  private DriftOperands() {
  }

  /** Whether a call is to one of the drift aggregates. */
  public static boolean isDriftCall(SqlCall call) {
    final String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    for (DriftAggregates.Statistic s : DriftAggregates.Statistic.values()) {
      if (s.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The supported form to name in an error when the operand types do not
   * fit the call, else null.
   */
  public static @Nullable String mismatch(SqlCall call, List<RelDataType> types) {
    final String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    final boolean categorical = name.startsWith("DRIFT_CHI2");
    if (types.size() < 2) {
      return null;
    }
    final boolean valueOk = categorical || SqlTypeUtil.isNumeric(types.get(0))
        || types.get(0).getSqlTypeName() == SqlTypeName.NULL;
    final boolean flagOk = types.get(1).getSqlTypeName() == SqlTypeName.BOOLEAN
        || types.get(1).getSqlTypeName() == SqlTypeName.NULL;
    if (valueOk && flagOk) {
      return null;
    }
    if (categorical) {
      return "'" + name + "(<ANY>, <BOOLEAN>)'";
    }
    final boolean binned = name.equals("DRIFT_PSI") || name.equals("DRIFT_JS");
    final String options = binned ? " [, <INTEGER> bins] [, <VARCHAR> method]" : "";
    return "'" + name + "(<NUMERIC>, <BOOLEAN>" + options + ")'";
  }
}
