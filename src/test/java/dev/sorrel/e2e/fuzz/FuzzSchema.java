package dev.sorrel.e2e.fuzz;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The tables the generated statements run on: two keyed tables with a column of every type
 * (part of their rows in a table segment, part only in RocksDB, some updated and deleted
 * after the segment was built), a keyless table, an entity with a feature view for ASOF
 * joins, a model and an experiment. Values come from small domains, so that joins match and
 * predicates split rows both ways, with NULLs throughout.
 */
final class FuzzSchema {
  /** The category of a column's type, which decides which expressions it fits. */
  enum Kind { INT, APPROX, EXACT, TEXT, BOOL, DATE, TIME, TIMESTAMP, BINARY }

  /** A column and its kind. */
  record Column(String name, String type, Kind kind) {
  }

  static final List<Column> COLUMNS = List.of(
      new Column("id", "INTEGER", Kind.INT),
      new Column("ti", "TINYINT", Kind.INT),
      new Column("si", "SMALLINT", Kind.INT),
      new Column("i", "INTEGER", Kind.INT),
      new Column("bi", "BIGINT", Kind.INT),
      new Column("d", "DOUBLE", Kind.APPROX),
      new Column("r", "REAL", Kind.APPROX),
      new Column("dc", "DECIMAL(10,2)", Kind.EXACT),
      new Column("s", "VARCHAR(20)", Kind.TEXT),
      new Column("c", "CHAR(5)", Kind.TEXT),
      new Column("b", "BOOLEAN", Kind.BOOL),
      new Column("dt", "DATE", Kind.DATE),
      new Column("t", "TIME", Kind.TIME),
      new Column("ts", "TIMESTAMP", Kind.TIMESTAMP),
      new Column("vb", "VARBINARY(8)", Kind.BINARY));

  /** The keyed tables with every column, and the keyless one with a few. */
  static final List<String> TABLES = List.of("t0", "t1");
  static final String KEYLESS = "k0";
  static final List<Column> KEYLESS_COLUMNS = List.of(COLUMNS.get(3), COLUMNS.get(5),
      COLUMNS.get(8), COLUMNS.get(13));

  static final String[] TEXTS = {"", "a", "abc", "A", "ß", "x y", "%_", "abc ", "日本"};
  static final String[] CHARS = {"", "ab", "abcde", "a"};
  static final String[] DOUBLES = {"0.0", "1.5", "-2.25", "3.0", "1.0E10", "-0.5", "2.0"};
  static final String[] REALS = {"0.5", "-1.25", "2.0", "0.0"};
  static final String[] DECIMALS = {"0.00", "1.25", "-3.50", "99999999.99", "2.00"};
  static final String[] BINARIES = {"X''", "X'00'", "X'FF01'", "X'0102030405060708'"};

  static String createTable(String name) {
    final StringBuilder sql = new StringBuilder("CREATE TABLE ").append(name).append(" (");
    for (int i = 0; i < COLUMNS.size(); i++) {
      final Column c = COLUMNS.get(i);
      sql.append(i == 0 ? "" : ", ").append(c.name()).append(' ').append(c.type())
          .append(i == 0 ? " PRIMARY KEY" : "");
    }
    return sql.append(')').toString();
  }

  /** A literal of the column's type from its domain, or NULL now and then. */
  static String value(Random random, Column c) {
    if (!c.name().equals("id") && random.nextInt(7) == 0) {
      return "NULL";
    }
    return switch (c.kind()) {
      case INT -> switch (c.name()) {
        case "ti" -> Integer.toString(random.nextInt(7) - 3);
        case "si" -> Integer.toString(random.nextInt(201) - 100);
        case "bi" -> Integer.toString(random.nextInt(6));
        default -> Integer.toString(random.nextInt(10));
      };
      case APPROX -> c.name().equals("r") ? pick(random, REALS) : pick(random, DOUBLES);
      case EXACT -> pick(random, DECIMALS);
      case TEXT -> "'" + (c.name().equals("c") ? pick(random, CHARS) : pick(random, TEXTS)) + "'";
      case BOOL -> random.nextBoolean() ? "TRUE" : "FALSE";
      case DATE -> String.format(Locale.ROOT, "DATE '2026-01-%02d'", 1 + random.nextInt(5));
      case TIME -> String.format(Locale.ROOT, "TIME '%02d:30:00'", 8 + random.nextInt(5));
      case TIMESTAMP -> String.format(Locale.ROOT, "TIMESTAMP '2026-01-%02d %02d:00:00'",
          1 + random.nextInt(3), 8 + random.nextInt(6));
      case BINARY -> pick(random, BINARIES);
    };
  }

  static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** A row of every column, with the given key. */
  static String row(Random random, int id) {
    final List<String> values = new ArrayList<>();
    values.add(Integer.toString(id));
    for (Column c : COLUMNS.subList(1, COLUMNS.size())) {
      values.add(value(random, c));
    }
    return "(" + String.join(", ", values) + ")";
  }

  /** Creates and fills everything; the model file is the iris fixture. */
  static void create(Connection c, Random random, String irisModel) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String table : TABLES) {
        s.execute(createTable(table));
        final int rows = table.equals("t0") ? 60 : 40;
        insertRows(s, random, table, 1, rows);
        // A segment holds these rows; what follows lives in RocksDB only, over it.
        s.execute("ALTER TABLE " + table + " COMPACT");
        insertRows(s, random, table, rows + 1, rows + 15);
        s.execute("UPDATE " + table + " SET i = i + 1, s = 'upd' WHERE MOD(id, 7) = 0");
        s.execute("DELETE FROM " + table + " WHERE MOD(id, 11) = 0");
      }
      s.execute(createTable("p0"));
      s.execute(createTable("f0"));
      s.execute("CREATE TABLE " + KEYLESS + " (i INTEGER, d DOUBLE, s VARCHAR(20), ts TIMESTAMP)");
      final List<String> rows = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        final List<String> values = new ArrayList<>();
        for (Column col : KEYLESS_COLUMNS) {
          values.add(value(random, col));
        }
        rows.add("(" + String.join(", ", values) + ")");
      }
      s.execute("INSERT INTO " + KEYLESS + " VALUES " + String.join(", ", rows));
      s.execute("CREATE ENTITY driver (driver_id BIGINT)");
      s.execute("CREATE FEATURE VIEW stats ENTITY driver (conv_rate DOUBLE, trips BIGINT)");
      final List<String> features = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        features.add(String.format(Locale.ROOT,
            "(%d, TIMESTAMP '2026-01-%02d %02d:00:00', TIMESTAMP '2026-01-03 00:00:00', %s, %s)",
            random.nextInt(6), 1 + random.nextInt(3), 8 + random.nextInt(6),
            random.nextInt(5) == 0 ? "NULL" : pick(random, DOUBLES),
            random.nextInt(5) == 0 ? "NULL" : Integer.toString(random.nextInt(100))));
      }
      s.execute("INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate,"
          + " trips) VALUES " + String.join(", ", features));
      s.execute("CREATE MODEL iris FROM '" + irisModel + "'");
      s.execute("CREATE EXPERIMENT fz_exp (a MODEL 'iris:1' WEIGHT 50, b MODEL 'iris:1' WEIGHT 50)");
    }
  }

  private static void insertRows(Statement s, Random random, String table, int from, int to)
      throws SQLException {
    final List<String> rows = new ArrayList<>();
    for (int id = from; id <= to; id++) {
      rows.add(row(random, id));
    }
    s.execute("INSERT INTO " + table + " VALUES " + String.join(", ", rows));
  }

  private FuzzSchema() {
  }
}
