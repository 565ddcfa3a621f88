package dev.sorrel.e2e.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Child JVM for {@link LockTest}: opens a database directory, writes one row,
 * prints {@code OPEN}, and holds the connection until killed.
 */
public final class LockHolderMain {
  private LockHolderMain() {
  }

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + args[0])) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE HELD (ID INTEGER NOT NULL, NOTE VARCHAR(20), PRIMARY KEY (ID))");
        s.executeUpdate("INSERT INTO HELD VALUES (1, 'written by holder')");
      }
      System.out.println("OPEN");
      System.out.flush();
      Thread.sleep(600_000);
    }
  }
}
