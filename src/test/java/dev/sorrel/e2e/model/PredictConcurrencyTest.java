package dev.sorrel.e2e.model;

import static dev.sorrel.e2e.model.ModelTestSupport.asDouble;
import static dev.sorrel.e2e.model.ModelTestSupport.assertClose;
import static dev.sorrel.e2e.model.ModelTestSupport.copyModel;
import static dev.sorrel.e2e.model.ModelTestSupport.exec;
import static dev.sorrel.e2e.model.ModelTestSupport.lit;
import static dev.sorrel.e2e.model.ModelTestSupport.memUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sorrel.e2e.model.ModelTestSupport.Csv;
import dev.sorrel.e2e.model.ModelTestSupport.Fixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several connections scoring the same model at the same time. */
class PredictConcurrencyTest {

  private static final int THREADS = 4;
  private static final int RUNS = 20;

  @TempDir
  Path dir;

  /** One string per row: id, score, label, second-model score, all as exact text. */
  private static List<String> scoreAll(Connection c, String sql) throws Exception {
    final List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      final int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          sb.append(rs.getObject(i)).append('|');
        }
        out.add(sb.toString());
      }
    }
    return out;
  }

  private void run(String url, boolean directory) throws Exception {
    final Csv csv = Fixture.LOGREG.csv();
    final String sql = "SELECT id, PREDICT('lr', " + csv.args() + "), PREDICT_LABEL('lr', "
        + csv.args() + "), PREDICT('rf7', " + csv.args() + "), PREDICT('tips', f0, f1, "
        + "CASE WHEN MOD(id, 3) = 0 THEN 'web' WHEN MOD(id, 3) = 1 THEN 'app' ELSE 'store' END)"
        + " FROM t ORDER BY id";
    // The set-up connection stays open so an in-memory database stays alive.
    try (Connection setup = DriverManager.getConnection(url)) {
      csv.load(setup, "t");
      exec(setup, "CREATE MODEL lr FROM " + lit(copyModel(dir, Fixture.LOGREG)),
          "CREATE MODEL rf7 FROM " + lit(copyModel(dir, Fixture.FOREST)) + " WITH (batch_size = 7)",
          "CREATE MODEL tips FROM " + lit(copyModel(dir, Fixture.TIPS)) + " WITH (batch_size = 5)");
      final List<String> baseline = scoreAll(setup, sql);
      assertEquals(csv.size(), baseline.size());
      // The baseline itself is right.
      try (Statement s = setup.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          final int id = rs.getInt(1);
          assertClose(csv.outputs.get(id - 1)[1], asDouble(rs.getObject(2), "lr"), "lr id " + id);
          if (id <= 200) { // rows 1-200 are the same held-out rows in both CSVs
            assertClose(Fixture.FOREST.csv().outputs.get(id - 1)[1], asDouble(rs.getObject(4), "rf"),
                "rf id " + id);
          }
        }
      }

      final CyclicBarrier start = new CyclicBarrier(THREADS);
      final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        final List<Future<Integer>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          final int thread = t;
          futures.add(pool.submit((Callable<Integer>) () -> {
            try (Connection own = DriverManager.getConnection(url)) {
              start.await(30, TimeUnit.SECONDS);
              for (int r = 0; r < RUNS; r++) {
                final List<String> got = scoreAll(own, sql);
                if (!baseline.equals(got)) {
                  for (int i = 0; i < Math.min(baseline.size(), got.size()); i++) {
                    if (!baseline.get(i).equals(got.get(i))) {
                      throw new AssertionError("thread " + thread + " run " + r + " row " + i
                          + ": expected " + baseline.get(i) + " got " + got.get(i));
                    }
                  }
                  throw new AssertionError("thread " + thread + " run " + r + ": " + got.size()
                      + " rows instead of " + baseline.size());
                }
              }
              return RUNS;
            }
          }));
        }
        int total = 0;
        final List<Throwable> failures = new ArrayList<>();
        for (Future<Integer> f : futures) {
          try {
            total += f.get(240, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            failures.add(e.getCause());
          }
        }
        if (!failures.isEmpty()) {
          final AssertionError error = new AssertionError(failures.size() + " of " + THREADS
              + " threads failed (" + (directory ? "directory" : "in-memory") + " database); first: "
              + failures.get(0));
          failures.forEach(error::addSuppressed);
          throw error;
        }
        assertEquals(THREADS * RUNS, total);
      } finally {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "worker threads ended");
      }
      // Still the same afterwards on the original connection.
      assertEquals(baseline, scoreAll(setup, sql));
    }
  }

  @Test
  @Timeout(300)
  void fourConnectionsScoreInMemoryDatabaseConcurrently() throws Exception {
    run(memUrl("concurrent"), false);
  }

  @Test
  @Timeout(300)
  void fourConnectionsScoreDirectoryDatabaseConcurrently() throws Exception {
    run("jdbc:sorrel:" + dir.resolve("db").toAbsolutePath(), true);
  }
}
