package dev.sorrel.sql.ddl;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.parser.SqlAlterTable;

/**
 * {@code ALTER TABLE name COMPACT}: compacts the table's rows in RocksDB
 * and writes its columnar segment from committed data, so that scans read
 * the segment from the next statement on. No transaction: it changes no
 * data, and there is nothing to roll back.
 */
final class CompactTable {
  private CompactTable() {
  }

  static void execute(Database database, SqlAlterTable alter) {
    final String name = SorrelDdlExecutor.objectName(alter.name);
    if (database.catalog().featureView(name) != null) {
      throw new PositionedException(ErrorCode.WRONG_OBJECT_TYPE, alter.name.getParserPosition(),
          name + " is a feature view; compact it with ALTER FEATURE VIEW " + name + " COMPACT");
    }
    final Table table = database.catalog().table(name);
    if (table == null) {
      throw new PositionedException(ErrorCode.OBJECT_NOT_FOUND, alter.name.getParserPosition(),
          "table " + name + " does not exist");
    }
    try {
      table.compact();
      database.tableSegments().build(table);
    } catch (SorrelException e) {
      throw e instanceof PositionedException ? e
          : new PositionedException(e.code(), alter.name.getParserPosition(), e.getMessage());
    }
  }
}
