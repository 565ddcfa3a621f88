package dev.sorrel.e2e.jdbc;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * Child JVM for {@link FeatureViewCrashTest}: writes batches of feature rows
 * (each batch one transaction) to feature view {@code FV} forever, printing
 * {@code BATCH n} after each {@code executeBatch} returned, until killed.
 * Row {@code i} is for driver {@code i % DRIVERS}, at event time {@code i}
 * seconds after the epoch, with {@code conv_rate = i}.
 */
public final class FeatureWriterMain {
  static final int BATCH_SIZE = 100;
  static final int DRIVERS = 37;

  private FeatureWriterMain() {
  }

  public static void main(String[] args) throws Exception {
    final PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + args[0])) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE ENTITY IF NOT EXISTS driver (driver_id BIGINT)");
        s.execute("CREATE FEATURE VIEW IF NOT EXISTS fv ENTITY driver (conv_rate DOUBLE)");
      }
      long next;
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM fv")) {
        rs.next();
        next = rs.getLong(1);
      }
      out.println("READY " + next);
      out.flush();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO fv (driver_id,"
          + " event_timestamp, created_timestamp, conv_rate) VALUES (?, ?, ?, ?)")) {
        while (true) {
          final long batchNo = next / BATCH_SIZE;
          for (int i = 0; i < BATCH_SIZE; i++) {
            final long row = next + i;
            ps.setLong(1, row % DRIVERS);
            ps.setTimestamp(2, new Timestamp(row * 1000));
            ps.setTimestamp(3, new Timestamp(row * 1000));
            ps.setDouble(4, row);
            ps.addBatch();
          }
          ps.executeBatch();
          next += BATCH_SIZE;
          out.println("BATCH " + batchNo);
          out.flush();
        }
      }
    }
  }
}
