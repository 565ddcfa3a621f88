package dev.sorrel.sql.tracking;

import java.math.BigDecimal;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.jdbc.CalcitePrepare.CalciteSignature;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.tracking.Metric;
import dev.sorrel.engine.tracking.RunStatus;
import dev.sorrel.engine.tracking.Tracking;
import dev.sorrel.sql.ddl.PositionedException;
import dev.sorrel.sql.parser.SqlTrackingStatement;
import dev.sorrel.sql.runtime.TransactionState;

/**
 * Prepares a tracking statement as one that acts when executed: its values
 * (literals or parameters) are read then, and the engine's {@link Tracking}
 * writes in the statement's transaction (the connection's open transaction
 * or JDBC batch, if any). {@code START RUN} returns one row, the new run's id, and makes it the
 * connection's {@link CurrentRun}; the others report how many values they
 * logged. A failing statement changes nothing, and its error points at the
 * value it is about (a param's key, a run id) or at the statement.
 */
public final class TrackingCommand {
  private static final List<ColumnMetaData> RUN_ID_COLUMN =
      List.of(MetaImpl.columnMetaData("RUN_ID", 0, String.class, false));
  private static final List<ColumnMetaData> ROW_COUNT =
      List.of(MetaImpl.columnMetaData("ROWCOUNT", 0, Long.class, false));

  private final SqlTrackingStatement statement;
  private final Database database;
  private final CurrentRun current;
  private final TransactionState preparedFor;

  private TrackingCommand(SqlTrackingStatement statement, Database database,
      CurrentRun current, TransactionState preparedFor) {
    this.statement = statement;
    this.database = database;
    this.current = current;
    this.preparedFor = preparedFor;
  }

  /**
   * The statement's signature, its parameters typed by where they stand.
   *
   * @param transactions the transaction state of the preparing connection, or null
   */
  public static <T> CalciteSignature<T> signature(String sql, SqlTrackingStatement statement,
      Database database, CurrentRun current, TransactionState transactions) {
    final TrackingCommand command = new TrackingCommand(statement, database, current,
        transactions);
    final boolean returnsId = statement.kind == SqlTrackingStatement.Kind.START_RUN;
    final Bindable<T> run = dataContext -> {
      final Object result = command.execute(dataContext);
      @SuppressWarnings("unchecked") final T row = (T) result;
      return Linq4j.singletonEnumerable(row);
    };
    return new CalciteSignature<>(sql, command.parameters(), Map.of(), null,
        returnsId ? RUN_ID_COLUMN : ROW_COUNT, Meta.CursorFactory.OBJECT, null, List.of(), -1,
        run, returnsId ? Meta.StatementType.SELECT : Meta.StatementType.IS_DML);
  }

  // ------------------------------------------------------------ parameters

  /** The statement's parameters in order, each typed as the value it stands for. */
  private List<AvaticaParameter> parameters() {
    final Map<Integer, Integer> types = new TreeMap<>();
    final SqlTrackingStatement s = statement;
    if (s.pairs != null) {
      for (int i = 0; i < s.pairs.size(); i++) {
        final boolean number = s.kind == SqlTrackingStatement.Kind.LOG_METRIC && i % 2 == 1;
        type(types, s.pairs.get(i), number ? Types.DOUBLE : Types.VARCHAR);
      }
    }
    type(types, s.run, Types.VARCHAR);
    type(types, s.step, Types.BIGINT);
    type(types, s.context, Types.VARCHAR);
    final List<AvaticaParameter> parameters = new ArrayList<>();
    for (Map.Entry<Integer, Integer> entry : types.entrySet()) {
      final int type = entry.getValue();
      final SqlTypeName name = type == Types.DOUBLE ? SqlTypeName.DOUBLE
          : type == Types.BIGINT ? SqlTypeName.BIGINT : SqlTypeName.VARCHAR;
      final Class<?> javaClass = type == Types.DOUBLE ? Double.class
          : type == Types.BIGINT ? Long.class : String.class;
      parameters.add(new AvaticaParameter(type != Types.VARCHAR, type == Types.DOUBLE ? 15 : 0,
          0, type, name.getName(), javaClass.getName(), "?" + (entry.getKey() + 1)));
    }
    return parameters;
  }

  private static void type(Map<Integer, Integer> types, SqlNode node, int type) {
    if (node instanceof SqlDynamicParam parameter) {
      types.put(parameter.getIndex(), type);
    }
  }

  // ------------------------------------------------------------ execution

  private Object execute(DataContext context) {
    final Tracking tracking = database.tracking();
    final SqlTrackingStatement s = statement;
    switch (s.kind) {
    case START_RUN: {
      final String name = text(s.run, context, "run name");
      final String project = s.project instanceof SqlIdentifier id ? id.getSimple()
          : text(s.project, context, "project");
      final Map<String, String> tags = new LinkedHashMap<>();
      if (s.options != null) {
        for (int i = 0; i < s.options.size(); i += 2) {
          tags.put(((SqlIdentifier) s.options.get(i)).getSimple().toLowerCase(Locale.ROOT),
              ((SqlLiteral) s.options.get(i + 1)).toValue());
        }
      }
      final String runId = at(s.getParserPosition(), () -> write(context,
          tx -> tracking.startRun(tx, project, name, tags)));
      current.set(runId);
      return runId;
    }
    case END_RUN: {
      final RunStatus status = status();
      final String runId = run(context);
      at(s.run != null ? s.run.getParserPosition() : s.getParserPosition(),
          () -> write(context, tx -> {
            tracking.endRun(tx, runId, status);
            return null;
          }));
      current.ended(runId);
      return 1L;
    }
    case LOG_PARAM:
    case LOG_METRIC:
    case SET_TAG:
      return logPairs(tracking, context);
    case LOG_INPUT: {
      final String runId = run(context);
      final String input = s.input.names.get(s.input.names.size() - 1);
      final String usage = text(s.context, context, "context");
      at(s.input.getParserPosition(), () -> write(context, tx -> {
        tracking.logInput(tx, runId, input, usage);
        return null;
      }));
      return 1L;
    }
    }
    throw new SorrelException(ErrorCode.INTERNAL_ERROR, "unknown statement " + s.kind);
  }

  /** LOG PARAM, LOG METRIC and SET TAG: every pair in one transaction, or none. */
  private long logPairs(Tracking tracking, DataContext context) {
    final SqlTrackingStatement s = statement;
    final String runId = run(context);
    final long now = System.currentTimeMillis();
    final Long step = s.step == null ? Long.valueOf(0) : step(context);
    final List<SqlNode> pairs = s.pairs.getList();
    // Values are read before anything is written, so a bad one leaves nothing behind.
    final List<String> keys = new ArrayList<>();
    final List<Object> values = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i += 2) {
      final SqlNode keyNode = pairs.get(i);
      final String key = text(keyNode, context, "key");
      if (key == null || !(keyNode instanceof SqlCharStringLiteral
          || keyNode instanceof SqlDynamicParam)) {
        throw new PositionedException(ErrorCode.TYPE_MISMATCH, keyNode.getParserPosition(),
            "a key of " + s.kind.sql() + " is a string such as 'lr', not " + keyNode);
      }
      keys.add(key);
      final SqlNode valueNode = pairs.get(i + 1);
      values.add(s.kind == SqlTrackingStatement.Kind.LOG_METRIC
          ? number(valueNode, context, key) : text(valueNode, context, "value of " + key));
    }
    write(context, tx -> {
      for (int i = 0; i < keys.size(); i++) {
        final String key = keys.get(i);
        final Object value = values.get(i);
        at(pairs.get(2 * i).getParserPosition(), () -> {
          switch (s.kind) {
          case LOG_PARAM:
            tracking.logParam(tx, runId, key, (String) value);
            break;
          case LOG_METRIC:
            tracking.logMetric(tx, runId, new Metric(key, (Double) value, step, now));
            break;
          case SET_TAG:
            if (value != null) {
              tracking.setTag(tx, runId, key, (String) value);
            } else if (tracking.tags(runId).containsKey(key)) {
              tracking.deleteTag(tx, runId, key);
            }
            break;
          case START_RUN:
          case END_RUN:
          case LOG_INPUT:
            throw new SorrelException(ErrorCode.INTERNAL_ERROR, s.kind + " has no pairs");
          }
          return null;
        });
      }
      return null;
    });
    return keys.size();
  }

  /** The run a statement names, else the connection's current run. */
  private String run(DataContext context) {
    final SqlTrackingStatement s = statement;
    if (s.run != null) {
      final String runId = text(s.run, context, "run id");
      if (runId == null) {
        throw new PositionedException(ErrorCode.INVALID_PARAMETER_VALUE,
            s.run.getParserPosition(), "the run id is NULL");
      }
      final TransactionState state = transactions(context);
      if (database.tracking().run(runId) == null && (state == null || !state.isGathering())) {
        throw new PositionedException(ErrorCode.UNDEFINED_OBJECT, s.run.getParserPosition(),
            "run '" + runId + "' does not exist (run ids are in TRACKING.RUNS)");
      }
      return runId;
    }
    final String runId = current.get();
    if (runId == null) {
      throw new PositionedException(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE,
          s.getParserPosition(), s.kind.sql() + " needs a run: this connection has no"
              + " current run; START RUN first, or name one with "
              + (s.kind == SqlTrackingStatement.Kind.END_RUN ? "END RUN 'id'" : "FOR RUN 'id'"));
    }
    return runId;
  }

  private RunStatus status() {
    final SqlIdentifier status = statement.status;
    if (status == null) {
      return RunStatus.FINISHED;
    }
    final String word = status.getSimple().toUpperCase(Locale.ROOT);
    for (RunStatus candidate : RunStatus.values()) {
      if (candidate.isEnded() && candidate.name().equals(word)) {
        return candidate;
      }
    }
    throw new PositionedException(ErrorCode.INVALID_PARAMETER_VALUE,
        status.getParserPosition(), "a run ends as FINISHED, FAILED or KILLED, not "
            + status.getSimple());
  }

  private Long step(DataContext context) {
    final SqlNode node = statement.step;
    final Object value = node instanceof SqlDynamicParam p ? context.get("?" + p.getIndex())
        : node instanceof SqlNumericLiteral n ? n.bigDecimalValue() : node;
    if (value instanceof Number number) {
      final BigDecimal exact = new BigDecimal(number.toString());
      try {
        return exact.longValueExact();
      } catch (ArithmeticException e) {
        // Reported below.
      }
    }
    throw new PositionedException(value == null ? ErrorCode.INVALID_PARAMETER_VALUE
        : ErrorCode.TYPE_MISMATCH, node.getParserPosition(),
        "STEP is a whole number, not " + (value == null ? "NULL" : value));
  }

  private static Double number(SqlNode node, DataContext context, String key) {
    if (node instanceof SqlDynamicParam parameter) {
      final Object value = context.get("?" + parameter.getIndex());
      if (value instanceof Number number) {
        return number.doubleValue();
      }
      throw new PositionedException(ErrorCode.INVALID_PARAMETER_VALUE,
          node.getParserPosition(), "the value of metric '" + key + "' is "
              + (value == null ? "NULL" : "not a number: " + value));
    }
    if (node instanceof SqlNumericLiteral literal) {
      return literal.bigDecimalValue().doubleValue();
    }
    throw new PositionedException(ErrorCode.TYPE_MISMATCH, node.getParserPosition(),
        "the value of metric '" + key + "' must be a number, not " + node);
  }

  /** A value as text: a parameter's, a literal's as written; null for NULL or no node. */
  private static String text(SqlNode node, DataContext context, String what) {
    if (node == null) {
      return null;
    }
    if (node instanceof SqlDynamicParam parameter) {
      final Object value = context.get("?" + parameter.getIndex());
      return value == null ? null : value.toString();
    }
    if (node instanceof SqlLiteral literal) {
      return literal.getTypeName() == SqlTypeName.NULL ? null : literal.toValue();
    }
    throw new PositionedException(ErrorCode.TYPE_MISMATCH, node.getParserPosition(),
        "the " + what + " must be a literal or a parameter, not " + node);
  }

  /**
   * The transaction state of the executing connection: the execution's, else
   * that of the connection that prepared the statement (Calcite's JDBC batches
   * execute with a context that names none; a command is prepared for one
   * connection and never shared).
   */
  private TransactionState transactions(DataContext context) {
    final TransactionState state = TransactionState.of(context);
    return state != null ? state : preparedFor;
  }

  /** Runs writes in the connection's open transaction, else in one of their own. */
  private <T> T write(DataContext context, java.util.function.Function<
      dev.sorrel.engine.Transaction, T> body) {
    return TransactionState.write(transactions(context), database, body);
  }

  private interface Action<T> {
    T run();
  }

  /** Runs an engine call, giving its error the statement position it is about. */
  private static <T> T at(SqlParserPos position, Action<T> action) {
    try {
      return action.run();
    } catch (PositionedException e) {
      throw e;
    } catch (SorrelException e) {
      throw new PositionedException(e.code(), position, e.getMessage());
    }
  }
}
