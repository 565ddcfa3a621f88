package dev.sorrel.e2e.copy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What the load and export tests share: statements, rows as text, files and their literals. */
final class CopyTestSupport {
  private CopyTestSupport() {
  }

  static int update(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  /** Each row's values as text ({@link ResultSet#getString}) joined by {@code |}. */
  static List<String> rows(Connection c, String sql) throws SQLException {
    final List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      final int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        final StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  /** Writes {@code text} as UTF-8 to {@code name} in {@code dir}. */
  static Path file(Path dir, String name, String text) throws Exception {
    final Path path = dir.resolve(name);
    Files.writeString(path, text, StandardCharsets.UTF_8);
    return path;
  }

  /** A path as an SQL string literal. */
  static String lit(Path path) {
    return "'" + path.toString().replace("'", "''") + "'";
  }
}
