package dev.sorrel.e2e.review;

import static dev.sorrel.e2e.review.ReviewSupport.column;
import static dev.sorrel.e2e.review.ReviewSupport.exec;
import static dev.sorrel.e2e.review.ReviewSupport.mem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import org.junit.jupiter.api.Test;

/** KeyAccessRule / ScanPlan: a pushed-down key range must never drop rows the filter keeps. */
class KeyAccessReviewTest {

  /** Key order is UTF-8 (code point) order, Calcite's '>' is String.compareTo (UTF-16) order. */
  @Test void varcharKeyRangeDropsRowsWhoseUtf16OrderDiffersFromUtf8Order() throws Exception {
    try (Connection c = mem()) {
      exec(c, "CREATE TABLE t (k VARCHAR PRIMARY KEY, v INT)",
          "INSERT INTO t VALUES ('\uFFFC', 1), ('a', 2), ('\uD83D\uDE00x', 3)");
      final List<Object> fullScan = column(c,
          "SELECT v FROM t WHERE k || '' > '\uD83D\uDE00' ORDER BY v");
      assertEquals(List.of(1, 3), fullScan);
      assertEquals(fullScan, column(c, "SELECT v FROM t WHERE k > '\uD83D\uDE00' ORDER BY v"));
    }
  }

  /** A DECIMAL key bound given as a parameter is rounded to the column's scale. */
  @Test void decimalKeyParameterBoundIsRoundedAndDropsRows() throws Exception {
    try (Connection c = mem()) {
      exec(c, "CREATE TABLE dc (k DECIMAL(10, 2) PRIMARY KEY, v INT)",
          "INSERT INTO dc VALUES (1.25, 1), (1.26, 2), (1.3, 3)");
      try (PreparedStatement ps = c.prepareStatement("SELECT v FROM dc WHERE k > ? ORDER BY v")) {
        ps.setBigDecimal(1, new BigDecimal("1.255"));
        assertEquals(List.of(2, 3), column(ps));
      }
    }
  }

  /** A too-long VARCHAR parameter on a key comparison is an error (22001) in a SELECT. */
  @Test void varcharKeyParameterLongerThanColumnFailsSelect() throws Exception {
    try (Connection c = mem()) {
      exec(c, "CREATE TABLE s (k VARCHAR(3) PRIMARY KEY, v INT, w VARCHAR(3))",
          "INSERT INTO s VALUES ('abc', 1, 'abc'), ('b', 2, 'b')");
      try (PreparedStatement ps = c.prepareStatement("SELECT v FROM s WHERE w < ? ORDER BY v")) {
        ps.setString(1, "zzzz");
        assertEquals(List.of(1, 2), column(ps), "same comparison on a non-key column");
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT v FROM s WHERE k < ? ORDER BY v")) {
        ps.setString(1, "zzzz");
        assertEquals(List.of(1, 2), column(ps));
      }
    }
  }
}
