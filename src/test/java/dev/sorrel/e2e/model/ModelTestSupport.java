package dev.sorrel.e2e.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;

/** Fixture loading, table creation and comparison helpers for the model scoring tests. */
final class ModelTestSupport {
  private ModelTestSupport() {
  }

  private static final AtomicLong SEQ = new AtomicLong();

  /** The fixture models under /models on the test classpath. */
  enum Fixture {
    LOGREG("logreg_breast_cancer", 2),
    ZIPMAP("logreg_zipmap_breast_cancer", 2),
    FOREST("forest_breast_cancer", 2),
    GBR("gbr_diabetes", 0),
    MLP("mlp_iris", 3),
    TIPS("multi_input_tips", 2),
    CHALLENGER_TIPS("challenger_tips", 2);

    final String base;
    /** Number of classes; 0 for the regressor. */
    final int classes;
    private volatile Csv csv;

    Fixture(String base, int classes) {
      this.base = base;
      this.classes = classes;
    }

    String onnxResource() {
      return "/models/" + base + ".onnx";
    }

    Csv csv() {
      if (csv == null) {
        csv = Csv.load(this);
      }
      return csv;
    }
  }

  /** A reference CSV: inputs (as strings), label, class probabilities or the regressor's value. */
  static final class Csv {
    final Fixture fixture;
    final List<String> inputNames;
    /** inputs.get(row)[k] as written in the CSV. */
    final List<String[]> inputs = new ArrayList<>();
    final List<Long> labels = new ArrayList<>();
    /** probabilities.get(row)[class]; for the regressor a one-element array with `variable`. */
    final List<double[]> outputs = new ArrayList<>();

    private Csv(Fixture fixture, List<String> inputNames) {
      this.fixture = fixture;
      this.inputNames = inputNames;
    }

    static Csv load(Fixture f) {
      try (InputStream in = ModelTestSupport.class.getResourceAsStream("/models/" + f.base + ".csv")) {
        if (in == null) {
          throw new IllegalStateException("missing fixture /models/" + f.base + ".csv");
        }
        final BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        final String[] header = r.readLine().split(",");
        final int tail = f.classes == 0 ? 1 : 1 + f.classes;
        final int nIn = header.length - tail;
        final Csv csv = new Csv(f, List.of(Arrays.copyOf(header, nIn)));
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          final String[] cells = line.split(",", -1);
          assertEquals(header.length, cells.length, "cells in " + line);
          csv.inputs.add(Arrays.copyOf(cells, nIn));
          if (f.classes == 0) {
            csv.labels.add(null);
            csv.outputs.add(new double[] {Double.parseDouble(cells[nIn])});
          } else {
            csv.labels.add(Long.parseLong(cells[nIn]));
            final double[] p = new double[f.classes];
            for (int k = 0; k < f.classes; k++) {
              p[k] = Double.parseDouble(cells[nIn + 1 + k]);
            }
            csv.outputs.add(p);
          }
        }
        return csv;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    int size() {
      return inputs.size();
    }

    boolean isString(int k) {
      return inputNames.get(k).equals("channel");
    }

    /** Comma-separated argument list of the feature columns, in model input order. */
    String args() {
      return String.join(", ", inputNames);
    }

    String createTableSql(String table) {
      final StringBuilder sb = new StringBuilder("CREATE TABLE ").append(table)
          .append(" (id INTEGER PRIMARY KEY");
      for (int k = 0; k < inputNames.size(); k++) {
        sb.append(", ").append(inputNames.get(k)).append(isString(k) ? " VARCHAR(20)" : " DOUBLE");
      }
      return sb.append(")").toString();
    }

    /**
     * Creates `table` and loads every CSV row (id = 1-based row number) through a
     * PreparedStatement batch.
     */
    void load(Connection c, String table) throws SQLException {
      load(c, table, Set.of());
    }

    /** As {@link #load}, but the given row ids get NULL in feature column (id % features). */
    void load(Connection c, String table, Set<Integer> nullRows) throws SQLException {
      exec(c, createTableSql(table));
      final String marks = inputNames.stream().map(n -> "?").collect(Collectors.joining(", "));
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO " + table + " (id, " + args() + ") VALUES (?, " + marks + ")")) {
        for (int i = 0; i < size(); i++) {
          final int id = i + 1;
          ps.setInt(1, id);
          final String[] row = inputs.get(i);
          final int nullCol = nullRows.contains(id) ? id % row.length : -1;
          for (int k = 0; k < row.length; k++) {
            if (k == nullCol) {
              ps.setNull(k + 2, isString(k) ? Types.VARCHAR : Types.DOUBLE);
            } else if (isString(k)) {
              ps.setString(k + 2, row[k]);
            } else {
              ps.setDouble(k + 2, Double.parseDouble(row[k]));
            }
          }
          ps.addBatch();
        }
        final int[] counts = ps.executeBatch();
        assertEquals(size(), counts.length, "batch update counts");
      }
      assertEquals(size(), count(c, "SELECT COUNT(*) FROM " + table), "rows loaded into " + table);
    }
  }

  // ---------------------------------------------------------------- files

  /** Copies a classpath model to a file in dir and returns its absolute path. */
  static Path copyModel(Path dir, Fixture f) {
    return copyResource(dir, f.onnxResource(), f.base + ".onnx");
  }

  static Path copyResource(Path dir, String resource, String fileName) {
    try (InputStream in = ModelTestSupport.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      final Path target = dir.resolve(fileName);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SQL string literal of a path. */
  static String lit(Path p) {
    return "'" + p.toString().replace("'", "''") + "'";
  }

  // ---------------------------------------------------------------- JDBC

  static String memUrl(String tag) {
    return "jdbc:sorrel:mem:model_" + tag + "_" + System.nanoTime() + "_" + SEQ.incrementAndGet();
  }

  static Connection mem(String tag) throws SQLException {
    return DriverManager.getConnection(memUrl(tag));
  }

  static void exec(Connection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String one : sql) {
        s.execute(one);
      }
    }
  }

  static long count(Connection c, String sql) throws SQLException {
    return dev.sorrel.e2e.Queries.single(c, sql);
  }

  /** All rows of a query, each as a list of getObject values. */
  static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    return dev.sorrel.e2e.Queries.rows(c, sql);
  }

  /** Rows of a query as maps column label (upper-case) to value. */
  static List<Map<String, Object>> records(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      final List<Map<String, Object>> rows = new ArrayList<>();
      final int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        final Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnLabel(i).toUpperCase(), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /**
   * Runs `SELECT id, expr FROM from` and returns id → value (Double, Long, String or null)
   * in id order; getObject is used so NULL stays null.
   */
  static Map<Integer, Object> byId(Connection c, String sql) throws SQLException {
    final Map<Integer, Object> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        final int id = rs.getInt(1);
        final Object v = rs.getObject(2);
        if (out.put(id, v) != null) {
          fail("id " + id + " returned twice by " + sql);
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- comparisons

  static boolean close(double expected, double got) {
    return Math.abs(got - expected) <= 1e-5 * Math.max(1.0, Math.abs(expected));
  }

  static void assertClose(double expected, double got, String what) {
    if (!close(expected, got)) {
      fail(what + ": expected " + expected + " but got " + got + " (diff " + Math.abs(got - expected) + ")");
    }
  }

  static double asDouble(Object v, String what) {
    if (v == null) {
      fail(what + ": expected a number but got NULL");
    }
    if (!(v instanceof Number)) {
      fail(what + ": expected a number but got " + v.getClass().getName() + " " + v);
    }
    return ((Number) v).doubleValue();
  }

  /** Asserts that code throws a SQLException with the given SQLState; returns it. */
  static SQLException assertSqlState(String state, Executable code) {
    final SQLException e = assertThrows(SQLException.class, code);
    if (!state.equals(e.getSQLState())) {
      final AssertionError error = new AssertionError("expected SQLState " + state + " but got "
          + e.getSQLState() + " (" + e.getClass().getName() + "): " + e.getMessage());
      error.initCause(e);
      throw error;
    }
    return e;
  }

  /** Asserts that the message (upper-cased) contains each fragment (upper-cased). */
  static void assertMessageContains(SQLException e, String... fragments) {
    final String m = String.valueOf(e.getMessage()).toUpperCase();
    for (String f : fragments) {
      assertTrue(m.contains(f.toUpperCase()), "message should contain '" + f + "': " + e.getMessage());
    }
  }
}
