package dev.sorrel.sql.monitor;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalcitePrepare.CalciteSignature;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.monitor.MonitorColumn;
import dev.sorrel.engine.monitor.MonitorDef;
import dev.sorrel.engine.monitor.MonitorKind;
import dev.sorrel.engine.monitor.MonitorMetric;
import dev.sorrel.sql.SorrelPrepare;
import dev.sorrel.sql.copy.NestedQuery;
import dev.sorrel.sql.ddl.Conditional;
import dev.sorrel.sql.ddl.PositionedException;
import dev.sorrel.sql.parser.SorrelSqlDialect;
import dev.sorrel.sql.parser.SqlCreateMonitor;
import dev.sorrel.sql.parser.SqlMonitorCommand;
import dev.sorrel.sql.runtime.TransactionState;
import dev.sorrel.udf.monitor.Monitoring;

/**
 * {@code CREATE MONITOR} and {@code REFRESH MONITOR ... REFERENCE}. When prepared, the columns
 * are validated as a query over the monitored table, the options against their types, and the
 * reference query against the columns, each error at its place in the statement; when
 * executed, the reference query runs once, each column's values are summarized as its
 * baseline (a performance monitor's reference query gives one row, the metrics' values, each
 * kept as it is), and the definition and baselines are written in one transaction.
 */
final class CreateMonitor {
  private CreateMonitor() {
  }

  static <T> CalciteSignature<T> signature(String sql, SqlCreateMonitor create,
      Database database, CalcitePrepare.Context context) {
    final String name = create.name.names.get(create.name.names.size() - 1);
    final List<MonitorMetric> metrics = metrics(create);
    final boolean performance = metrics.get(0) != null;
    final MonitorOptions options = MonitorOptions.of(create.options, performance);
    final List<String> names = new ArrayList<>();
    final List<String> expressions = new ArrayList<>();
    for (SqlCreateMonitor.Column column : create.columns) {
      names.add(columnName(column));
      // The text is taken before validation rewrites the tree.
      expressions.add(SorrelSqlDialect.sql(column.expression()));
    }
    final String table = String.join(".", create.table.names);
    final String query = SorrelSqlDialect.sql(create.query);
    final String comment = create.comment == null ? null
        : ((SqlLiteral) create.comment).getValueAs(String.class);
    final RelDataType columnTypes = MonitorCommand.prepare(context,
        select(create, names)).rowType;
    final List<MonitorColumn> columns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      final SqlCreateMonitor.Column column = create.columns.get(i);
      final RelDataType type = columnTypes.getFieldList().get(i).getType();
      final boolean numeric = SqlTypeUtil.isNumeric(type);
      final String typeName = type.getSqlTypeName().getName();
      final MonitorOptions own = options.forColumn(column.options());
      if (performance) {
        own.checkMetric(metrics.get(i));
        columns.add(MonitorColumn.metric(names.get(i), expressions.get(i), metrics.get(i),
            own.tolerance));
      } else {
        own.check(names.get(i), numeric, typeName, column.expression());
        columns.add(MonitorColumn.drift(names.get(i), expressions.get(i), typeName, numeric,
            own.method, own.threshold, own.bins, own.binning));
      }
    }
    final CalciteSignature<Object> reference = MonitorCommand.prepare(context, create.query);
    checkReference(reference, columns, create.query.getParserPosition());
    final MonitorDef draft = new MonitorDef(name,
        performance ? MonitorKind.PERFORMANCE : MonitorKind.DRIFT, table, columns, query,
        options.correction, comment, 0, 0, 0, 0);
    return MonitorCommand.counting(sql, List.of(), context, dataContext -> {
      if (create.ifNotExists && database.monitors().monitor(name) != null) {
        return 0;
      }
      final NestedQuery nested = new NestedQuery(new SorrelPrepare(), context, dataContext);
      final Monitoring.References refs;
      try {
        refs = MonitorCommand.read(nested, reference, new Object[0],
            rows -> Monitoring.references(columns, rows));
      } catch (PositionedException e) {
        throw e;
      } catch (SorrelException e) {
        throw new PositionedException(e.code(), create.query.getParserPosition(),
            e.getMessage());
      }
      final MonitorDef withReference = new MonitorDef(name, draft.kind(), table,
          refs.columns(), query, draft.correction(), comment, 0, refs.rows(), 0, 0);
      MonitorCommand.at(create.name, () -> {
        Conditional.ddl(TransactionState.of(dataContext), database, "CREATE MONITOR",
            create.ifNotExists, () -> database.monitors().monitor(name) != null,
            tx -> database.monitors().create(tx, withReference, refs.baselines()));
        return 0;
      });
      return 0;
    });
  }

  /**
   * Runs a monitor's reference query again and replaces its baselines in one transaction.
   *
   * @return the rows the reference query returned
   */
  static long refresh(Database database, CalcitePrepare.Context context,
      DataContext dataContext, SqlMonitorCommand command) {
    final MonitorDef def = MonitorCommand.existing(database, command);
    final NestedQuery nested = new NestedQuery(new SorrelPrepare(), context, dataContext);
    final Monitoring.References refs;
    try {
      final NestedQuery.Prepared prepared = nested.prepare(def.referenceQuery());
      checkReference(prepared.signature(), def.columns(), command.getParserPosition());
      try (NestedQuery.Rows rows = prepared.run()) {
        refs = Monitoring.references(def.columns(), MonitorCommand.iterator(rows));
      }
    } catch (PositionedException e) {
      throw e;
    } catch (SorrelException e) {
      throw new PositionedException(e.code(), command.getParserPosition(), "the reference"
          + " query of monitor " + def.name() + " failed: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new PositionedException(MonitorCommand.code(e), command.getParserPosition(),
          "the reference query of monitor " + def.name() + " failed: "
              + MonitorCommand.message(e));
    }
    MonitorCommand.at(command, () -> {
      TransactionState.ddl(TransactionState.of(dataContext), database, "REFRESH MONITOR",
          tx -> database.monitors().refresh(tx, def.name(), refs.columns(), refs.baselines(),
              refs.rows()));
      return 0;
    });
    return refs.rows();
  }

  /**
   * The metric of each column (null for a drift column): a column whose expression is a call
   * of a metric aggregate makes a performance monitor, all of whose columns must be such
   * calls.
   *
   * @throws PositionedException 42P16 at the first column of the other kind
   */
  private static List<MonitorMetric> metrics(SqlCreateMonitor create) {
    final List<MonitorMetric> metrics = new ArrayList<>();
    for (SqlCreateMonitor.Column column : create.columns) {
      metrics.add(metricOf(column.expression()));
    }
    final boolean performance = metrics.get(0) != null;
    for (int i = 1; i < metrics.size(); i++) {
      if ((metrics.get(i) != null) != performance) {
        final SqlNode at = create.columns.get(i).expression();
        throw MonitorOptions.error(ErrorCode.INVALID_DEFINITION, at, "a monitor's columns are"
            + " either all metric aggregates (a performance monitor) or none (a drift"
            + " monitor), but " + SorrelSqlDialect.sql(at) + " is "
            + (performance ? "not a metric aggregate" : "one")
            + "; create one monitor for each");
      }
    }
    return metrics;
  }

  /** The metric a column's expression calls at its top, or null. */
  private static MonitorMetric metricOf(SqlNode expression) {
    if (expression instanceof SqlCall call && call.getOperator() instanceof SqlFunction f
        && f.getSqlIdentifier() != null && f.getSqlIdentifier().isSimple()) {
      return MonitorMetric.ofAggregate(f.getSqlIdentifier().getSimple());
    }
    return null;
  }

  /**
   * The name of a monitored column: its alias, the column it names, or the metric aggregate
   * it calls.
   */
  private static String columnName(SqlCreateMonitor.Column column) {
    if (column.alias() != null) {
      return column.alias().getSimple();
    }
    if (column.expression() instanceof SqlIdentifier id && !id.isStar()) {
      return id.names.get(id.names.size() - 1);
    }
    final MonitorMetric metric = metricOf(column.expression());
    if (metric != null) {
      return metric.aggregateName();
    }
    throw MonitorOptions.error(ErrorCode.INVALID_DEFINITION, column.expression(),
        "a monitored expression needs a name: add AS name");
  }

  /** {@code SELECT e1 AS n1, ... FROM table}: the columns as a query over the table. */
  private static SqlSelect select(SqlCreateMonitor create, List<String> names) {
    final SqlNodeList items = new SqlNodeList(create.table.getParserPosition());
    for (int i = 0; i < names.size(); i++) {
      final SqlNode e = create.columns.get(i).expression();
      items.add(SqlStdOperatorTable.AS.createCall(e.getParserPosition(), e,
          new SqlIdentifier(names.get(i), e.getParserPosition())));
    }
    return new SqlSelect(create.getParserPosition(), null, items, create.table, null, null,
        null, null, null, null, null, null, null);
  }

  /**
   * The reference query gives one column per monitored column, in order, numeric where the
   * monitored column is; and takes no parameters (it runs when no values are bound).
   */
  private static void checkReference(CalciteSignature<Object> reference,
      List<MonitorColumn> columns, SqlParserPos at) {
    if (!reference.parameters.isEmpty()) {
      throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED, at, "the reference query"
          + " of a monitor cannot take parameters: it runs when the monitor is created and"
          + " refreshed");
    }
    final List<org.apache.calcite.rel.type.RelDataTypeField> fields =
        reference.rowType.getFieldList();
    if (fields.size() != columns.size()) {
      throw new PositionedException(ErrorCode.INVALID_DEFINITION, at, "the reference query"
          + " returns " + fields.size() + " column(s) where the monitor watches "
          + columns.size() + "; it gives one value per monitored column, in order");
    }
    for (int i = 0; i < fields.size(); i++) {
      final RelDataType type = fields.get(i).getType();
      final boolean numeric = SqlTypeUtil.isNumeric(type);
      if (type.getSqlTypeName() != SqlTypeName.NULL && numeric != columns.get(i).numeric()) {
        throw new PositionedException(ErrorCode.TYPE_MISMATCH, at, "column " + (i + 1)
            + " of the reference query (" + fields.get(i).getName() + ", "
            + type.getSqlTypeName().getName() + ") does not match monitored column "
            + columns.get(i).name() + " (" + columns.get(i).dataType() + "): both must be"
            + " numbers, or both not");
      }
    }
  }
}
