package dev.sorrel.e2e.fuzz;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a database after a fuzz run: it opens; every table of every schema reads to the end
 * with every column decoded; each user table and feature view has the row count it had
 * before the close, matches its own COUNT(*), and reads the same rows with table segments
 * off; every model version loads and scores.
 */
final class FuzzVerifier {
  private FuzzVerifier() {
  }

  /** The row count of every user table and feature view. */
  static Map<String, Long> counts(Connection c) throws SQLException {
    final Map<String, Long> counts = new TreeMap<>();
    final List<String> tables = new ArrayList<>();
    try (var s = c.createStatement(); var rs = s.executeQuery(
        "SELECT TABLE_NAME FROM SYS.TABLES")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    for (String t : tables) {
      try (var s = c.createStatement(); var rs = s.executeQuery(
          "SELECT COUNT(*) FROM \"" + t + "\"")) {
        rs.next();
        counts.put(t, rs.getLong(1));
      }
    }
    return counts;
  }

  /** Null if the database verifies, else what is wrong. */
  static String verify(Path db, Map<String, Long> before) {
    final String url = "jdbc:sorrel:" + db.toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url);
        Connection plain = DriverManager.getConnection(url + ";table_segments=false")) {
      final Map<String, Long> after = counts(c);
      if (!after.equals(before)) {
        return "row counts before the close " + before + " differ after the reopen " + after;
      }
      for (String t : after.keySet()) {
        final String sql = "SELECT * FROM \"" + t + "\"";
        final List<String> rows = Rows.read(c.createStatement().executeQuery(sql));
        if (rows.size() != after.get(t)) {
          return t + ": COUNT(*) is " + after.get(t) + " but a scan returns " + rows.size();
        }
        final String diff = Rows.diff(rows, Rows.read(plain.createStatement().executeQuery(sql)));
        if (diff != null) {
          return t + " reads differently with table_segments=false: " + diff;
        }
      }
      final DatabaseMetaData meta = c.getMetaData();
      final List<String> all = new ArrayList<>();
      try (ResultSet rs = meta.getTables(null, null, "%", null)) {
        while (rs.next()) {
          all.add("\"" + rs.getString("TABLE_SCHEM") + "\".\"" + rs.getString("TABLE_NAME")
              + "\"");
        }
      }
      for (String t : all) {
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT * FROM " + t)) {
          Rows.read(rs);
        }
      }
      try (var s = c.createStatement(); var rs = s.executeQuery(
          "SELECT PREDICT_LABEL('iris', 5.1, 3.3, 1.7, 0.5)")) {
        if (!rs.next() || rs.getObject(1) == null) {
          return "the iris model does not score after the reopen";
        }
      }
      return null;
    } catch (SQLException | RuntimeException e) {
      return "verification failed: " + e + (e instanceof SQLException s ? " [" + s.getSQLState()
          + "]" : "");
    }
  }
}
