package dev.sorrel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sorrel.e2e.SqlScript.Case;
import dev.sorrel.e2e.SqlScript.Kind;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks the script parser and value rendering the script runner relies on. */
class SqlScriptFormatTest {

  @Test
  void parsesEveryExpectationKind() {
    List<Case> cases = SqlScript.parse(List.of(
        "-- comment",
        "CREATE TABLE t (",
        "  -- inner comment",
        "  id INTEGER);",
        "",
        "INSERT INTO t VALUES (1);",
        "> 1 row",
        "SELECT id, 'a;b' AS s FROM t;",
        "> (unordered)",
        "> ID | S",
        "> 1 | a;b",
        "SELECT * FROM nope;",
        "> ERROR 42S02 not found",
        "DROP TABLE t;",
        "> ERROR 42S02",
        "EXPLAIN PLAN FOR SELECT 1;",
        "> (contains)",
        "> Values",
        "SELECT id FROM t WHERE id < 0;",
        "> ID"), "x.sql");
    assertEquals(7, cases.size());
    assertEquals(2, cases.get(0).line());
    assertEquals("CREATE TABLE t (\n  id INTEGER)", cases.get(0).sql());
    assertEquals(Kind.SUCCESS, cases.get(0).expectation().kind());
    assertEquals(Kind.COUNT, cases.get(1).expectation().kind());
    assertEquals(1, cases.get(1).expectation().count());
    assertEquals(Kind.RESULT, cases.get(2).expectation().kind());
    assertTrue(cases.get(2).expectation().unordered());
    assertEquals("ID | S", cases.get(2).expectation().header());
    assertEquals(List.of("1 | a;b"), cases.get(2).expectation().rows());
    assertEquals("42S02", cases.get(3).expectation().sqlState());
    assertEquals("not found", cases.get(3).expectation().messagePart());
    assertNull(cases.get(4).expectation().messagePart());
    assertEquals(Kind.CONTAINS, cases.get(5).expectation().kind());
    assertEquals(List.of("Values"), cases.get(5).expectation().rows());
    assertEquals(List.of(), cases.get(6).expectation().rows());
  }

  @Test
  void rejectsMalformedScripts() {
    assertThrows(IllegalArgumentException.class,
        () -> SqlScript.parse(List.of("SELECT 1"), "x.sql"));
    assertThrows(IllegalArgumentException.class,
        () -> SqlScript.parse(List.of("> 1 row"), "x.sql"));
    assertThrows(IllegalArgumentException.class,
        () -> SqlScript.parse(List.of("SELECT 1;", ">1 row"), "x.sql"));
    assertThrows(IllegalArgumentException.class,
        () -> SqlScript.parse(List.of("SELECT 1;", "> (unordered)"), "x.sql"));
  }

  @Test
  void expandsVariablesAndDeletesTheTemporaryDirectory() throws Exception {
    Path resources = Path.of("/fixtures/it's here");
    Path tmp;
    try (ScriptVariables variables = new ScriptVariables(resources, "sorrel-format-test-")) {
      assertEquals("COPY t FROM '/fixtures/it''s here/models/m.csv'",
          variables.inStatement("COPY t FROM '${resources}/models/m.csv'"));
      assertEquals("file '/fixtures/it's here/m.csv'", variables.inText("file '${resources}/m.csv'"));
      assertEquals("no variables", variables.inText("no variables"));
      assertThrows(IllegalArgumentException.class, () -> variables.inText("${nope}"));

      tmp = Path.of(variables.inText("${tmp}"));
      assertTrue(Files.isDirectory(tmp));
      assertEquals(tmp, Path.of(variables.inText("${tmp}")), "one directory per run");
      Files.writeString(Files.createDirectories(tmp.resolve("sub")).resolve("f.csv"), "x");
      assertEquals("${tmp}/sub/f.csv and ${resources}/m.onnx",
          variables.unexpand(tmp.resolve("sub/f.csv") + " and " + resources.resolve("m.onnx")));
    }
    assertFalse(Files.exists(tmp), "the temporary directory is deleted with what it holds");
  }

  @Test
  void rendersValuesCanonically() {
    assertEquals("NULL", ValueRenderer.render(null));
    assertEquals("''", ValueRenderer.render(""));
    assertEquals("TRUE", ValueRenderer.render(true));
    assertEquals("1.50", ValueRenderer.render(new BigDecimal("1.50")));
    assertEquals("10000000000", ValueRenderer.render(new BigDecimal("1E+10")));
    assertEquals("0.1", ValueRenderer.render(0.1d));
    assertEquals("1.1", ValueRenderer.render(1.1f));
    assertEquals("X'CAFE'", ValueRenderer.render(new byte[] {(byte) 0xCA, (byte) 0xFE}));
    assertEquals("2024-02-29", ValueRenderer.render(Date.valueOf("2024-02-29")));
    assertEquals("2024-01-02 03:04:05",
        ValueRenderer.render(Timestamp.valueOf("2024-01-02 03:04:05")));
    assertEquals("2024-01-02 03:04:05.12",
        ValueRenderer.render(Timestamp.valueOf("2024-01-02 03:04:05.120")));
  }
}
