package dev.sorrel.e2e.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY loads CSV files into tables atomically and exports tables and queries as CSV. */
class CopyTest {
  @TempDir Path dir;
  private Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection("jdbc:sorrel:mem:copy" + System.nanoTime());
    update("CREATE TABLE tx (id BIGINT PRIMARY KEY, user_id VARCHAR(20) NOT NULL,"
        + " amount DECIMAL(10, 2), ok BOOLEAN, dt DATE, ts TIMESTAMP)");
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private int update(String sql) throws SQLException {
    return CopyTestSupport.update(c, sql);
  }

  private List<String> rows(String sql) throws SQLException {
    return CopyTestSupport.rows(c, sql);
  }

  private Path file(String name, String text) throws Exception {
    return CopyTestSupport.file(dir, name, text);
  }

  @Test
  void loadsQuotedFieldsNullsAndTypesThenExportsTheSameText() throws Exception {
    final Path in = file("in.csv", "ID,user_id,amount,ok,dt,ts\r\n"
        + "1,alice,12.50,true,2026-11-01,2026-11-01 09:15:00\r\n"
        + "2,\"bob, \"\"jr\"\"\",250,false,2026-11-02,2026-11-02T10:02:00.250\n"
        + "3,\"two\nlines\",,,,\n"
        + "4,\"\",0.5,TRUE,2026-11-03,2026-11-03 00:00:00\n");
    assertEquals(4, update("COPY tx FROM " + CopyTestSupport.lit(in)));
    assertEquals(List.of(
        "1|alice|12.50|true|2026-11-01|2026-11-01 09:15:00.000",
        "2|bob, \"jr\"|250.00|false|2026-11-02|2026-11-02 10:02:00.250",
        "3|two\nlines|null|null|null|null",
        "4||0.50|true|2026-11-03|2026-11-03 00:00:00.000"),
        rows("SELECT * FROM tx ORDER BY id"));

    final Path out = dir.resolve("out.csv");
    assertEquals(4, update("COPY tx TO " + CopyTestSupport.lit(out)));
    update("CREATE TABLE copy2 (id BIGINT PRIMARY KEY, user_id VARCHAR(20) NOT NULL,"
        + " amount DECIMAL(10, 2), ok BOOLEAN, dt DATE, ts TIMESTAMP)");
    assertEquals(4, update("COPY copy2 FROM " + CopyTestSupport.lit(out)));
    assertEquals(rows("SELECT * FROM tx ORDER BY id"), rows("SELECT * FROM copy2 ORDER BY id"),
        "an exported table loads back identically");

    final Path query = dir.resolve("query.tsv");
    assertEquals(2, update("COPY (SELECT id, amount * 2 AS twice FROM tx WHERE amount > 1"
        + " ORDER BY id) TO " + CopyTestSupport.lit(query)));
    assertEquals("ID\tTWICE\n1\t25.00\n2\t500.00\n",
        Files.readString(query, StandardCharsets.UTF_8));
  }

  @Test
  void aBadRowAnywhereLeavesTheTableUnchanged() throws Exception {
    update("INSERT INTO tx (id, user_id) VALUES (100, 'kept')");
    final Path bad = file("bad.csv", "id,user_id,amount\n1,a,1\n2,b,x1\n3,c,3\n");
    final SQLException e = assertThrows(SQLException.class, () -> update("COPY tx FROM " + CopyTestSupport.lit(bad)));
    assertEquals("22018", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("AMOUNT")
        && e.getMessage().contains("x1"), e.getMessage());
    assertEquals(List.of("100"), rows("SELECT id FROM tx"));

    final Path dup = file("dup.csv", "id,user_id\n1,a\n100,b\n");
    final SQLException d = assertThrows(SQLException.class, () -> update("COPY tx FROM " + CopyTestSupport.lit(dup)));
    assertEquals("23505", d.getSQLState(), d.getMessage());
    assertTrue(d.getMessage().contains("line 3"), d.getMessage());
    assertEquals(List.of("100"), rows("SELECT id FROM tx"));
  }

  @Test
  void fileProblemsAreClearErrors() throws Exception {
    assertEquals("58030", assertThrows(SQLException.class,
        () -> update("COPY tx FROM " + CopyTestSupport.lit(dir.resolve("missing.csv")))).getSQLState());
    assertEquals("42S22", assertThrows(SQLException.class,
        () -> update("COPY tx FROM " + CopyTestSupport.lit(file("x.csv", "id,user_id,nope\n1,a,2\n"))))
        .getSQLState());
    assertEquals("23502", assertThrows(SQLException.class,
        () -> update("COPY tx FROM " + CopyTestSupport.lit(file("y.csv", "id,amount\n1,2\n")))).getSQLState());
    final SQLException fields = assertThrows(SQLException.class,
        () -> update("COPY tx FROM " + CopyTestSupport.lit(file("z.csv", "id,user_id\n1,a,extra\n"))));
    assertTrue(fields.getSQLState().startsWith("22"), fields.getSQLState());
    assertEquals("42S02", assertThrows(SQLException.class,
        () -> update("COPY nowhere FROM " + CopyTestSupport.lit(file("w.csv", "id\n1\n")))).getSQLState());
    assertEquals("0A000", assertThrows(SQLException.class,
        () -> update("COPY tx FROM " + CopyTestSupport.lit(file("v.xlsx", "")))).getSQLState());
    assertFalse(Files.exists(dir.resolve("never.csv")));
    assertThrows(SQLException.class,
        () -> update("COPY (SELECT nope FROM tx) TO " + CopyTestSupport.lit(dir.resolve("never.csv"))));
    assertFalse(Files.exists(dir.resolve("never.csv")), "a failed export leaves no file");
    assertEquals(List.of(), rows("SELECT id FROM tx"));
  }

  @Test
  void headerlessFilesAndOtherDelimiters() throws Exception {
    final Path in = file("plain.txt", "7;g;1.25;;;\n");
    assertEquals(1, update("COPY tx FROM " + CopyTestSupport.lit(in) + " WITH (header = false, delimiter = ';')"));
    assertEquals(List.of("7|g|1.25"), rows("SELECT id, user_id, amount FROM tx"));
    assertEquals(new BigDecimal("1.25"), new BigDecimal(rows("SELECT amount FROM tx").get(0)));
  }

  @Test
  void arrowFilesRoundTripEveryColumnType() throws Exception {
    update("CREATE TABLE a (id BIGINT PRIMARY KEY, s VARCHAR(10), d DECIMAL(8, 3), f DOUBLE,"
        + " r REAL, b BOOLEAN, dt DATE, tm TIME, ts TIMESTAMP, i INTEGER, sm SMALLINT,"
        + " bin VARBINARY(4))");
    update("INSERT INTO a VALUES (1, 'x\u00e9', 1.5, 2.25, 0.5, true, DATE '2026-01-02',"
        + " TIME '03:04:05', TIMESTAMP '2026-01-02 03:04:05.678', 7, -3, X'CAFE'),"
        + " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
        + " (3, '', -0.001, -1e300, -2.5, false, DATE '1969-12-31', TIME '23:59:59',"
        + " TIMESTAMP '1960-06-01 00:00:00', -2147483648, 32767, X'')");
    final Path arrow = dir.resolve("a.arrow");
    assertEquals(3, update("COPY a TO " + CopyTestSupport.lit(arrow)));
    update("CREATE TABLE b (id BIGINT PRIMARY KEY, s VARCHAR(10), d DECIMAL(8, 3), f DOUBLE,"
        + " r REAL, b BOOLEAN, dt DATE, tm TIME, ts TIMESTAMP, i INTEGER, sm SMALLINT,"
        + " bin VARBINARY(4))");
    assertEquals(3, update("COPY b FROM " + CopyTestSupport.lit(arrow)));
    assertEquals(rows("SELECT * FROM a ORDER BY id"), rows("SELECT * FROM b ORDER BY id"));

    final Path feather = dir.resolve("q.feather");
    assertEquals(2, update("COPY (SELECT id, f * 2 AS twice FROM a WHERE id < 3) TO "
        + CopyTestSupport.lit(feather)));
    update("CREATE TABLE c (id BIGINT PRIMARY KEY, twice DOUBLE)");
    assertEquals(2, update("COPY c FROM " + CopyTestSupport.lit(feather)));
    assertEquals(List.of("1|4.5", "2|null"), rows("SELECT * FROM c ORDER BY id"));

    update("CREATE TABLE strict (id BIGINT PRIMARY KEY, twice DOUBLE, must INTEGER NOT NULL)");
    assertEquals("23502", assertThrows(SQLException.class,
        () -> update("COPY strict FROM " + CopyTestSupport.lit(feather))).getSQLState());
    assertEquals(List.of(), rows("SELECT id FROM strict"));
  }
}
