package dev.sorrel.e2e.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Child JVM for {@link StreamingPlansTest}, run with a small heap: opens a database directory,
 * reads every row of one query and prints {@code ROWS <count> FIRST_MS <ms>} (the time from
 * executing the query to its first row), or dies of the heap running out.
 */
public final class LargeReadMain {
  private LargeReadMain() {
  }

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + args[0]);
         Statement s = c.createStatement()) {
      // Plan first (the plan is cached by its text): the first row then times execution alone.
      c.prepareStatement(args[1]).close();
      final long start = System.nanoTime();
      long rows = 0;
      double firstMillis = -1;
      try (ResultSet rs = s.executeQuery(args[1])) {
        while (rs.next()) {
          if (rows++ == 0) {
            firstMillis = (System.nanoTime() - start) / 1e6;
          }
          rs.getObject(1);
        }
      }
      System.out.printf("ROWS %d FIRST_MS %.1f%n", rows, firstMillis);
    }
  }
}
