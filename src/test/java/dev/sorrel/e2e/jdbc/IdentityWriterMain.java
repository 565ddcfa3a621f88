package dev.sorrel.e2e.jdbc;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Child JVM for {@link IdentityCrashTest}: inserts rows into a table with an
 * identity column forever, printing each generated value ({@code ACK id})
 * after the JDBC call returned, until it is killed.
 *
 * <p>Arguments: database directory, and {@code batch} to insert ten rows per
 * JDBC batch instead of one per statement.
 */
public final class IdentityWriterMain {
  private IdentityWriterMain() {
  }

  public static void main(String[] args) throws Exception {
    final boolean batch = args.length > 1 && args[1].equals("batch");
    final PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + args[0])) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS IDS (ID BIGINT GENERATED ALWAYS AS IDENTITY"
            + " PRIMARY KEY, PID BIGINT NOT NULL)");
      }
      out.println("READY");
      out.flush();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO IDS (PID) VALUES (?)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setLong(1, ProcessHandle.current().pid());
        while (true) {
          if (batch) {
            for (int i = 0; i < 10; i++) {
              ps.addBatch();
            }
            ps.executeBatch();
          } else {
            ps.executeUpdate();
          }
          try (ResultSet keys = ps.getGeneratedKeys()) {
            while (keys.next()) {
              out.println("ACK " + keys.getLong(1));
            }
          }
          out.flush();
        }
      }
    }
  }
}
