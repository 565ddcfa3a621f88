package dev.sorrel.sql.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalcitePrepare.CalciteSignature;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.monitor.MonitorColumn;
import dev.sorrel.engine.monitor.MonitorDef;
import dev.sorrel.engine.monitor.MonitorKind;
import dev.sorrel.engine.monitor.MonitorResult;
import dev.sorrel.engine.monitor.Monitors;
import dev.sorrel.sql.SorrelPrepare;
import dev.sorrel.sql.copy.NestedQuery;
import dev.sorrel.sql.parser.SorrelSqlDialect;
import dev.sorrel.sql.parser.SqlMonitorCommand;
import dev.sorrel.sql.runtime.Cancellation;
import dev.sorrel.sql.runtime.TransactionState;
import dev.sorrel.udf.monitor.Monitoring;
import dev.sorrel.udf.monitor.PerformanceCheck;

/**
 * {@code CHECK MONITOR name [WHERE condition]}: reads the monitored columns of the rows of the
 * table the condition keeps (the current window; all rows without one), tests them against
 * the stored baselines (the reference query is not run), appends the results to
 * {@code SYS.MONITOR_RESULTS} and the drifted columns to {@code SYS.ALERTS}, and returns the
 * results, one row per column, with the columns of {@code SYS.MONITOR_RESULTS} except {@code
 * BASELINE_VALUE} (kept there; a performance monitor's {@code THRESHOLD} shows the bound). A
 * performance monitor's window is one aggregate query computing its metrics, compared with
 * their stored values.
 *
 * <p>The window's query is prepared with the statement, so an error in the condition points
 * into it and its parameters are the statement's; an error in the monitor's own columns (a
 * column dropped since CREATE) names the column.
 */
final class CheckMonitor {
  /** The result columns, as {@code SYS.MONITOR_RESULTS} types them. */
  private static final String RESULT_SHAPE = "SELECT MONITOR_NAME, COLUMN_NAME, METHOD, SCORE,"
      + " P_VALUE, THRESHOLD, DRIFTED, N_REFERENCE, N_CURRENT, NULLS_CURRENT, CHECKED_AT,"
      + " CHECK_ID FROM SYS.MONITOR_RESULTS";

  private CheckMonitor() {
  }

  static <T> CalciteSignature<T> signature(String sql, SqlMonitorCommand command,
      Database database, CalcitePrepare.Context context) {
    final MonitorDef def = MonitorCommand.existing(database, command);
    // The condition's text, kept with the results, is taken before validation rewrites it.
    final String window = command.where == null ? null : SorrelSqlDialect.sql(command.where);
    final CalciteSignature<Object> current = prepareWindow(context, def, command.where,
        command.name.getParserPosition());
    final CalciteSignature<Object> shape = new SorrelPrepare().prepareSql(context,
        CalcitePrepare.Query.of(RESULT_SHAPE), Object[].class, -1);
    final Bindable<T> run = dataContext -> {
      final List<Object[]> rows = execute(database, context, dataContext, def, current,
          window, command);
      @SuppressWarnings("unchecked") final List<T> typed = (List<T>) (List<?>) rows;
      return Linq4j.asEnumerable(typed);
    };
    return new CalciteSignature<>(sql, current.parameters, Map.of(), shape.rowType,
        shape.columns, shape.cursorFactory, context.getRootSchema(), List.of(), -1, run,
        Meta.StatementType.SELECT);
  }

  private static List<Object[]> execute(Database database, CalcitePrepare.Context context,
      DataContext dataContext, MonitorDef prepared, CalciteSignature<Object> plan,
      String window, SqlMonitorCommand command) {
    final MonitorDef def = database.monitors().monitor(prepared.name());
    if (def == null) {
      throw MonitorCommand.error(ErrorCode.OBJECT_NOT_FOUND, command.name.getParserPosition(),
          "monitor " + prepared.name() + " has been dropped since the statement was prepared");
    }
    // A monitor dropped and created again since may read other columns: plan again.
    final CalciteSignature<Object> current = sameColumns(def, prepared) ? plan
        : prepareWindow(context, def, window == null ? null
            : MonitorCommand.parseExpression(window), command.name.getParserPosition());
    final Object[] parameters = new Object[current.parameters.size()];
    for (int i = 0; i < parameters.length; i++) {
      parameters[i] = dataContext.get("?" + i);
    }
    final NestedQuery nested = new NestedQuery(new SorrelPrepare(), context, dataContext);
    final List<MonitorResult> results = switch (def.kind()) {
      case DRIFT -> MonitorCommand.read(nested, current, parameters,
          rows -> Monitoring.evaluate(database, def, rows));
      case PERFORMANCE -> MonitorCommand.read(nested, current, parameters,
          rows -> PerformanceCheck.check(def, database.monitors().baselines(def),
              measured(def, rows.next())));
    };
    final Monitors.CheckRecord record = TransactionState.write(TransactionState.of(dataContext),
        database, Cancellation.of(dataContext),
        tx -> database.monitors().record(tx, def, results, window));
    final List<Object[]> rows = new ArrayList<>();
    for (MonitorResult r : results) {
      rows.add(new Object[] {def.name(), r.column(), r.method(), r.score(),
          r.pValue(), r.threshold(), r.drifted(), r.referenceCount(), r.currentCount(),
          r.currentNulls(), record.checkedAtMillis(), record.checkId()});
    }
    return rows;
  }

  /**
   * The metrics of a performance monitor from the one row of its window's query: the metrics,
   * then for each the rows it used, then all the window's rows.
   */
  private static List<PerformanceCheck.Measured> measured(MonitorDef def, Object[] row) {
    final int n = def.columns().size();
    final long all = ((Number) row[2 * n]).longValue();
    final List<PerformanceCheck.Measured> measured = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      final Number score = (Number) row[i];
      final long used = ((Number) row[n + i]).longValue();
      measured.add(new PerformanceCheck.Measured(score == null ? null : score.doubleValue(),
          used, all - used));
    }
    return measured;
  }

  private static boolean sameColumns(MonitorDef a, MonitorDef b) {
    if (!a.table().equals(b.table()) || a.columns().size() != b.columns().size()) {
      return false;
    }
    for (int i = 0; i < a.columns().size(); i++) {
      final MonitorColumn x = a.columns().get(i);
      final MonitorColumn y = b.columns().get(i);
      if (!x.expression().equals(y.expression()) || x.numeric() != y.numeric()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Prepares the window's query, {@code SELECT columns FROM table [WHERE condition]}. If it
   * fails because of the monitor's own columns or table rather than the condition, the error
   * names the column (or table) at {@code at}.
   */
  private static CalciteSignature<Object> prepareWindow(CalcitePrepare.Context context,
      MonitorDef def, SqlNode where, SqlParserPos at) {
    try {
      return MonitorCommand.prepare(context, select(def, def.columns(), where));
    } catch (RuntimeException e) {
      ownError(context, def, at);
      throw e;
    }
  }

  /** Throws an error naming the first of the monitor's columns that no longer reads. */
  private static void ownError(CalcitePrepare.Context context, MonitorDef def,
      SqlParserPos at) {
    try {
      MonitorCommand.prepare(context, select(def, def.columns(), null));
      return;
    } catch (RuntimeException own) {
      try {
        MonitorCommand.prepare(context, select(def, List.of(), null));
      } catch (RuntimeException table) {
        throw MonitorCommand.error(MonitorCommand.code(table), at, "monitor " + def.name()
            + " cannot read its table " + def.table() + ": " + MonitorCommand.message(table)
            + "; drop the monitor, or create the table again");
      }
      for (MonitorColumn column : def.columns()) {
        try {
          MonitorCommand.prepare(context, select(def, List.of(column), null));
        } catch (RuntimeException e) {
          throw MonitorCommand.error(MonitorCommand.code(e), at, "monitor " + def.name()
              + " cannot read its column " + column.name() + " (" + column.expression()
              + ") from " + def.table() + ": " + MonitorCommand.message(e)
              + "; drop the monitor and create it again");
        }
      }
      throw MonitorCommand.error(MonitorCommand.code(own), at, "monitor " + def.name()
          + " cannot read its columns from " + def.table() + ": "
          + MonitorCommand.message(own));
    }
  }

  /**
   * {@code SELECT e1 AS n1, ... FROM table [WHERE condition]} ({@code SELECT 1} if none). For
   * a performance monitor, whose expressions are metric aggregates, the one row also counts
   * the rows each metric used (neither argument NULL, as the aggregates skip the others) and
   * all the window's rows.
   */
  private static SqlSelect select(MonitorDef def, List<MonitorColumn> columns, SqlNode where) {
    final SqlParserPos pos = SqlParserPos.ZERO;
    final SqlNodeList items = new SqlNodeList(pos);
    for (MonitorColumn column : columns) {
      items.add(SqlStdOperatorTable.AS.createCall(pos,
          MonitorCommand.parseExpression(column.expression()),
          new SqlIdentifier(column.name(), pos)));
    }
    if (def.kind() == MonitorKind.PERFORMANCE) {
      for (MonitorColumn column : columns) {
        items.add(usedRows(column));
      }
      items.add(MonitorCommand.parseExpression("COUNT(*)"));
    } else if (columns.isEmpty()) {
      items.add(org.apache.calcite.sql.SqlLiteral.createExactNumeric("1", pos));
    }
    final SqlNode table = MonitorCommand.parseExpression(tableText(def));
    return new SqlSelect(pos, null, items, table, where, null, null, null, null, null, null,
        null, null);
  }

  /** {@code COUNT(CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN 1 END)} of a metric's call. */
  private static SqlNode usedRows(MonitorColumn column) {
    final SqlCall call = (SqlCall) MonitorCommand.parseExpression(column.expression());
    final List<String> present = new ArrayList<>();
    for (SqlNode operand : call.getOperandList()) {
      present.add("(" + SorrelSqlDialect.sql(operand) + ") IS NOT NULL");
    }
    return MonitorCommand.parseExpression("COUNT(CASE WHEN " + String.join(" AND ", present)
        + " THEN 1 END)");
  }

  /** The monitored table's name as SQL text, each part quoted as stored. */
  private static String tableText(MonitorDef def) {
    final StringBuilder text = new StringBuilder();
    for (String part : def.table().split("\\.")) {
      if (text.length() > 0) {
        text.append('.');
      }
      text.append('"').append(part.replace("\"", "\"\"")).append('"');
    }
    return text.toString();
  }
}
