package dev.sorrel.e2e.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;

/** JDBC 4.2: java.time values bind with setObject, as the same wall-clock values. */
class JavaTimeParametersTest {
  @Test void setObjectTakesJavaTimeValues() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:mem:java-time");
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP, d DATE, tm TIME)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?)")) {
        ps.setInt(1, 1);
        ps.setObject(2, LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6_000_000));
        ps.setObject(3, LocalDate.of(2026, 1, 2));
        ps.setObject(4, LocalTime.of(7, 8, 9));
        assertEquals(1, ps.executeUpdate());
      }
      try (ResultSet rs = s.executeQuery("SELECT id FROM t WHERE ts = TIMESTAMP"
          + " '2026-01-02 03:04:05.006' AND d = DATE '2026-01-02' AND tm = TIME '07:08:09'")) {
        assertTrue(rs.next());
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM t WHERE ts < ?")) {
        ps.setObject(1, LocalDateTime.of(2026, 1, 3, 0, 0));
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
        }
      }
    }
  }
}
