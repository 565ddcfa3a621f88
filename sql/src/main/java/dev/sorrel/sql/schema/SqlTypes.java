package dev.sorrel.sql.schema;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.storage.ValueType;

/** Maps between SQL types as Calcite sees them and the engine's storage types. */
public final class SqlTypes {
  private SqlTypes() {
  }

  /** Returns the storage type for a declared SQL type, or throws if Sorrel cannot store it. */
  public static ValueType valueType(SqlTypeName name, String declared) {
    return switch (name) {
      case BOOLEAN -> ValueType.BOOLEAN;
      case TINYINT -> ValueType.TINYINT;
      case SMALLINT -> ValueType.SMALLINT;
      case INTEGER -> ValueType.INTEGER;
      case BIGINT -> ValueType.BIGINT;
      case REAL -> ValueType.REAL;
      case FLOAT, DOUBLE -> ValueType.DOUBLE;
      case DECIMAL -> ValueType.DECIMAL;
      case CHAR, VARCHAR -> ValueType.VARCHAR;
      case BINARY, VARBINARY -> ValueType.VARBINARY;
      case DATE -> ValueType.DATE;
      case TIME -> ValueType.TIME;
      case TIMESTAMP -> ValueType.TIMESTAMP;
      default -> throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED,
          "column type " + declared + " is not supported; use BOOLEAN, TINYINT, SMALLINT,"
              + " INTEGER, BIGINT, REAL, DOUBLE, DECIMAL(p, s), VARCHAR(n), VARBINARY(n),"
              + " DATE, TIME or TIMESTAMP");
    };
  }

  /** Returns the column with any VARCHAR/VARBINARY length removed. */
  public static ColumnDef withoutLength(ColumnDef column) {
    if ((column.type() == ValueType.VARCHAR || column.type() == ValueType.VARBINARY)
        && column.precision() >= 0) {
      return new ColumnDef(column.name(), column.type(), -1, column.scale(), column.nullable(),
          column.defaultSql());
    }
    return column;
  }

  /** Returns the Calcite type of a column. */
  public static RelDataType relType(RelDataTypeFactory factory, ColumnDef column) {
    final RelDataType type = switch (column.type()) {
      case BOOLEAN -> factory.createSqlType(SqlTypeName.BOOLEAN);
      case TINYINT -> factory.createSqlType(SqlTypeName.TINYINT);
      case SMALLINT -> factory.createSqlType(SqlTypeName.SMALLINT);
      case INTEGER -> factory.createSqlType(SqlTypeName.INTEGER);
      case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
      case REAL -> factory.createSqlType(SqlTypeName.REAL);
      case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
      case DECIMAL -> factory.createSqlType(SqlTypeName.DECIMAL, column.precision(),
          column.scale());
      case VARCHAR -> column.precision() < 0 ? factory.createSqlType(SqlTypeName.VARCHAR)
          : factory.createSqlType(SqlTypeName.VARCHAR, column.precision());
      case VARBINARY -> column.precision() < 0 ? factory.createSqlType(SqlTypeName.VARBINARY)
          : factory.createSqlType(SqlTypeName.VARBINARY, column.precision());
      case DATE -> factory.createSqlType(SqlTypeName.DATE);
      case TIME -> factory.createSqlType(SqlTypeName.TIME);
      case TIMESTAMP -> factory.createSqlType(SqlTypeName.TIMESTAMP, 3);
    };
    return factory.createTypeWithNullability(type, column.nullable());
  }
}
