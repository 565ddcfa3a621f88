package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.assertSqlState;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.memory;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code EXPERIMENT_RESULTS} over outcomes of many batches: a worker hashes
 * and accumulates one batch while the next is read, and the figures are
 * still those of the units taken one by one, whatever the unit type; a unit
 * repeated batches apart is still found.
 */
class ExperimentResultsBatchesTest {
  private static final int UNITS = 10_000;

  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection = memory();
    exec(connection, "CREATE EXPERIMENT e (control WEIGHT 40, treatment WEIGHT 35,"
            + " other WEIGHT 25)",
        "CREATE EXPERIMENT g (control WEIGHT 50, treatment WEIGHT 50) HASH 'fnv1a'",
        "CREATE TABLE o (id INTEGER PRIMARY KEY, num BIGINT, name VARCHAR(30),"
            + " revenue DOUBLE, pre DOUBLE)");
    final Random random = new Random(7);
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO o VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 0; i < UNITS; i++) {
        insert.setInt(1, i);
        insert.setLong(2, 1_000_003L * i - 7_000_000_000L);
        insert.setString(3, (i % 5 == 0 ? "usér-" : "user-") + i);
        final double pre = 20 + 5 * random.nextGaussian();
        if (i % 997 == 0) {
          insert.setNull(4, java.sql.Types.DOUBLE);
        } else {
          insert.setDouble(4, 3 + 0.7 * pre + random.nextGaussian());
        }
        if (i % 101 == 0) {
          insert.setNull(5, java.sql.Types.DOUBLE);
        } else {
          insert.setDouble(5, pre);
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void figuresOfManyBatchesEqualTheAggregatesOfAssignVariant() throws SQLException {
    for (String experiment : List.of("e", "g")) {
      for (String unit : List.of("num", "name")) {
        for (boolean covariate : List.of(false, true)) {
          final String where = "revenue IS NOT NULL" + (covariate ? " AND pre IS NOT NULL" : "");
          final List<List<Object>> expected = rows(connection, "SELECT ASSIGN_VARIANT('"
              + experiment + "', " + unit + ") AS v, COUNT(*), AVG(revenue),"
              + " STDDEV_SAMP(revenue) FROM o WHERE " + where + " GROUP BY ASSIGN_VARIANT('"
              + experiment + "', " + unit + ") ORDER BY v");
          final List<List<Object>> actual = rows(connection, "SELECT variant, n, mean, stddev"
              + " FROM TABLE(EXPERIMENT_RESULTS('" + experiment + "', CURSOR(SELECT " + unit
              + ", revenue" + (covariate ? ", pre" : "") + " FROM o))) ORDER BY variant");
          final String what = experiment + " " + unit + (covariate ? " with pre" : "");
          assertEquals(expected.size(), actual.size(), what);
          long total = 0;
          for (int r = 0; r < expected.size(); r++) {
            assertEquals(expected.get(r).get(0), actual.get(r).get(0), what);
            assertEquals(expected.get(r).get(1), actual.get(r).get(1), what);
            total += (Long) actual.get(r).get(1);
            for (int f = 2; f < 4; f++) {
              final double want = ((Number) expected.get(r).get(f)).doubleValue();
              final double got = ((Number) actual.get(r).get(f)).doubleValue();
              assertEquals(want, got, 1e-9 * Math.abs(want), what + " column " + f);
            }
          }
          assertEquals(((Number) rows(connection, "SELECT COUNT(*) FROM o WHERE " + where)
              .get(0).get(0)).longValue(), total, what);
        }
      }
    }
  }

  @Test
  void aUnitRepeatedBatchesLaterIsRefused() throws SQLException {
    exec(connection, "UPDATE o SET name = 'user-12', num = 7 WHERE id = 9000");
    SQLException e = assertSqlState(SQLDataException.class, "21000", () -> rows(connection,
        "SELECT * FROM TABLE(EXPERIMENT_RESULTS('e', CURSOR(SELECT name, revenue FROM o)))"));
    assertTrue(e.getMessage().contains("unit user-12 appears on more than one row"),
        e.getMessage());
    exec(connection, "UPDATE o SET num = 7 WHERE id = 3");
    e = assertSqlState(SQLDataException.class, "21000", () -> rows(connection,
        "SELECT * FROM TABLE(EXPERIMENT_RESULTS('g', CURSOR(SELECT num, revenue FROM o)))"));
    assertTrue(e.getMessage().contains("unit 7 appears"), e.getMessage());
    // The connection is still usable, and the results once the units are unique again.
    exec(connection, "DELETE FROM o WHERE id = 9000");
    assertEquals(List.of(List.of((long) UNITS - 1 - (UNITS + 996) / 997)), rows(connection,
        "SELECT SUM(n) FROM TABLE(EXPERIMENT_RESULTS('e', CURSOR(SELECT name, revenue"
            + " FROM o)))"));
  }
}
