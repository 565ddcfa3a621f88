package dev.sorrel.e2e.crash;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a crash-test database after a kill: it opens; its tables, feature views and catalog
 * equal the state after every acknowledged operation, with the operation in flight at the kill
 * either wholly applied or not at all; every table reads the same with and without table
 * segments and agrees with its COUNT(*) and its views; every model version has the SHA-256 of
 * the file uploaded and loads; every table of every schema (SYS, TRACKING, ONLINE, user) reads
 * to the end with every column decoded.
 */
final class CrashVerifier {
  private static final Pattern USER_TABLE = Pattern.compile("(T|B)\\d+|REFT");
  private static final Pattern LAST_FROM = Pattern.compile(
      "(?is).*\\bFROM\\s+(?:\"?\\w+\"?\\.)?\"?(\\w+)\"?.*");

  /** The outcome: a failure message or null, and whether the pending operation was applied. */
  record Result(String failure, boolean pendingApplied) {
  }

  private CrashVerifier() {
  }

  static Result verify(Path db, CrashLog.Replay replay) {
    final CrashOp pending = replay.pending();
    final CrashModel without = replay.model();
    final CrashModel with = replay.model();
    if (pending != null) {
      with.apply(pending);
    }
    final String url = "jdbc:sorrel:" + db.toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url);
        Connection plain = DriverManager.getConnection(url + ";table_segments=false")) {
      final CrashModel actual = read(c);
      final boolean applied;
      if (actual.sameAs(without)) {
        applied = false;
      } else if (pending != null && actual.sameAs(with)) {
        applied = true;
      } else {
        return new Result("the database differs from every acknowledged effect"
            + (pending == null ? "" : " with or without the statement in flight (" + pending
            + "); without it: " + without.diff(actual, 8) + "; with it")
            + ": " + with.diff(actual, 8), false);
      }
      final String more = checkConsistency(c, plain, actual);
      return new Result(more, applied);
    } catch (SQLException | RuntimeException e) {
      final StringBuilder text = new StringBuilder("verification failed: ").append(e);
      if (e instanceof SQLException s) {
        text.append(" [").append(s.getSQLState()).append(']');
      }
      return new Result(text.toString(), false);
    }
  }

  /** Reads the state in the model's shape. */
  static CrashModel read(Connection c) throws SQLException {
    final CrashModel state = new CrashModel();
    for (List<String> row : query(c, "SELECT TABLE_NAME FROM SYS.TABLES")) {
      if (USER_TABLE.matcher(row.get(0)).matches()) {
        state.catalog.put("table/" + row.get(0), "");
        state.rows.put(row.get(0), tableRows(c, row.get(0)));
      }
    }
    for (List<String> row : query(c,
        "SELECT INDEX_NAME, TABLE_NAME FROM SYS.INDEXES WHERE NOT IS_PRIMARY_KEY")) {
      if (row.get(0).matches("I\\d+")) {
        state.catalog.put("index/" + row.get(0), row.get(1));
      }
    }
    for (List<String> row : query(c, "SELECT VIEW_NAME, DEFINITION FROM SYS.VIEWS")) {
      state.catalog.put("view/" + row.get(0), source(row.get(1)));
    }
    for (List<String> row : query(c, "SELECT ENTITY_NAME FROM SYS.ENTITIES")) {
      state.catalog.put("entity/" + row.get(0), "");
    }
    for (List<String> row : query(c,
        "SELECT VIEW_NAME, ENTITY_NAME, QUERY FROM SYS.FEATURE_VIEWS")) {
      state.catalog.put("fv/" + row.get(0), row.get(1));
      if (row.get(2) != null) {
        state.catalog.put("dfv/" + row.get(0), source(row.get(2)));
      }
      final TreeMap<Long, String> rows = new TreeMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id, x FROM " + row.get(0))) {
        while (rs.next()) {
          if (rows.put(rs.getLong(1), CrashModel.featureRow(rs.getDouble(2))) != null) {
            throw new IllegalStateException(row.get(0) + " returned id " + rs.getLong(1)
                + " twice");
          }
        }
      }
      state.rows.put(row.get(0), rows);
    }
    for (List<String> row : query(c,
        "SELECT MODEL_NAME, VERSION, SHA256 FROM SYS.MODEL_VERSIONS")) {
      state.catalog.put("model/" + row.get(0) + "/" + row.get(1), row.get(2));
    }
    for (List<String> row : query(c, "SELECT MODEL_NAME, ALIASES FROM SYS.MODELS")) {
      if (row.get(1) != null) {
        // {alias=version, ...}
        for (String pair : row.get(1).substring(1, row.get(1).length() - 1).split(", ")) {
          final int eq = pair.indexOf('=');
          state.catalog.put("alias/" + row.get(0) + "/" + pair.substring(0, eq),
              pair.substring(eq + 1));
        }
      }
    }
    for (List<String> row : query(c,
        "SELECT VIEW_NAME, TTL_SECONDS FROM SYS.FEATURE_VIEWS WHERE TTL_SECONDS IS NOT NULL")) {
      state.catalog.put("ttl/" + row.get(0), row.get(1));
    }
    for (List<String> row : query(c, "SELECT EXPERIMENT_NAME, STATUS FROM SYS.EXPERIMENTS")) {
      state.catalog.put("experiment/" + row.get(0), row.get(1));
    }
    for (List<String> row : query(c, "SELECT MONITOR_NAME FROM SYS.MONITORS")) {
      state.catalog.put("monitor/" + row.get(0), "0");
    }
    for (List<String> row : query(c, "SELECT MONITOR_NAME, COUNT(DISTINCT CHECK_ID)"
        + " FROM SYS.MONITOR_RESULTS GROUP BY MONITOR_NAME")) {
      state.catalog.put("monitor/" + row.get(0), row.get(1));
    }
    final Map<String, Integer> params = new HashMap<>();
    for (List<String> row : query(c, "SELECT RUN_ID FROM TRACKING.PARAMS")) {
      params.merge(row.get(0), 1, Integer::sum);
    }
    for (List<String> row : query(c, "SELECT RUN_ID, RUN_NAME, STATUS FROM TRACKING.RUNS")) {
      state.catalog.put("run/" + row.get(1), row.get(2) + " " + params.getOrDefault(row.get(0),
          0));
    }
    return state;
  }

  /** Segments on and off, counts, views, model loads and every table of every schema. */
  private static String checkConsistency(Connection c, Connection plain, CrashModel actual)
      throws SQLException {
    for (String table : actual.rows.keySet()) {
      if (!actual.catalog.containsKey("table/" + table)) {
        continue;
      }
      final TreeMap<Long, String> rows = actual.rows.get(table);
      if (!tableRows(plain, table).equals(rows)) {
        return "SELECT * FROM " + table + " differs with table_segments=false";
      }
      final long count = Long.parseLong(query(c, "SELECT COUNT(*) FROM " + table).get(0).get(0));
      if (count != rows.size()) {
        return "COUNT(*) of " + table + " is " + count + ", the scan returned " + rows.size();
      }
    }
    for (Map.Entry<String, String> e : actual.catalog.subMap("view/", "view/\uffff")
        .entrySet()) {
      final String view = e.getKey().substring(5);
      final long count = Long.parseLong(query(c, "SELECT COUNT(*) FROM " + view).get(0).get(0));
      if (count != actual.rows.get(e.getValue()).size()) {
        return "view " + view + " has " + count + " rows, its table " + e.getValue() + " "
            + actual.rows.get(e.getValue()).size();
      }
    }
    for (String model : actual.names("model")) {
      // the classifier has several classes, so it is asked for a label
      final StringBuilder sql = new StringBuilder("SELECT "
          + (CrashFixtures.inputs(model) == 4 ? "PREDICT_LABEL" : "PREDICT") + "('" + model + "'");
      for (int i = 0; i < CrashFixtures.inputs(model); i++) {
        sql.append(", ").append(i + 1).append(".0E0");
      }
      sql.append(") FROM (VALUES (1)) AS single_row (x)");
      if (query(c, sql.toString()).size() != 1) {
        return "PREDICT with model " + model + " returned no row";
      }
      final String expected = CrashFixtures.sha256(CrashFixtures.fileOf(model));
      for (Map.Entry<String, String> e : actual.catalog.subMap("model/" + model + "/",
          "model/" + model + "/\uffff").entrySet()) {
        if (!e.getValue().equals(expected)) {
          return e.getKey() + " has SHA-256 " + e.getValue() + ", its file " + expected;
        }
      }
    }
    for (List<String> row : query(c, "SELECT SCHEMA_NAME, TABLE_NAME FROM SYS.TABLES")) {
      final String name = (row.get(0) == null ? "" : "\"" + row.get(0) + "\".") + "\""
          + row.get(1) + "\"";
      query(c, "SELECT * FROM " + name);
    }
    return null;
  }

  private static TreeMap<Long, String> tableRows(Connection c, String table)
      throws SQLException {
    final TreeMap<Long, String> rows = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
      while (rs.next()) {
        final long id = rs.getLong("ID");
        if (rows.put(id, CrashModel.tableRow(rs.getLong("V"), rs.getString("S"))) != null) {
          throw new IllegalStateException(table + " returned id " + id + " twice");
        }
      }
    }
    return rows;
  }

  /** The table a view's or a feature view's query reads, from its last FROM. */
  private static String source(String query) {
    final Matcher m = LAST_FROM.matcher(query);
    return m.matches() ? m.group(1).toUpperCase(Locale.ROOT) : query;
  }

  /** Every row, every column read with getObject and rendered as text. */
  private static List<List<String>> query(Connection c, String sql) throws SQLException {
    final List<List<String>> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      final ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        final List<String> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          final Object value = rs.getObject(i);
          row.add(value == null ? null : value.toString());
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new SQLException(sql + ": " + e.getMessage(), e.getSQLState(), e);
    }
    return rows;
  }
}
