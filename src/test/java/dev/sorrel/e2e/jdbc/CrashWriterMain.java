package dev.sorrel.e2e.jdbc;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Child JVM for {@link CrashTest}: writes rows to {@code CRASH_ROWS} forever,
 * printing each acknowledged id ({@code ACK id}) or batch ({@code BATCH n})
 * after the JDBC call returned, until it is killed. In {@code transaction}
 * mode a batch is a transaction of single-row inserts with autocommit off,
 * acknowledged after {@code commit()} returned; halfway through each it
 * prints {@code OPEN n}, so the parent can kill it with a transaction open.
 *
 * <p>Arguments: database directory, {@code single}, {@code batch} or
 * {@code transaction}, and optionally extra URL options (such as
 * {@code ;sync=true}).
 */
public final class CrashWriterMain {
  static final int BATCH_SIZE = 100;

  private CrashWriterMain() {
  }

  static String payload(long id) {
    final StringBuilder b = new StringBuilder();
    while (b.length() < 200) {
      b.append("row-").append(id).append('.');
    }
    return b.toString();
  }

  static long checksum(long id, long batch, String payload) {
    return payload.hashCode() * 31L + id * 17L + batch;
  }

  public static void main(String[] args) throws Exception {
    final String directory = args[0];
    final boolean batch = args[1].equals("batch");
    final boolean transaction = args[1].equals("transaction");
    final String options = args.length > 2 ? args[2] : "";
    final PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + directory + options)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS CRASH_ROWS (ID BIGINT NOT NULL,"
            + " BATCH_NO BIGINT NOT NULL, PAYLOAD VARCHAR(300) NOT NULL,"
            + " CHECKSUM BIGINT NOT NULL, PRIMARY KEY (ID))");
      }
      long next;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT MAX(ID) FROM CRASH_ROWS")) {
        rs.next();
        next = rs.getLong(1) + 1;
      }
      out.println("READY " + next);
      out.flush();
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO CRASH_ROWS (ID, BATCH_NO, PAYLOAD, CHECKSUM) VALUES (?, ?, ?, ?)")) {
        if (transaction) {
          c.setAutoCommit(false);
        }
        while (true) {
          if (transaction) {
            final long batchNo = (next - 1) / BATCH_SIZE + 1;
            for (int i = 0; i < BATCH_SIZE; i++) {
              set(ps, next + i, batchNo);
              ps.executeUpdate();
              if (i == BATCH_SIZE / 2) {
                out.println("OPEN " + batchNo);
                out.flush();
              }
            }
            c.commit();
            next += BATCH_SIZE;
            out.println("BATCH " + batchNo);
          } else if (batch) {
            final long batchNo = (next - 1) / BATCH_SIZE + 1;
            for (int i = 0; i < BATCH_SIZE; i++) {
              set(ps, next + i, batchNo);
              ps.addBatch();
            }
            ps.executeBatch();
            next += BATCH_SIZE;
            out.println("BATCH " + batchNo);
          } else {
            set(ps, next, 0);
            if (ps.executeUpdate() != 1) {
              throw new IllegalStateException("insert of " + next + " did not count 1 row");
            }
            out.println("ACK " + next);
            next++;
          }
          out.flush();
        }
      }
    }
  }

  private static void set(PreparedStatement ps, long id, long batchNo) throws Exception {
    final String payload = payload(id);
    ps.setLong(1, id);
    ps.setLong(2, batchNo);
    ps.setString(3, payload);
    ps.setLong(4, checksum(id, batchNo, payload));
  }
}
