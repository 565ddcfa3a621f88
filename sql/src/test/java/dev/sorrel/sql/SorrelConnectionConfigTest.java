package dev.sorrel.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.junit.jupiter.api.Test;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/** A connection's configuration: Calcite's, with what Sorrel adds, read once. */
class SorrelConnectionConfigTest {
  @Test void arithmeticIsCheckedAndPredictIsAnOperator() {
    try (Database db = Database.openInMemory("config-operators")) {
      final SorrelConnectionConfig config = new SorrelConnectionConfig(new Properties(), db);
      assertTrue(config.conformance().checkedArithmetic());
      final SqlOperatorTable operators =
          config.fun(SqlOperatorTable.class, SqlStdOperatorTable.instance());
      assertNotNull(lookup(operators, "PREDICT"), "PREDICT");
      assertNotNull(lookup(operators, "PREDICT_PROBA"), "PREDICT_PROBA");
      assertNotNull(lookup(operators, "UPPER"), "the standard operators stay");
      assertEquals(SorrelConnectionConfig.DEFAULT_PREDICT_BATCH_SIZE, config.predictBatchSize());
    }
  }

  @Test void predictBatchSizeIsAPositiveInteger() {
    try (Database db = Database.openInMemory("config-batch")) {
      final Properties properties = new Properties();
      properties.setProperty(SorrelConnectionConfig.PREDICT_BATCH_SIZE, " 16 ");
      assertEquals(16, new SorrelConnectionConfig(properties, db).predictBatchSize());
      for (String bad : List.of("0", "-1", "many")) {
        properties.setProperty(SorrelConnectionConfig.PREDICT_BATCH_SIZE, bad);
        final SorrelException e = assertThrows(SorrelException.class,
            () -> new SorrelConnectionConfig(properties, db));
        assertEquals(ErrorCode.CONNECTION_FAILURE, e.code(), e.getMessage());
      }
    }
  }

  private static SqlOperator lookup(SqlOperatorTable operators, String name) {
    final List<SqlOperator> found = new ArrayList<>();
    operators.lookupOperatorOverloads(new SqlIdentifier(name, SqlParserPos.ZERO),
        SqlFunctionCategory.USER_DEFINED_FUNCTION, SqlSyntax.FUNCTION, found,
        SqlNameMatchers.withCaseSensitive(false));
    return found.isEmpty() ? null : found.get(0);
  }
}
