package dev.sorrel.sql.rel;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Which casts keep every value of their operand's type unchanged, so that a
 * key read may use the operand's value as the key column's: a path narrowed
 * by a compared value ({@link KeyAccessRule}) and a lookup join's probe
 * values ({@link dev.sorrel.sql.lookup.TableLookupJoinRule}).
 */
public final class Widening {
  private Widening() {
  }

  /**
   * Whether a cast keeps every value of its operand's type unchanged, so the
   * table may compare the operand itself. A narrowing cast (truncating a
   * string, rounding a fraction, wrapping an integer) changes the value the
   * filter compares, and looking through it could drop rows the filter keeps.
   */
  public static boolean widens(RelDataType from, RelDataType to) {
    final SqlTypeName source = from.getSqlTypeName();
    final SqlTypeName target = to.getSqlTypeName();
    if (SqlTypeName.INT_TYPES.contains(source)) {
      return SqlTypeName.INT_TYPES.contains(target) ? target.compareTo(source) >= 0
          : target == SqlTypeName.DECIMAL && to.getPrecision() - to.getScale() >= digits(source);
    }
    if (source == SqlTypeName.DECIMAL) {
      return target == SqlTypeName.DECIMAL && to.getScale() >= from.getScale()
          && to.getPrecision() - to.getScale() >= from.getPrecision() - from.getScale();
    }
    if (SqlTypeName.APPROX_TYPES.contains(source)) {
      return target == SqlTypeName.DOUBLE || target == source;
    }
    final boolean strings = SqlTypeName.CHAR_TYPES.contains(source)
        && target == SqlTypeName.VARCHAR;
    final boolean binaries = SqlTypeName.BINARY_TYPES.contains(source)
        && target == SqlTypeName.VARBINARY;
    final boolean same = source == target
        && (SqlTypeName.DATETIME_TYPES.contains(source) || source == SqlTypeName.BOOLEAN);
    return (strings || binaries || same)
        && (to.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
            || (from.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
                && to.getPrecision() >= from.getPrecision()));
  }

  /** Decimal digits of the largest value of an integer type. */
  private static int digits(SqlTypeName integer) {
    return integer == SqlTypeName.TINYINT ? 3 : integer == SqlTypeName.SMALLINT ? 5
        : integer == SqlTypeName.INTEGER ? 10 : 19;
  }

}
