package dev.sorrel.e2e.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.sorrel.e2e.SuiteArguments;

/**
 * The kill -9 crash suite: round after round on one database directory, a child JVM
 * ({@link CrashChildMain}) runs a random mix of every write path until this process kills it
 * with SIGKILL after a random delay; then the database is reopened here and checked by
 * {@link CrashVerifier} against the side log's acknowledged operations. State accumulates
 * across rounds.
 *
 * <p>Run it with {@code bin/crashtest rounds=1000 seed=1}; the parameters are
 * {@code rounds}, {@code seed}, {@code kill_ms} (the largest delay before the kill, after the
 * child opened the database) and {@code dir} (kept afterwards; default a new temporary
 * directory). It prints one line per round and the figures, and exits with 1 on a failure.
 */
public final class CrashSuite {
  static final String SIDE_LOG = "side.log";

  /** What a run of the suite did. */
  record Figures(int rounds, long statements, long acknowledged, long rolledBack,
      int inFlightApplied, int inFlightNotApplied, int killedIdle, List<String> failures) {
    String summary() {
      return String.format(Locale.ROOT, "rounds %d, statements %d, acknowledged %d"
          + " (transactions rolled back %d), in flight at the kill: applied %d, not applied %d,"
          + " no statement %d; failures %d", rounds, statements, acknowledged, rolledBack,
          inFlightApplied, inFlightNotApplied, killedIdle, failures.size());
    }
  }

  private final Path work;
  private final long seed;
  private final int maxKillMillis;
  private final PrintStream out;

  CrashSuite(Path work, long seed, int maxKillMillis, PrintStream out) {
    this.work = work;
    this.seed = seed;
    this.maxKillMillis = maxKillMillis;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    final SuiteArguments arguments = SuiteArguments.parse("crashtest",
        "rounds=N seed=N kill_ms=N dir=PATH", Set.of("rounds", "seed", "kill_ms", "dir"), args);
    final int rounds = arguments.intValue("rounds", 1000);
    final long seed = arguments.longValue("seed", System.currentTimeMillis());
    final int killMillis = arguments.intValue("kill_ms", 4000);
    final Path dir = arguments.directory("sorrel-crash");
    final PrintStream out = SuiteArguments.console();
    out.println("crashtest: seed " + seed + ", " + rounds + " rounds, kill within " + killMillis
        + " ms, directory " + dir);
    final Figures figures = new CrashSuite(dir, seed, killMillis, out).run(rounds);
    SuiteArguments.exit(out, figures.summary(), figures.failures());
  }

  /** Runs the rounds, stopping at the first failure (the state then no longer follows). */
  Figures run(int rounds) throws Exception {
    Files.createDirectories(work);
    final Path db = work.resolve("db");
    final Random random = new Random(seed);
    final List<String> failures = new ArrayList<>();
    int applied = 0;
    int notApplied = 0;
    int idle = 0;
    int done = 0;
    for (int round = 0; round < rounds && failures.isEmpty(); round++) {
      final long start = System.nanoTime();
      final int delay = random.nextInt(maxKillMillis);
      final String childFailure = runChild(db, round, delay);
      if (childFailure != null) {
        failures.add("round " + round + ": " + childFailure);
      }
      final long killed = System.nanoTime();
      final CrashLog.Replay replay = CrashLog.read(work.resolve(SIDE_LOG));
      final CrashOp pending = replay.pending();
      final CrashVerifier.Result result = CrashVerifier.verify(db, replay);
      final long verified = System.nanoTime();
      done++;
      if (result.failure() != null) {
        failures.add("seed " + seed + " round " + round + ": " + result.failure());
        break;
      }
      if (pending == null) {
        idle++;
      } else {
        if (result.pendingApplied()) {
          applied++;
        } else {
          notApplied++;
        }
        try (CrashLog log = new CrashLog(work.resolve(SIDE_LOG))) {
          log.append("R " + pending.seq() + (result.pendingApplied() ? " 1" : " 0"));
        }
      }
      out.printf(Locale.ROOT, "round %d: killed %d ms after the child was ready, %d statements"
          + " so far, in flight: %s (child %d ms, verification %d ms)%n", round, delay,
          replay.ops.size(), pending == null ? "none"
          : pending.kind() + (result.pendingApplied() ? " applied" : " not applied"),
          (killed - start) / 1_000_000, (verified - killed) / 1_000_000);
    }
    final CrashLog.Replay replay = CrashLog.read(work.resolve(SIDE_LOG));
    long rolledBack = 0;
    for (CrashOp op : replay.ops) {
      if (op.kind() == CrashOp.Kind.TX && op.arg(0).equals("R")
          && replay.acked.contains(op.seq())) {
        rolledBack++;
      }
    }
    for (var e : replay.errors.entrySet()) {
      failures.add("statement " + e.getKey() + " failed: " + e.getValue());
    }
    return new Figures(done, replay.ops.size(), replay.acked.size(), rolledBack, applied,
        notApplied, idle, failures);
  }

  /**
   * Starts a child, waits until it opened the database, lets it write for {@code delay} ms and
   * kills it; returns why the round failed, or null.
   */
  private String runChild(Path db, int round, int delay) throws Exception {
    final Path stderr = work.resolve("child.stderr");
    final List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:-CreateCoredumpOnCrash", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        // a short-lived writer: start fast rather than compile for the long run
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    final String slf4j = System.getProperty("slf4j.provider");
    if (slf4j != null) {
      command.add("-Dslf4j.provider=" + slf4j);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        CrashChildMain.class.getName(), db.toAbsolutePath().toString(),
        work.toAbsolutePath().toString(), Long.toString(seed), Integer.toString(round)));
    final Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    // a driver stopped with Ctrl-C or SIGTERM takes its child with it
    final Thread reaper = new Thread(process::destroyForcibly, "crash-child-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the child died
      }
      lines.add("EOF");
    }, "crash-child-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      // A JVM's start and the open take seconds, but minutes on a machine loaded 8 times
      // over: a child that has not opened in 10 minutes hangs.
      final String ready = lines.poll(600, TimeUnit.SECONDS);
      if (!"READY".equals(ready)) {
        return "the child did not open the database (" + ready + "): " + tail(stderr);
      }
      if (process.waitFor(delay, TimeUnit.MILLISECONDS)) {
        return "the child stopped by itself with status " + process.exitValue() + ": "
            + tail(stderr);
      }
      return null;
    } finally {
      process.destroyForcibly();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("child " + process.pid() + " survived SIGKILL");
      }
      Runtime.getRuntime().removeShutdownHook(reaper);
    }
  }

  private static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    final String text = Files.readString(file);
    return text.length() > 3000 ? "..." + text.substring(text.length() - 3000) : text;
  }
}
