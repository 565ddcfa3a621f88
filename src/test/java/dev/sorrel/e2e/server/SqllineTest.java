package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sqlline.SqlLine;

/**
 * sqlline, a generic JDBC shell as BI-minded users run, drives a Sorrel server through Apache
 * Arrow's Flight SQL JDBC driver: a script creates a table, writes and queries it, lists
 * tables through {@code DatabaseMetaData}, and its output holds the rows.
 */
class SqllineTest {
  @TempDir Path dir;

  @Test void aScriptRunsThroughArrowsDriver() throws Exception {
    try (ServerFixture fixture = new ServerFixture()) {
      final Path script = dir.resolve("script.sql");
      Files.writeString(script, String.join("\n",
          "CREATE TABLE sq (id INT PRIMARY KEY, name VARCHAR);",
          "INSERT INTO sq VALUES (1, 'alpha'), (2, 'beta');",
          "SELECT id, name FROM sq ORDER BY id;",
          "!tables",
          ""), StandardCharsets.UTF_8);
      final ByteArrayOutputStream out = new ByteArrayOutputStream();
      final ByteArrayOutputStream err = new ByteArrayOutputStream();
      final SqlLine sqlline = new SqlLine();
      sqlline.setOutputStream(new PrintStream(out, true, StandardCharsets.UTF_8));
      sqlline.setErrorStream(new PrintStream(err, true, StandardCharsets.UTF_8));
      final SqlLine.Status status = sqlline.begin(new String[] {"-u", fixture.url(), "-n", "",
          "-p", "", "--outputformat=csv", "--showHeader=true", "--silent=true",
          "-f", script.toString()}, new ByteArrayInputStream(new byte[0]), false);
      final String text = out.toString(StandardCharsets.UTF_8);
      assertEquals(SqlLine.Status.OK, status, text + err.toString(StandardCharsets.UTF_8));
      assertTrue(text.contains("'ID','NAME'"), text);
      assertTrue(text.contains("'1','alpha'"), text);
      assertTrue(text.contains("'2','beta'"), text);
      assertTrue(text.contains("'SQ'"), text);
    }
  }
}
