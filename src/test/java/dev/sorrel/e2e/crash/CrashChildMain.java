package dev.sorrel.e2e.crash;

import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.StringJoiner;

/**
 * The child JVM of the crash suite: opens the database embedded, rebuilds the state it must be
 * in from the side log, then runs the workload's operations one after another until it is
 * killed, logging each before it starts and after it was acknowledged (see {@link CrashLog}).
 *
 * <p>Arguments: database directory, work directory (side log and load files), seed, round.
 * Prints {@code READY} once the database is open. An operation that fails is logged with
 * {@code E} and ends the process with status 3.
 */
public final class CrashChildMain {
  /** Database options of the child: small enough that background segment builds happen. */
  static final String OPTIONS = ";segment_min_rows=5000";

  private final Connection connection;
  private final Path files;
  private Connection scratch;

  private CrashChildMain(Connection connection, Path files) {
    this.connection = connection;
    this.files = files;
  }

  public static void main(String[] args) throws Exception {
    final Path db = Path.of(args[0]);
    final Path work = Path.of(args[1]);
    final long seed = Long.parseLong(args[2]);
    final int round = Integer.parseInt(args[3]);
    try {
      write(db, work, seed, round, Long.MAX_VALUE);
    } catch (SQLException | RuntimeException e) {
      e.printStackTrace();
      System.exit(3);
    }
  }

  /**
   * Runs {@code statements} operations of the workload of a round (until killed, for
   * {@link Long#MAX_VALUE}), each logged to the side log before it runs and acknowledged
   * after; a statement that fails is logged ({@code E seq message}) and thrown.
   */
  static void write(Path db, Path work, long seed, int round, long statements)
      throws Exception {
    final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    final Path files = work.resolve("files");
    Files.createDirectories(files);
    // load files a killed child left behind
    try (var stale = Files.list(files)) {
      for (Path file : (Iterable<Path>) stale::iterator) {
        Files.delete(file);
      }
    }
    try (CrashLog log = new CrashLog(work.resolve(CrashSuite.SIDE_LOG))) {
      final CrashLog.Replay replay = CrashLog.read(work.resolve(CrashSuite.SIDE_LOG));
      final CrashModel model = replay.model();
      final CrashWorkload workload = new CrashWorkload(seed * 1_000_003L + round, model,
          replay.nextSeq, replay.nextId);
      log.append("K " + round);
      try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + db + OPTIONS)) {
        final CrashChildMain child = new CrashChildMain(c, files);
        try {
          child.warmUp();
          out.println("READY");
          for (long n = 0; n < statements; n++) {
            final CrashOp op = workload.next();
            child.prepare(op);
            log.append("S " + op.seq() + " " + op.format());
            try {
              child.run(op);
            } catch (SQLException | RuntimeException e) {
              log.append("E " + op.seq() + " " + (e.getMessage() + " ["
                  + (e instanceof SQLException s ? s.getSQLState()
                      : e.getClass().getSimpleName()) + "]").replace('\n', ' '));
              throw e;
            }
            log.append("A " + op.seq());
            model.apply(op);
            child.cleanUp(op);
          }
        } finally {
          if (child.scratch != null) {
            child.scratch.close();
          }
        }
      }
    }
  }

  /**
   * Plans and runs each kind of row statement once in a scratch in-memory database, so that
   * the kill delay is spent writing rather than loading the planner's classes.
   */
  private void warmUp() throws SQLException {
    try (Statement s = scratch().createStatement()) {
      s.execute("CREATE TABLE W (id BIGINT PRIMARY KEY, v BIGINT, s VARCHAR(40))");
      s.execute("INSERT INTO W (id, v, s) VALUES (1, 1, 'w'), (2, 2, 'w')");
      s.execute("UPDATE W SET v = v + 1, s = 'x' WHERE id BETWEEN 1 AND 2");
      s.execute("DELETE FROM W WHERE id BETWEEN 1 AND 1");
      s.executeQuery("SELECT COUNT(*) FROM W").close();
      s.execute("DROP TABLE W");
    }
    try (Statement s = connection.createStatement()) {
      s.executeQuery("SELECT COUNT(*) FROM SYS.TABLES").close();
    }
  }

  private Connection scratch() throws SQLException {
    if (scratch == null) {
      scratch = DriverManager.getConnection("jdbc:sorrel:mem:crash_scratch");
    }
    return scratch;
  }

  /** Writes the file a COPY reads, before the operation is logged as started. */
  private void prepare(CrashOp op) throws Exception {
    if (op.kind() != CrashOp.Kind.COPYCSV && op.kind() != CrashOp.Kind.COPYPQ
        && op.kind() != CrashOp.Kind.COPYAR) {
      return;
    }
    final Path csv = files.resolve(op.seq() + ".csv");
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write("id,v,s\n");
      for (long id = op.longArg(1); id < op.longArg(2); id++) {
        w.write(id + "," + id + ",c" + op.seq() + "\n");
      }
    }
    if (op.kind() != CrashOp.Kind.COPYCSV) {
      // Parquet and Arrow files are written by Sorrel itself, through an in-memory database.
      try (Statement s = scratch().createStatement()) {
        s.execute("DROP TABLE IF EXISTS P");
        s.execute("CREATE TABLE P (id BIGINT PRIMARY KEY, v BIGINT, s VARCHAR(40))");
        s.execute("COPY P FROM '" + csv + "' WITH (header = true)");
        s.execute("COPY P TO '" + files.resolve(op.seq()
            + (op.kind() == CrashOp.Kind.COPYPQ ? ".parquet" : ".arrow")) + "'");
      }
      Files.delete(csv);
    }
  }

  private void cleanUp(CrashOp op) throws Exception {
    Files.deleteIfExists(files.resolve(op.seq() + ".csv"));
    Files.deleteIfExists(files.resolve(op.seq() + ".parquet"));
    Files.deleteIfExists(files.resolve(op.seq() + ".arrow"));
  }

  private void run(CrashOp op) throws SQLException {
    final long seq = op.seq();
    switch (op.kind()) {
      case INS, UPD, DEL, MERGE, UPSERT -> execute(dml(op));
      case SPTX -> {
        connection.setAutoCommit(false);
        try {
          final int kept = Integer.parseInt(op.arg(1));
          Savepoint savepoint = null;
          for (int i = 0; i < op.parts().size(); i++) {
            if (i == kept) {
              savepoint = connection.setSavepoint("crash_sp");
            }
            execute(dml(op.parts().get(i)));
          }
          if (savepoint != null) {
            connection.rollback(savepoint);
          }
          if (op.arg(0).equals("C")) {
            connection.commit();
          } else {
            connection.rollback();
          }
        } finally {
          connection.setAutoCommit(true);
        }
      }
      case TX -> {
        connection.setAutoCommit(false);
        try {
          for (CrashOp part : op.parts()) {
            execute(dml(part));
          }
          if (op.arg(0).equals("C")) {
            connection.commit();
          } else {
            connection.rollback();
          }
        } finally {
          connection.setAutoCommit(true);
        }
      }
      case BATCH -> {
        try (PreparedStatement ps = connection.prepareStatement(
            "INSERT INTO " + op.arg(0) + " (id, v, s) VALUES (?, ?, ?)")) {
          for (long id : op.ids()) {
            ps.setLong(1, id);
            ps.setLong(2, id);
            ps.setString(3, "b" + seq);
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      case COPYCSV -> execute("COPY " + op.arg(0) + " FROM '" + files.resolve(seq + ".csv")
          + "' WITH (header = true)");
      case COPYPQ -> execute("COPY " + op.arg(0) + " FROM '" + files.resolve(seq + ".parquet")
          + "'");
      case COPYAR -> execute("COPY " + op.arg(0) + " FROM '" + files.resolve(seq + ".arrow")
          + "'");
      case CTAB -> execute("CREATE TABLE " + op.arg(0)
          + " (id BIGINT PRIMARY KEY, v BIGINT, s VARCHAR(40))");
      case DTAB -> execute("DROP TABLE " + op.arg(0));
      case COMPACT -> execute("ALTER TABLE " + op.arg(0) + " COMPACT");
      case CIDX -> execute("CREATE INDEX " + op.arg(0) + " ON " + op.arg(1) + " (v)");
      case DIDX -> execute("DROP INDEX " + op.arg(0));
      case CVIEW -> execute("CREATE VIEW " + op.arg(0) + " AS SELECT id, v FROM " + op.arg(1));
      case DVIEW -> execute("DROP VIEW " + op.arg(0));
      case CENT -> execute("CREATE ENTITY " + op.arg(0) + " (id BIGINT)");
      case DENT -> execute("DROP ENTITY " + op.arg(0));
      case CFV -> execute("CREATE FEATURE VIEW " + op.arg(0) + " ENTITY " + op.arg(1)
          + " (x DOUBLE)");
      case FVINS -> {
        final StringJoiner values = new StringJoiner(", ");
        for (long id : op.ids()) {
          values.add("(" + id + ", " + CrashModel.EVENT_TIME + ", " + seq + ".0E0)");
        }
        execute("INSERT INTO " + op.arg(0) + " (id, event_timestamp, x) VALUES " + values);
      }
      case CDFV -> execute("CREATE FEATURE VIEW " + op.arg(0) + " ENTITY " + op.arg(1)
          + " AS SELECT id, " + CrashModel.EVENT_TIME + " AS event_timestamp,"
          + " CAST(v AS DOUBLE) AS x FROM " + op.arg(2));
      case REFRESH -> execute("REFRESH FEATURE VIEW " + op.arg(0));
      case DFV -> execute("DROP FEATURE VIEW " + op.arg(0));
      case CMODEL -> execute("CREATE MODEL " + op.arg(0) + " FROM '"
          + CrashFixtures.path(op.arg(1)) + "'");
      case AMODEL -> execute("ALTER MODEL " + op.arg(0) + " ADD VERSION FROM '"
          + CrashFixtures.path(op.arg(1)) + "'");
      case DMODEL -> execute("DROP MODEL " + op.arg(0));
      case CEXP -> execute("CREATE EXPERIMENT " + op.arg(0) + " (a WEIGHT 50, b WEIGHT 50)");
      case XSTART -> execute("ALTER EXPERIMENT " + op.arg(0) + " START");
      case XSTOP -> execute("ALTER EXPERIMENT " + op.arg(0) + " STOP");
      case DEXP -> execute("DROP EXPERIMENT " + op.arg(0));
      case CMON -> execute("CREATE MONITOR " + op.arg(0)
          + " ON REFT (v) REFERENCE AS SELECT v FROM REFT");
      case CHECK -> execute("CHECK MONITOR " + op.arg(0) + " WHERE id >= " + op.arg(1));
      case DMON -> execute("DROP MONITOR " + op.arg(0));
      case RSTART -> execute("START RUN '" + op.arg(0) + "' IN PROJECT CRASH");
      case RPARAM -> execute("LOG PARAM '" + op.arg(1) + "' = " + seq);
      case REND -> execute("END RUN");
      case ALIAS -> execute("ALTER MODEL " + op.arg(0) + " SET ALIAS " + op.arg(1) + " = "
          + op.arg(2));
      case FVTTL -> execute("ALTER FEATURE VIEW " + op.arg(0) + " SET TTL INTERVAL '"
          + op.arg(1) + "' DAY");
      case FVCOMPACT -> execute("ALTER FEATURE VIEW " + op.arg(0) + " COMPACT");
      case REFRESHI -> execute("REFRESH FEATURE VIEW " + op.arg(0) + " INCREMENTAL");
    }
  }

  private static String dml(CrashOp op) {
    final String table = op.arg(0);
    switch (op.kind()) {
      case INS -> {
        final StringJoiner values = new StringJoiner(", ");
        for (long id : op.ids()) {
          values.add("(" + id + ", " + id + ", 'i" + op.seq() + "')");
        }
        return "INSERT INTO " + table + " (id, v, s) VALUES " + values;
      }
      case UPD -> {
        return "UPDATE " + table + " SET v = v + 1, s = 'u" + op.seq() + "' WHERE id BETWEEN "
            + op.arg(1) + " AND " + op.arg(2);
      }
      case DEL -> {
        return "DELETE FROM " + table + " WHERE id BETWEEN " + op.arg(1) + " AND " + op.arg(2);
      }
      case MERGE -> {
        final StringJoiner ids = new StringJoiner(", ");
        for (long id : op.ids()) {
          ids.add("(" + id + ")");
        }
        return "MERGE INTO " + table + " t USING (VALUES " + ids + ") AS src (id) ON t.id ="
            + " src.id WHEN MATCHED THEN UPDATE SET v = t.v + 1, s = 'm" + op.seq() + "'"
            + " WHEN NOT MATCHED THEN INSERT (id, v, s) VALUES (src.id, src.id, 'm" + op.seq()
            + "')";
      }
      case UPSERT -> {
        final StringJoiner values = new StringJoiner(", ");
        for (long id : op.ids()) {
          values.add("(" + id + ", " + id + ", 'p" + op.seq() + "')");
        }
        return "INSERT INTO " + table + " (id, v, s) VALUES " + values
            + " ON CONFLICT (id) DO UPDATE SET v = v + 1, s = EXCLUDED.s";
      }
      case TX, BATCH, COPYCSV, COPYPQ, CTAB, DTAB, COMPACT, CIDX, DIDX, CVIEW, DVIEW, CENT, DENT,
          CFV, FVINS, CDFV, REFRESH, DFV, CMODEL, AMODEL, DMODEL, CEXP, XSTART, XSTOP, DEXP,
          CMON, CHECK, DMON, RSTART, RPARAM, REND, COPYAR, SPTX, ALIAS, FVTTL, FVCOMPACT,
          REFRESHI ->
        throw new IllegalArgumentException("not a row statement: " + op);
    }
    throw new AssertionError(op);
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }
}
