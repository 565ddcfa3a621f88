package dev.sorrel.e2e.review;

import static dev.sorrel.e2e.review.ReviewSupport.exec;
import static dev.sorrel.e2e.review.ReviewSupport.mem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/** SqlErrors.validationCode classifies by substrings of Calcite's message. */
class SqlErrorsReviewTest {

  /** "Object 'COLUMN_STATS' not found" contains "column" and "not found": 42S22, not 42S02. */
  @Test void missingTableWhoseNameContainsColumnIsReportedAsMissingColumn() throws Exception {
    try (Connection c = mem()) {
      final SQLException e = assertThrows(SQLException.class,
          () -> exec(c, "SELECT * FROM column_stats"));
      assertEquals("42S02", e.getSQLState(), e.getMessage());
    }
  }

  @Test void missingSystemTableWhoseNameContainsColumnIsReportedAsMissingColumn()
      throws Exception {
    try (Connection c = mem()) {
      final SQLException e = assertThrows(SQLException.class,
          () -> exec(c, "SELECT * FROM sys.columnz"));
      assertEquals("42S02", e.getSQLState(), e.getMessage());
    }
  }
}
