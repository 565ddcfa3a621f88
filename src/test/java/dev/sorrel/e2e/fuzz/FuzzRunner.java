package dev.sorrel.e2e.fuzz;

import java.io.PrintStream;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;

/**
 * Runs fuzz cases one at a time on a worker thread under a watchdog, and judges how each
 * ended: success, a clean error (a SQLException with a proper SQLState other than XX000, or a
 * Flight status other than INTERNAL/UNKNOWN), or a failure (anything else, a wrong answer
 * reported by an oracle, or no end before the watchdog's timeout). Keeps the figures.
 */
final class FuzzRunner implements AutoCloseable {
  /** A statement's own timeout, in seconds ({@link Statement#setQueryTimeout}). */
  static final int STATEMENT_TIMEOUT_SECONDS = 20;
  /** How long the watchdog waits for a case, beyond which it counts as a hang. */
  static final long WATCHDOG_SECONDS = 60;

  /** How one case ended; {@code value} is set on success, {@code error} on a clean error. */
  record Attempt<T>(T value, Exception error, boolean failed) {
    boolean succeeded() {
      return !failed && error == null;
    }
  }

  /** The figures of one class of case. */
  static final class Tally {
    long cases;
    long successes;
    long cleanErrors;
    long failures;
    long oracleChecks;
    long oracleSkipped;
    final Map<String, Long> states = new TreeMap<>();
  }

  private final PrintStream out;
  private final long caseLimit;
  private final EnumMap<FuzzClass, Tally> tallies = new EnumMap<>(FuzzClass.class);
  private final List<String> failures = new ArrayList<>();
  private ExecutorService worker = newWorker();
  private volatile Statement current;
  private long cases;

  FuzzRunner(PrintStream out, long caseLimit) {
    this.out = out;
    this.caseLimit = caseLimit;
    for (FuzzClass c : FuzzClass.values()) {
      tallies.put(c, new Tally());
    }
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      final Thread t = new Thread(r, "fuzz-case");
      t.setDaemon(true);
      return t;
    });
  }

  /** Whether the run has used up its cases. */
  boolean done() {
    return cases >= caseLimit;
  }

  long cases() {
    return cases;
  }

  Tally tally(FuzzClass c) {
    return tallies.get(c);
  }

  List<String> failures() {
    return failures;
  }

  /** Registers the statement a running case waits on, so that a hang can be cancelled. */
  void watch(Statement statement) throws SQLException {
    statement.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
    current = statement;
  }

  /** Runs one case and judges how it ended. */
  <T> Attempt<T> attempt(FuzzClass cls, String what, Callable<T> body) {
    cases++;
    final Tally tally = tallies.get(cls);
    tally.cases++;
    current = null;
    final Future<T> future = worker.submit(body);
    Throwable thrown;
    try {
      final T value = future.get(WATCHDOG_SECONDS, TimeUnit.SECONDS);
      tally.successes++;
      return new Attempt<>(value, null, false);
    } catch (ExecutionException e) {
      thrown = e.getCause();
    } catch (TimeoutException e) {
      hang(cls, what, future);
      return new Attempt<>(null, null, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    final String problem = judge(thrown, tally);
    if (problem == null) {
      tally.cleanErrors++;
      return new Attempt<>(null, (Exception) thrown, false);
    }
    fail(cls, what, problem, thrown);
    return new Attempt<>(null, null, true);
  }

  /** Records a failure found outside a case's body (an oracle's comparison, a check). */
  void fail(FuzzClass cls, String what, String problem, Throwable cause) {
    tallies.get(cls).failures++;
    final StringBuilder text = new StringBuilder().append('[').append(cls).append("] ")
        .append(shorten(problem)).append("\n    case: ").append(shorten(what));
    if (cause != null && !(cause instanceof FuzzFailure)) {
      final StackTraceElement[] trace = cause.getStackTrace();
      for (int i = 0; i < Math.min(6, trace.length); i++) {
        text.append("\n    at ").append(trace[i]);
      }
    }
    failures.add(text.toString());
    out.println("FAILURE " + text);
  }

  /** Long literals (a 70,000-character string) cut, so that a failure stays readable. */
  private static String shorten(String text) {
    return text.replaceAll("(.)\\1{40,}", "$1$1$1...(repeated)$1$1$1").replaceAll(
        "(?s)^(.{4000}).+$", "$1...");
  }

  /** Null if the throwable is a clean error (and counts it), else what is wrong with it. */
  private static String judge(Throwable thrown, Tally tally) {
    if (thrown instanceof FuzzFailure f) {
      return f.getMessage();
    }
    if (thrown instanceof SQLException s) {
      final String state = s.getSQLState();
      if (state == null || !state.matches("[0-9A-Z]{5}")) {
        return "a SQLException without a proper SQLState (" + state + "): " + s;
      }
      if (state.equals("XX000")) {
        return "an internal error (XX000): " + s.getMessage();
      }
      tally.states.merge(state, 1L, Long::sum);
      return null;
    }
    if (thrown instanceof FlightRuntimeException f) {
      final FlightStatusCode code = f.status().code();
      if (code == FlightStatusCode.INTERNAL || code == FlightStatusCode.UNKNOWN) {
        return "Flight status " + code + ": " + f.status().description();
      }
      tally.states.merge("flight " + code, 1L, Long::sum);
      return null;
    }
    return "not a SQLException: " + thrown;
  }

  private void hang(FuzzClass cls, String what, Future<?> future) {
    final Statement s = current;
    if (s != null) {
      try {
        s.cancel();
      } catch (SQLException | RuntimeException ignored) {
        // the failure is the hang itself
      }
    }
    fail(cls, what, "no end within " + WATCHDOG_SECONDS + " s (statement timeout "
        + STATEMENT_TIMEOUT_SECONDS + " s)", null);
    try {
      future.get(WATCHDOG_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      if (!future.isDone()) {
        // leave the stuck thread behind: the next case runs on a new one
        future.cancel(true);
        worker.shutdownNow();
        worker = newWorker();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One line per class, then the totals. */
  String summary() {
    final StringBuilder text = new StringBuilder();
    long total = 0;
    long failed = 0;
    for (var e : tallies.entrySet()) {
      final Tally t = e.getValue();
      total += t.cases;
      failed += t.failures;
      text.append(String.format(Locale.ROOT, "%-16s cases %7d  ok %7d  clean errors %7d"
          + "  failures %4d", e.getKey(), t.cases, t.successes, t.cleanErrors, t.failures));
      if (t.oracleChecks > 0 || t.oracleSkipped > 0) {
        text.append(String.format(Locale.ROOT, "  oracle checks %d (skipped on an error %d)",
            t.oracleChecks, t.oracleSkipped));
      }
      text.append('\n');
      if (!t.states.isEmpty()) {
        text.append("                 errors by state ").append(t.states).append('\n');
      }
    }
    text.append(String.format(Locale.ROOT, "total: cases %d, failures %d", total, failed));
    return text.toString();
  }

  @Override public void close() {
    worker.shutdownNow();
  }
}
