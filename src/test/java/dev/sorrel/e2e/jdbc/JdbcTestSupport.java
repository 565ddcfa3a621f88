package dev.sorrel.e2e.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the JDBC end-to-end tests. */
final class JdbcTestSupport {
  private static final AtomicLong MEMORY_SEQ = new AtomicLong();

  private JdbcTestSupport() {
  }

  static String url(Path directory) {
    return "jdbc:sorrel:" + directory.toAbsolutePath();
  }

  static Connection connect(Path directory) throws SQLException {
    return DriverManager.getConnection(url(directory));
  }

  /** A connection to a new, empty in-memory database. */
  static Connection memory() throws SQLException {
    return DriverManager.getConnection("jdbc:sorrel:mem:jdbc" + MEMORY_SEQ.incrementAndGet()
        + "_" + System.nanoTime());
  }

  static void exec(Connection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String one : sql) {
        s.execute(one);
      }
    }
  }

  static long count(Connection c, String sqlOrTable) throws SQLException {
    final String sql = sqlOrTable.trim().toUpperCase(java.util.Locale.ROOT).startsWith("SELECT")
        ? sqlOrTable : "SELECT COUNT(*) FROM " + sqlOrTable;
    return dev.sorrel.e2e.Queries.single(c, sql);
  }

  /** All rows of a query, each as a list of getObject values. */
  static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    return dev.sorrel.e2e.Queries.rows(c, sql);
  }


  /** Asserts that the code throws a SQLException of the given class and SQLState. */
  static <T extends SQLException> T assertSqlState(Class<T> type, String state,
      Executable code) {
    final SQLException e = assertThrows(SQLException.class, code);
    if (!type.isInstance(e) || !state.equals(e.getSQLState())) {
      final AssertionError error = new AssertionError("expected " + type.getSimpleName()
          + " with SQLState " + state + " but got " + e.getClass().getName() + " with SQLState "
          + e.getSQLState() + ": " + e.getMessage());
      error.initCause(e);
      throw error;
    }
    assertEquals(state, e.getSQLState());
    return type.cast(e);
  }

  /** A child JVM running a main class of these test sources, its stdout read line by line. */
  static final class Child implements AutoCloseable {
    static final String EOF = "\u0000EOF";
    final Process process;
    final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Child(Path workDir, Class<?> mainClass, String... args) throws IOException {
      final List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
      command.add("-XX:-CreateCoredumpOnCrash");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(mainClass.getName());
      command.addAll(List.of(args));
      Files.createDirectories(workDir);
      stderr = Files.createTempFile(workDir, mainClass.getSimpleName(), ".stderr");
      process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
      final Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
            process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException ignored) {
          // the process died; EOF below
        }
        lines.add(EOF);
      }, "child-stdout-" + mainClass.getSimpleName());
      reader.setDaemon(true);
      reader.start();
    }

    /** The next stdout line, or EOF when the child has closed stdout. */
    String nextLine(long timeoutSeconds) throws InterruptedException {
      final String line = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
      if (line == null) {
        throw new AssertionError("child printed nothing within " + timeoutSeconds
            + " s; alive=" + process.isAlive() + "; stderr: " + stderr());
      }
      return line;
    }

    /** Waits for a line equal to {@code expected}, failing on EOF or anything else. */
    void expect(String expected, long timeoutSeconds) throws InterruptedException {
      final String line = nextLine(timeoutSeconds);
      if (!expected.equals(line)) {
        throw new AssertionError("child printed '" + line + "' instead of '" + expected
            + "'; stderr: " + stderr());
      }
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("child " + process.pid() + " did not die within 30 s");
      }
    }

    String stderr() {
      try {
        final String text = Files.readString(stderr);
        return text.length() > 4000 ? text.substring(0, 4000) + "..." : text;
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }

    @Override public void close() throws InterruptedException {
      if (process.isAlive()) {
        kill();
      }
    }
  }
}
