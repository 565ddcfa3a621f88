package dev.sorrel.engine.catalog;

import dev.sorrel.storage.ValueType;

/**
 * A column of a table as the catalog stores it.
 *
 * @param name column name, exactly as it is matched (SQL upper-cases unquoted names)
 * @param type storage type
 * @param precision declared precision or length (DECIMAL digits, VARCHAR
 *     length), or -1 if not declared
 * @param scale declared DECIMAL scale, else 0
 * @param nullable whether NULL is allowed
 * @param defaultSql default value as SQL expression text, or null
 * @param identity what makes it an identity column, or null for any other column
 */
public record ColumnDef(String name, ValueType type, int precision, int scale,
    boolean nullable, String defaultSql, IdentityDef identity) {

  /** A column that is not an identity column. */
  public ColumnDef(String name, ValueType type, int precision, int scale, boolean nullable,
      String defaultSql) {
    this(name, type, precision, scale, nullable, defaultSql, null);
  }

  /** Whether the column takes generated values when a row leaves it out. */
  public boolean hasIdentity() {
    return identity != null;
  }

  /** Returns the type as SQL spells it, e.g. {@code DECIMAL(10, 2)}. */
  public String sqlTypeName() {
    return switch (type) {
      case DECIMAL -> precision < 0 ? "DECIMAL" : "DECIMAL(" + precision + ", " + scale + ")";
      case VARCHAR -> precision < 0 ? "VARCHAR" : "VARCHAR(" + precision + ")";
      case VARBINARY -> precision < 0 ? "VARBINARY" : "VARBINARY(" + precision + ")";
      case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DATE, TIME, TIMESTAMP ->
          type.name();
    };
  }
}
