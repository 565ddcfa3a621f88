package dev.sorrel.e2e.slt;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import net.hydromatic.sqllogictest.ISqlTestOperation;
import net.hydromatic.sqllogictest.OptionsParser;
import net.hydromatic.sqllogictest.SltSqlStatement;
import net.hydromatic.sqllogictest.SltTestFile;
import net.hydromatic.sqllogictest.SqlTestQuery;

import dev.sorrel.e2e.slt.SltFileResult.Problem;

/**
 * Runs sqllogictest files over JDBC, one fresh in-memory database per file.
 *
 * <p>Unlike the JDBC executors that ship with {@code net.hydromatic:sql-logic-test}, a
 * {@code statement ok} that fails is counted and the file goes on: a refused {@code CREATE
 * INDEX} then costs one statement, not the thousand queries after it. The library's parser
 * reads the files (with its {@code skipif}/{@code onlyif} policy, which takes the PostgreSQL
 * variant where a file offers several); results are rendered and compared by
 * {@link SltResult}.
 *
 * <p>Each statement and query has a time limit: past it the runner cancels the statement, and
 * if the statement does not return within a grace period the file is abandoned (its remaining
 * queries count as skipped) and its thread left behind, so one hanging query cannot stop a
 * run of the whole suite.
 */
final class SltRunner {
  private static final Pattern POSITION =
      Pattern.compile("^From line \\d+, column \\d+ to line \\d+, column \\d+: ");
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  private static final Pattern QUOTED = Pattern.compile("'[^']*'");
  private static final long GRACE_SECONDS = 10;

  private final SltEngine engine;
  private final long timeoutSeconds;
  private final int queryStride;
  private final int queryLimit;
  private final ScheduledExecutorService watchdog;
  /** The library's parsing options, its progress messages sent nowhere. */
  private final OptionsParser.SuppliedOptions options = quietOptions();

  /**
   * @param engine the database to run on
   * @param timeoutSeconds the time one statement or query may take before it is canceled
   * @param queryStride 1 to run every query; n to run the first query of a file and every
   *     n-th after it (all statements always run, so the data is the file's)
   * @param queryLimit 0 for all of a file's queries, n for its first n only (the statements
   *     after the n-th query are not run either)
   */
  SltRunner(SltEngine engine, long timeoutSeconds, int queryStride, int queryLimit) {
    if (queryStride < 1 || queryLimit < 0) {
      throw new IllegalArgumentException("query stride " + queryStride + ", limit "
          + queryLimit);
    }
    this.queryLimit = queryLimit;
    this.engine = engine;
    this.timeoutSeconds = timeoutSeconds;
    this.queryStride = queryStride;
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      final Thread t = new Thread(r, "slt-watchdog");
      t.setDaemon(true);
      return t;
    });
  }

  /** Options that send the library's progress messages nowhere. */
  private static OptionsParser.SuppliedOptions quietOptions() {
    final PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    return new OptionsParser(false, nowhere, nowhere).getOptions();
  }

  /** Parses one file of the suite, e.g. {@code select1.test}. */
  SltTestFile parse(String file) throws IOException {
    final SltTestFile test = new SltTestFile(SltFiles.RESOURCE_ROOT + file);
    test.parse(options);
    return test;
  }

  /** Runs one file of the suite on a fresh database of this runner's engine. */
  SltFileResult run(String file) throws IOException, SQLException {
    final SltTestFile test = parse(file);
    final long start = System.nanoTime();
    final CompletableFuture<SltFileResult> result = new CompletableFuture<>();
    final int considered = queryLimit == 0 ? test.getTestCount()
        : Math.min(queryLimit, test.getTestCount());
    final Counts counts = new Counts((considered + queryStride - 1) / queryStride);
    final Thread worker = new Thread(() -> {
      try {
        runAll(test, counts);
        result.complete(counts.result(file, start));
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }, "slt-" + file);
    worker.setDaemon(true);
    worker.start();
    final long stuckNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds + GRACE_SECONDS);
    try {
      while (true) {
        try {
          return result.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          // The watchdog cancels a slow statement; a statement that ignores the cancel
          // can only be left behind, with its file.
          synchronized (counts) {
            if (counts.current != null && System.nanoTime() - counts.operationStart > stuckNanos) {
              counts.abandoned = true;
              counts.add(counts.current.isQuery, Outcome.failure("timeout: did not stop "
                  + GRACE_SECONDS + " s after its cancel; rest of file skipped",
                  "did not stop after cancel"), counts.current.sql);
              return counts.result(file, start);
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + file, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new IllegalStateException(file + " failed", e.getCause());
    }
  }

  private void runAll(SltTestFile test, Counts counts) throws SQLException {
    try (Connection connection = engine.freshDatabase()) {
      int queryOrdinal = 0;
      for (ISqlTestOperation operation : test.fileContents) {
        final Operation current;
        if (operation instanceof SltSqlStatement statement) {
          current = new Operation(false, statement.statement);
        } else if (queryLimit > 0 && queryOrdinal >= queryLimit) {
          break;
        } else if (queryOrdinal++ % queryStride == 0) {
          current = new Operation(true, ((SqlTestQuery) operation).getQuery());
        } else {
          continue;
        }
        synchronized (counts) {
          if (counts.abandoned) {
            return;
          }
          counts.current = current;
          counts.operationStart = System.nanoTime();
        }
        final Outcome outcome = operation instanceof SltSqlStatement statement
            ? statement(connection, statement)
            : query(connection, (SqlTestQuery) operation);
        synchronized (counts) {
          if (counts.abandoned) {
            return;
          }
          counts.add(current.isQuery, outcome, current.sql);
        }
      }
    }
  }

  private Outcome statement(Connection connection, SltSqlStatement statement) {
    try (Statement s = connection.createStatement()) {
      final Outcome outcome = timed(s, () -> {
        s.execute(statement.statement);
        return null;
      });
      if (outcome != null) {
        return statement.shouldPass ? outcome : Outcome.OK;
      }
      return statement.shouldPass ? Outcome.OK
          : Outcome.failure("statement succeeded but should have failed",
              "statement succeeded but should have failed");
    } catch (SQLException e) {
      return statement.shouldPass ? Outcome.of(e) : Outcome.OK;
    }
  }

  private Outcome query(Connection connection, SqlTestQuery query) {
    final String types = query.outputDescription.columnTypes;
    try (Statement s = connection.createStatement()) {
      final Outcome outcome = timed(s, () -> {
        try (ResultSet rs = s.executeQuery(query.getQuery())) {
          SltResult.read(rs, types).check(query.outputDescription);
        }
        return null;
      });
      return outcome == null ? Outcome.OK : outcome;
    } catch (SQLException e) {
      return Outcome.of(e);
    } catch (SltResult.MismatchException e) {
      return Outcome.failure(group(e.getMessage()), e.getMessage());
    } catch (RuntimeException e) {
      return Outcome.failure("driver threw " + e.getClass().getName() + ": "
          + group(String.valueOf(e.getMessage())), String.valueOf(e));
    }
  }

  /** A JDBC call that may throw. */
  private interface Call {
    Void run() throws SQLException;
  }

  /**
   * Runs a call with the watchdog armed: past the time limit the statement is canceled.
   * Returns null if the call completed in time, a timeout outcome if it was canceled, and
   * rethrows its exception otherwise.
   */
  private Outcome timed(Statement statement, Call call) throws SQLException {
    final long started = System.nanoTime();
    final ScheduledFuture<?> cancel = watchdog.schedule(() -> {
      try {
        statement.cancel();
      } catch (SQLException | RuntimeException ignored) {
        // the statement finished or cannot be canceled; the file deadline remains
      }
    }, timeoutSeconds, TimeUnit.SECONDS);
    try {
      call.run();
      return null;
    } catch (SQLException e) {
      final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      if (seconds >= timeoutSeconds) {
        return Outcome.failure("timeout: canceled after " + timeoutSeconds + " s",
            e.getMessage());
      }
      throw e;
    } finally {
      cancel.cancel(false);
    }
  }

  /**
   * The group of a message in the summary: SQLState and message without positions,
   * numbers and quoted names, cut to one line.
   */
  static String group(String message) {
    String m = message == null ? "" : message.lines().findFirst().orElse("");
    m = POSITION.matcher(m).replaceFirst("");
    m = QUOTED.matcher(m).replaceAll("'…'");
    m = NUMBER.matcher(m).replaceAll("N");
    return m.length() > 160 ? m.substring(0, 160) + "…" : m;
  }

  /** Stops the watchdog thread. */
  void close() {
    watchdog.shutdownNow();
  }

  /** The statement or query a file is at. */
  private record Operation(boolean isQuery, String sql) {
  }

  /** How one statement or query ended. */
  private record Outcome(boolean ok, String group, String message) {
    static final Outcome OK = new Outcome(true, null, null);

    static Outcome failure(String group, String message) {
      return new Outcome(false, group, message);
    }

    static Outcome of(SQLException e) {
      final String state = e.getSQLState() == null ? "?????" : e.getSQLState();
      return failure(state + " " + SltRunner.group(e.getMessage()), state + " " + e.getMessage());
    }
  }

  /** Running totals of one file, shared between its worker and the waiting thread. */
  private static final class Counts {
    final int queries;
    int passed;
    int failed;
    int statements;
    int statementsFailed;
    boolean abandoned;
    Operation current;
    long operationStart;
    final List<Problem> problems = new ArrayList<>();

    Counts(int queries) {
      this.queries = queries;
    }

    void add(boolean isQuery, Outcome outcome, String sql) {
      if (isQuery) {
        if (outcome.ok) {
          passed++;
        } else {
          failed++;
        }
      } else {
        statements++;
        if (!outcome.ok) {
          statementsFailed++;
        }
      }
      if (!outcome.ok) {
        problems.add(new Problem((isQuery ? "query: " : "statement: ") + outcome.group,
            outcome.message, sql));
      }
    }

    SltFileResult result(String file, long start) {
      return new SltFileResult(file, queries, passed, failed, queries - passed - failed,
          statements, statementsFailed, List.copyOf(problems),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
  }

}
