package dev.sorrel.sql.monitor;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.ToLongFunction;

import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalcitePrepare.CalciteSignature;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.monitor.MonitorDef;
import dev.sorrel.sql.SorrelParserFactory;
import dev.sorrel.sql.SorrelPrepare;
import dev.sorrel.sql.SorrelValidationException;
import dev.sorrel.sql.copy.NestedQuery;
import dev.sorrel.sql.ddl.PositionedException;
import dev.sorrel.sql.parser.SorrelSqlDialect;
import dev.sorrel.sql.parser.SqlCreateMonitor;
import dev.sorrel.sql.parser.SqlMonitorCommand;
import dev.sorrel.sql.runtime.TransactionState;

/**
 * Prepares the monitor statements that run queries or return rows: {@code CREATE MONITOR}
 * (whose reference query is validated when prepared and run when executed), {@code CHECK
 * MONITOR} (a result set), {@code REFRESH MONITOR} and {@code ALTER MONITOR} (update counts).
 * Queries inside them are prepared from the statement's own parse tree, so their errors carry
 * the statement's line and column.
 */
public final class MonitorCommand {
  private static final List<ColumnMetaData> ROW_COUNT =
      List.of(MetaImpl.columnMetaData("ROWCOUNT", 0, Long.class, false));

  private MonitorCommand() {
  }

  /** The signature of a monitor statement other than DROP MONITOR. */
  public static <T> CalciteSignature<T> signature(String sql, SqlNode node, Database database,
      CalcitePrepare.Context context) {
    if (node instanceof SqlCreateMonitor create) {
      return CreateMonitor.signature(sql, create, database, context);
    }
    final SqlMonitorCommand command = (SqlMonitorCommand) node;
    final String name = name(command);
    switch (command.kind) {
    case CHECK:
      return CheckMonitor.signature(sql, command, database, context);
    case REFRESH:
      existing(database, command);
      return counting(sql, List.of(), context, dataContext ->
          CreateMonitor.refresh(database, context, dataContext, command));
    case ACKNOWLEDGE_ALERTS:
      existing(database, command);
      return counting(sql, List.of(), context, dataContext -> at(command, () ->
          TransactionState.write(TransactionState.of(dataContext), database,
              tx -> database.monitors().acknowledgeAlerts(tx, name))));
    case CLEAR_ALERTS:
      existing(database, command);
      return counting(sql, List.of(), context, dataContext -> at(command, () ->
          TransactionState.write(TransactionState.of(dataContext), database,
              tx -> database.monitors().clearAlerts(tx, name))));
    case SET_COMMENT:
      existing(database, command);
      return counting(sql, List.of(), context, dataContext -> at(command, () -> {
        TransactionState.ddl(TransactionState.of(dataContext), database, "ALTER MONITOR",
            tx -> database.monitors().setComment(tx, name,
                ((org.apache.calcite.sql.SqlLiteral) command.comment).getValueAs(String.class)));
        return 0;
      }));
    }
    throw new AssertionError(command.kind);
  }

  static String name(SqlMonitorCommand command) {
    return command.name.names.get(command.name.names.size() - 1);
  }

  /** The monitor a statement names, or 42S02 at its name. */
  static MonitorDef existing(Database database, SqlMonitorCommand command) {
    try {
      return database.monitors().existing(name(command));
    } catch (SorrelException e) {
      throw new PositionedException(e.code(), command.name.getParserPosition(), e.getMessage());
    }
  }

  /** Runs an action, giving an engine error that has no position the statement's. */
  static long at(SqlNode statement, java.util.function.Supplier<Number> action) {
    try {
      return action.get().longValue();
    } catch (PositionedException e) {
      throw e;
    } catch (SorrelException e) {
      throw new PositionedException(e.code(), statement.getParserPosition(), e.getMessage());
    }
  }

  /**
   * A statement that runs {@code action} when executed and reports what it returns as its
   * update count.
   */
  static <T> CalciteSignature<T> counting(String sql, List<AvaticaParameter> parameters,
      CalcitePrepare.Context context, ToLongFunction<DataContext> action) {
    final Bindable<T> run = dataContext -> {
      @SuppressWarnings("unchecked") final T count =
          (T) (Object) action.applyAsLong(dataContext);
      return Linq4j.singletonEnumerable(count);
    };
    return new CalciteSignature<>(sql, parameters, Map.of(), null, ROW_COUNT,
        Meta.CursorFactory.OBJECT, context.getRootSchema(), List.of(), -1, run,
        Meta.StatementType.IS_DML);
  }

  /** Prepares a query tree of the statement being prepared (validating, so changing, it). */
  static CalciteSignature<Object> prepare(CalcitePrepare.Context context, SqlNode tree) {
    return new SorrelPrepare().prepareTree(context, SorrelSqlDialect.sql(tree), tree, null);
  }

  /** Parses stored SQL text of an expression (a column, a table name, a condition). */
  static SqlNode parseExpression(String text) {
    try {
      return SqlParser.create(text, SqlParser.config()
          .withParserFactory(SorrelParserFactory.INSTANCE)).parseExpression();
    } catch (SqlParseException e) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "stored monitor text does not parse: "
          + text, e);
    }
  }

  /** The SQLState of an error from preparing a query. */
  static ErrorCode code(RuntimeException e) {
    if (e instanceof SorrelException s) {
      return s.code();
    }
    if (e instanceof CalciteContextException c) {
      return SorrelValidationException.codeOf(c);
    }
    return ErrorCode.INTERNAL_ERROR;
  }

  /** The message of an error from preparing a query, without Calcite's position prefix. */
  static String message(RuntimeException e) {
    if (e instanceof CalciteContextException c && c.getCause() != null) {
      return c.getCause().getMessage();
    }
    return e.getMessage();
  }

  static PositionedException error(ErrorCode code, SqlParserPos at, String message) {
    return new PositionedException(code, at, message);
  }

  /** The rows of a nested query as an iterator; the caller closes them. */
  static Iterator<Object[]> iterator(NestedQuery.Rows rows) {
    return new Iterator<>() {
      private Boolean ahead;

      @Override public boolean hasNext() {
        if (ahead == null) {
          ahead = rows.next();
        }
        return ahead;
      }

      @Override public Object[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ahead = null;
        return rows.row();
      }
    };
  }

  /** Runs a prepared query of the executing statement, reading its rows into a monitor. */
  static <R> R read(NestedQuery nested, CalciteSignature<Object> plan, Object[] parameters,
      java.util.function.Function<Iterator<Object[]>, R> reader) {
    try (NestedQuery.Rows rows = nested.prepared(plan).run(parameters)) {
      return reader.apply(iterator(rows));
    }
  }
}
