package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.Queries.column;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.memory;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A key comparison that narrows a scan to a key range returns exactly the rows the same
 * comparison returns on a full scan: the range never drops a row the filter keeps.
 */
class KeyRangeScanTest {

  /**
   * Keys are stored in code-point (UTF-8) order while SQL compares strings by UTF-16
   * unit, and the two orders differ from U+D800 up: a bound with such characters must
   * not cut rows out of the range.
   */
  @Test void varcharKeyRangeKeepsRowsWhoseUtf16AndCodePointOrdersDiffer() throws Exception {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE t (k VARCHAR PRIMARY KEY, v INT)",
          "INSERT INTO t VALUES ('\uFFFC', 1), ('a', 2), ('\uD83D\uDE00x', 3)");
      final List<Object> fullScan = column(c,
          "SELECT v FROM t WHERE k || '' > '\uD83D\uDE00' ORDER BY v");
      assertEquals(List.of(1, 3), fullScan);
      assertEquals(fullScan, column(c, "SELECT v FROM t WHERE k > '\uD83D\uDE00' ORDER BY v"));
    }
  }

  /** A DECIMAL parameter with more digits than the key's scale is compared as given. */
  @Test void decimalKeyParameterBoundIsComparedWithoutRounding() throws Exception {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE dc (k DECIMAL(10, 2) PRIMARY KEY, v INT)",
          "INSERT INTO dc VALUES (1.25, 1), (1.26, 2), (1.3, 3)");
      try (PreparedStatement ps = c.prepareStatement("SELECT v FROM dc WHERE k > ? ORDER BY v")) {
        ps.setBigDecimal(1, new BigDecimal("1.255"));
        assertEquals(List.of(2, 3), column(ps));
      }
    }
  }

  /**
   * A VARCHAR parameter longer than the key column is a value to compare with, as on a
   * non-key column, not a value to store (which would fail with 22001).
   */
  @Test void varcharKeyParameterLongerThanTheColumnIsCompared() throws Exception {
    try (Connection c = memory()) {
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
