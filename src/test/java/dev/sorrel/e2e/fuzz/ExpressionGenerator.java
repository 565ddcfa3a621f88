package dev.sorrel.e2e.fuzz;

import dev.sorrel.e2e.fuzz.FuzzSchema.Column;
import dev.sorrel.e2e.fuzz.FuzzSchema.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates typed SQL expressions and predicates over the columns in scope: column references,
 * literals (with extremes now and then), arithmetic, functions, CASE, COALESCE, CAST,
 * comparisons, BETWEEN, IN, LIKE, IS NULL, the three-valued connectives, and correlated
 * EXISTS and IN subqueries. Expressions are typed so that most of them are valid; invalid ones
 * still have to fail cleanly.
 */
final class ExpressionGenerator {
  /** A column reachable as {@code alias.column}. */
  record Ref(String alias, Column column) {
    String sql() {
      return alias + "." + column.name();
    }
  }

  private static final Kind[] COMPARABLE = {Kind.INT, Kind.INT, Kind.APPROX, Kind.EXACT,
      Kind.TEXT, Kind.DATE, Kind.TIMESTAMP, Kind.TIME, Kind.BOOL};

  private final Random random;
  private final List<Ref> scope;
  private final int maxDepth;
  private int subqueries;

  ExpressionGenerator(Random random, List<Ref> scope, int maxDepth) {
    this(random, scope, maxDepth, true);
  }

  /**
   * With {@code subqueries} false, no EXISTS or IN subquery is generated (each counts as
   * one already made).
   */
  ExpressionGenerator(Random random, List<Ref> scope, int maxDepth, boolean subqueries) {
    this.random = random;
    this.scope = scope;
    this.maxDepth = maxDepth;
    this.subqueries = subqueries ? 0 : 2;
  }

  /** The columns of {@code table} under {@code alias}. */
  static List<Ref> refs(String alias, List<Column> columns) {
    final List<Ref> refs = new ArrayList<>();
    for (Column c : columns) {
      refs.add(new Ref(alias, c));
    }
    return refs;
  }

  Kind anyKind() {
    return COMPARABLE[random.nextInt(COMPARABLE.length)];
  }

  String predicate() {
    return predicate(0);
  }

  String predicate(int depth) {
    final int choice = depth >= maxDepth ? random.nextInt(6) : random.nextInt(14);
    switch (choice) {
      case 0, 1, 2 -> {
        final Kind k = anyKind();
        final String[] ops = {"=", "<>", "<", "<=", ">", ">="};
        return expr(k, depth + 1) + " " + ops[random.nextInt(ops.length)] + " "
            + expr(k, depth + 1);
      }
      case 3 -> {
        return expr(anyKind(), depth + 1) + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
      }
      case 4 -> {
        final Ref r = column(Kind.BOOL);
        return r == null ? "TRUE" : r.sql();
      }
      case 5 -> {
        final Kind k = random.nextBoolean() ? Kind.INT : Kind.TEXT;
        final List<String> items = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
          items.add(literal(k));
        }
        return expr(k, depth + 1) + (random.nextInt(3) == 0 ? " NOT IN (" : " IN (")
            + String.join(", ", items) + ")";
      }
      case 6 -> {
        return "NOT (" + predicate(depth + 1) + ")";
      }
      case 7, 8 -> {
        return "(" + predicate(depth + 1) + (random.nextBoolean() ? " AND " : " OR ")
            + predicate(depth + 1) + ")";
      }
      case 9 -> {
        final Kind k = random.nextBoolean() ? Kind.INT : Kind.APPROX;
        return expr(k, depth + 1) + (random.nextInt(4) == 0 ? " NOT BETWEEN " : " BETWEEN ")
            + literal(k) + " AND " + literal(k);
      }
      case 10 -> {
        final String[] patterns = {"'a%'", "'%b%'", "'_'", "''", "'%'", "'A%'", "'%\\_%'"};
        return expr(Kind.TEXT, depth + 1) + (random.nextBoolean() ? " LIKE " : " NOT LIKE ")
            + patterns[random.nextInt(patterns.length)];
      }
      case 11 -> {
        final Ref r = column(Kind.INT);
        if (r == null || subqueries++ > 1) {
          return "TRUE";
        }
        final String table = FuzzSchema.pick(random, FuzzSchema.TABLES);
        return (random.nextBoolean() ? "EXISTS" : "NOT EXISTS") + " (SELECT 1 FROM " + table
            + " sq WHERE sq.i = " + r.sql() + (random.nextBoolean() ? "" : " AND sq.b") + ")";
      }
      case 12 -> {
        final Ref r = column(Kind.INT);
        if (r == null || subqueries++ > 1) {
          return "FALSE";
        }
        final String table = FuzzSchema.pick(random, FuzzSchema.TABLES);
        return r.sql() + (random.nextBoolean() ? " IN" : " NOT IN") + " (SELECT sq.bi FROM "
            + table + " sq WHERE sq.ti > " + (random.nextInt(5) - 2) + ")";
      }
      default -> {
        return "(" + predicate(depth + 1) + ") IS " + (random.nextBoolean() ? "" : "NOT ")
            + (random.nextBoolean() ? "TRUE" : "FALSE");
      }
    }
  }

  /** An expression of the kind. */
  String expr(Kind kind, int depth) {
    if (depth >= maxDepth || random.nextInt(3) == 0) {
      final Ref r = column(kind);
      return r != null && random.nextInt(4) != 0 ? r.sql() : literal(kind);
    }
    return switch (kind) {
      case INT -> switch (random.nextInt(9)) {
        case 0 -> "(" + expr(kind, depth + 1) + " + " + expr(kind, depth + 1) + ")";
        case 1 -> "(" + expr(kind, depth + 1) + " - " + expr(kind, depth + 1) + ")";
        case 2 -> "(" + expr(kind, depth + 1) + " * " + expr(kind, depth + 1) + ")";
        case 3 -> "ABS(" + expr(kind, depth + 1) + ")";
        case 4 -> "MOD(" + expr(kind, depth + 1) + ", " + (1 + random.nextInt(4)) + ")";
        case 5 -> "CHAR_LENGTH(" + expr(Kind.TEXT, depth + 1) + ")";
        case 6 -> "-" + expr(kind, depth + 1);
        case 7 -> caseExpr(kind, depth);
        default -> "COALESCE(" + expr(kind, depth + 1) + ", " + expr(kind, depth + 1) + ")";
      };
      case APPROX -> switch (random.nextInt(6)) {
        case 0 -> "(" + expr(kind, depth + 1) + " + " + expr(kind, depth + 1) + ")";
        case 1 -> "(" + expr(kind, depth + 1) + " * " + expr(kind, depth + 1) + ")";
        case 2 -> "CAST(" + expr(Kind.INT, depth + 1) + " AS DOUBLE)";
        case 3 -> "ABS(" + expr(kind, depth + 1) + ")";
        case 4 -> caseExpr(kind, depth);
        default -> "COALESCE(" + expr(kind, depth + 1) + ", " + expr(kind, depth + 1) + ")";
      };
      case EXACT -> switch (random.nextInt(4)) {
        case 0 -> "(" + expr(kind, depth + 1) + " + " + expr(kind, depth + 1) + ")";
        case 1 -> "CAST(" + expr(Kind.INT, depth + 1) + " AS DECIMAL(10,2))";
        case 2 -> caseExpr(kind, depth);
        default -> "COALESCE(" + expr(kind, depth + 1) + ", " + expr(kind, depth + 1) + ")";
      };
      case TEXT -> switch (random.nextInt(7)) {
        case 0 -> "UPPER(" + expr(kind, depth + 1) + ")";
        case 1 -> "LOWER(" + expr(kind, depth + 1) + ")";
        case 2 -> "SUBSTRING(" + expr(kind, depth + 1) + " FROM " + (1 + random.nextInt(3))
            + " FOR " + random.nextInt(3) + ")";
        case 3 -> "(" + expr(kind, depth + 1) + " || " + expr(kind, depth + 1) + ")";
        case 4 -> "TRIM(" + expr(kind, depth + 1) + ")";
        case 5 -> caseExpr(kind, depth);
        default -> "COALESCE(" + expr(kind, depth + 1) + ", " + expr(kind, depth + 1) + ")";
      };
      case BOOL -> "(" + predicate(depth + 1) + ")";
      case DATE -> random.nextBoolean() ? "CAST(" + expr(Kind.TIMESTAMP, depth + 1) + " AS DATE)"
          : caseExpr(kind, depth);
      case TIMESTAMP -> random.nextBoolean()
          ? "(" + expr(kind, depth + 1) + " + INTERVAL '" + random.nextInt(30) + "' HOUR)"
          : caseExpr(kind, depth);
      case TIME, BINARY -> caseExpr(kind, depth);
    };
  }

  private String caseExpr(Kind kind, int depth) {
    return "CASE WHEN " + predicate(depth + 1) + " THEN " + expr(kind, depth + 1) + " ELSE "
        + expr(kind, depth + 1) + " END";
  }

  Ref column(Kind kind) {
    final List<Ref> fit = new ArrayList<>();
    for (Ref r : scope) {
      if (r.column().kind() == kind) {
        fit.add(r);
      }
    }
    return fit.isEmpty() ? null : fit.get(random.nextInt(fit.size()));
  }

  /** A literal of the kind: mostly from the tables' domains, sometimes an extreme or NULL. */
  String literal(Kind kind) {
    if (random.nextInt(12) == 0) {
      return "CAST(NULL AS " + switch (kind) {
        case INT -> "INTEGER";
        case APPROX -> "DOUBLE";
        case EXACT -> "DECIMAL(10,2)";
        case TEXT -> "VARCHAR(20)";
        case BOOL -> "BOOLEAN";
        case DATE -> "DATE";
        case TIME -> "TIME";
        case TIMESTAMP -> "TIMESTAMP";
        case BINARY -> "VARBINARY(8)";
      } + ")";
    }
    final boolean extreme = random.nextInt(10) == 0;
    return switch (kind) {
      case INT -> extreme ? FuzzSchema.pick(random, new String[] {"2147483647", "-2147483648",
          "9223372036854775807", "0"}) : Integer.toString(random.nextInt(12) - 1);
      case APPROX -> extreme ? FuzzSchema.pick(random, new String[] {"1.7976931348623157E308",
          "-0.0", "4.9E-324", "1E300"}) : FuzzSchema.pick(random, FuzzSchema.DOUBLES);
      case EXACT -> extreme ? "99999999.99" : FuzzSchema.pick(random, FuzzSchema.DECIMALS);
      case TEXT -> "'" + FuzzSchema.pick(random, FuzzSchema.TEXTS) + "'";
      case BOOL -> random.nextBoolean() ? "TRUE" : "FALSE";
      case DATE -> extreme ? "DATE '1970-01-01'" : FuzzSchema.value(random,
          FuzzSchema.COLUMNS.get(11)).replace("NULL", "DATE '2026-01-02'");
      case TIME -> String.format(java.util.Locale.ROOT, "TIME '%02d:30:00'", 8 + random.nextInt(5));
      case TIMESTAMP -> extreme ? "TIMESTAMP '1970-01-01 00:00:00'" : FuzzSchema.value(random,
          FuzzSchema.COLUMNS.get(13)).replace("NULL", "TIMESTAMP '2026-01-02 10:00:00'");
      case BINARY -> FuzzSchema.pick(random, FuzzSchema.BINARIES);
    };
  }
}
