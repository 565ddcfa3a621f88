package dev.sorrel.sql;

import java.util.Locale;
import java.util.Properties;

import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;

import dev.sorrel.sql.parser.SqlCopy;
import dev.sorrel.sql.parser.SqlInsertOnConflict;
import dev.sorrel.sql.parser.SqlMergeStatement;
import dev.sorrel.sql.parser.SqlMonitorCommand;
import dev.sorrel.sql.parser.SqlRefreshFeatureView;
import dev.sorrel.sql.parser.SqlTrackingStatement;
import dev.sorrel.sql.parser.SqlTransactionControl;

/**
 * What a statement does to the database, decided from its parsed form
 * before anything runs: a server grants statements by this class to a
 * user's role. Anything not known to only read or only change rows is
 * {@link #ADMIN}, so a statement added to the grammar later is refused to the
 * lesser roles until it is placed here.
 */
public enum StatementAccess {
  /** Reads only: queries, EXPLAIN, DESCRIBE, transaction control. */
  READ,
  /**
   * Changes rows: INSERT, UPDATE, DELETE, MERGE, upserts, COPY (both
   * directions), REFRESH FEATURE VIEW, CHECK MONITOR (which records its
   * results) and the tracking statements of training runs (START RUN, LOG ...).
   */
  WRITE,
  /** Changes the schema or the registry: DDL, models, experiments, monitors, SET. */
  ADMIN;

  private static final SqlParser.Config PARSER =
      SorrelPrepare.parserConfig(new CalciteConnectionConfigImpl(new Properties()));

  /**
   * The class of a statement. Text that does not parse is classed by its
   * first word (the statement fails with its syntax error when it runs).
   */
  public static StatementAccess of(String sql) {
    final SqlNodeList statements;
    try {
      statements = SqlParser.create(sql, PARSER).parseStmtList();
    } catch (SqlParseException | RuntimeException e) {
      return byFirstWord(sql);
    }
    StatementAccess most = READ;
    for (SqlNode node : statements) {
      final StatementAccess access = of(node);
      if (access.compareTo(most) > 0) {
        most = access;
      }
    }
    return most;
  }

  /** The class of one parsed statement. */
  public static StatementAccess of(SqlNode node) {
    if (node instanceof SqlTransactionControl) {
      return READ;
    }
    if (node instanceof SqlCopy || node instanceof SqlTrackingStatement
        || node instanceof SqlRefreshFeatureView || node instanceof SqlInsertOnConflict
        || node instanceof SqlMergeStatement) {
      return WRITE;
    }
    if (node instanceof SqlMonitorCommand command) {
      return command.kind == SqlMonitorCommand.Kind.CHECK ? WRITE : ADMIN;
    }
    if (node.getKind() == SqlKind.EXPLAIN || node.getKind() == SqlKind.DESCRIBE_TABLE
        || node.getKind() == SqlKind.DESCRIBE_SCHEMA || node.isA(SqlKind.QUERY)) {
      return READ;
    }
    if (node.isA(SqlKind.DML)) {
      return WRITE;
    }
    return ADMIN;
  }

  /** The class by the first word alone, for text that does not parse. */
  private static StatementAccess byFirstWord(String sql) {
    final String word = firstWord(sql);
    return switch (word) {
      case "", "(", "SELECT", "WITH", "VALUES", "EXPLAIN", "TABLE", "DESCRIBE", "BEGIN",
          "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE" -> READ;
      case "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "COPY" -> WRITE;
      default -> ADMIN;
    };
  }

  private static String firstWord(String sql) {
    int i = 0;
    final int n = sql.length();
    while (i < n) {
      if (Character.isWhitespace(sql.charAt(i))) {
        i++;
      } else if (sql.startsWith("--", i)) {
        final int newline = sql.indexOf('\n', i);
        i = newline < 0 ? n : newline + 1;
      } else if (sql.startsWith("/*", i)) {
        final int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    if (i < n && sql.charAt(i) == '(') {
      return "(";
    }
    int end = i;
    while (end < n && Character.isLetter(sql.charAt(end))) {
      end++;
    }
    return sql.substring(i, end).toUpperCase(Locale.ROOT);
  }
}
