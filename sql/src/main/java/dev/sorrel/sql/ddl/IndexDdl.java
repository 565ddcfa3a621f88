package dev.sorrel.sql.ddl;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.parser.SqlCreateIndex;
import dev.sorrel.sql.parser.SqlDropIndex;
import dev.sorrel.sql.runtime.TransactionState;
import dev.sorrel.sql.schema.OnlineSchema;

/**
 * The meaning of {@code CREATE [UNIQUE] INDEX} and {@code DROP INDEX}: a
 * catalog change, one transaction, in which creating an index writes an
 * entry for every row of its table.
 */
final class IndexDdl {
  private IndexDdl() {
  }

  static void create(Database database, TransactionState transactions, SqlCreateIndex create) {
    if (create.table.names.size() == 2 && create.table.names.get(0)
        .toUpperCase(java.util.Locale.ROOT).equals(OnlineSchema.NAME)) {
      throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED,
          create.table.getParserPosition(), "the online values of a feature view cannot have"
              + " indexes; they are read by the entity key");
    }
    final String name = SorrelDdlExecutor.objectName(create.name);
    final String tableName = SorrelDdlExecutor.objectName(create.table);
    if (create.getReplace()) {
      throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED, create.getParserPosition(),
          "CREATE OR REPLACE INDEX is not supported; drop the index first");
    }
    if (create.ifNotExists && database.catalog().index(name) != null) {
      return;
    }
    final Table table = database.catalog().table(tableName);
    if (table == null) {
      throw new PositionedException(ErrorCode.OBJECT_NOT_FOUND,
          create.table.getParserPosition(), "table " + tableName + " does not exist");
    }
    final List<String> columns = new ArrayList<>();
    final List<Boolean> descending = new ArrayList<>();
    for (SqlNode node : create.columns) {
      final boolean desc = node.getKind() == SqlKind.DESCENDING;
      final SqlIdentifier column = (SqlIdentifier) (desc
          ? ((SqlBasicCall) node).operand(0) : node);
      if (table.def().columnIndex(column.getSimple()) < 0) {
        throw new PositionedException(ErrorCode.COLUMN_NOT_FOUND, column.getParserPosition(),
            "column " + column.getSimple() + " does not exist in table " + tableName);
      }
      columns.add(column.getSimple());
      descending.add(desc);
    }
    try {
      Conditional.ddl(transactions, database, "CREATE INDEX", create.ifNotExists,
          () -> database.catalog().index(name) != null,
          tx -> database.catalog().createIndex(tx, name, tableName, columns, descending,
              create.unique));
    } catch (SorrelException e) {
      throw positioned(e, create.name.getParserPosition());
    }
  }

  static void drop(Database database, TransactionState transactions, SqlDropIndex drop) {
    final String name = SorrelDdlExecutor.objectName(drop.name);
    try {
      Conditional.ddl(transactions, database, "DROP INDEX", drop.ifExists,
          () -> database.catalog().index(name) == null, tx -> {
            database.catalog().dropIndex(tx, name);
            return null;
          });
    } catch (SorrelException e) {
      throw positioned(e, drop.name.getParserPosition());
    }
  }

  private static SorrelException positioned(SorrelException e, SqlParserPos pos) {
    return e instanceof PositionedException ? e
        : new PositionedException(e.code(), pos, e.getMessage());
  }
}
