package dev.sorrel.sql.upsert;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.jdbc.CalcitePrepare.CalciteSignature;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.runtime.Bindable;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.identity.WrittenRows;
import dev.sorrel.sql.runtime.Cancellation;
import dev.sorrel.sql.runtime.TransactionState;

/**
 * An upsert prepared for execution: its query's signature, run inside the
 * statement's transaction, with its rows applied by {@link UpsertRuntime}.
 * The statement reports the number of rows inserted, updated and deleted.
 */
public final class UpsertCommand {
  private static final List<ColumnMetaData> ROW_COUNT =
      List.of(MetaImpl.columnMetaData("ROWCOUNT", 0, Long.class, false));

  private UpsertCommand() {
  }

  /**
   * Puts the parameters of the prepared query back in the order of the
   * statement's text.
   *
   * @param order the parameter indexes in the order the query lists them
   */
  public static <T> CalciteSignature<T> inTextOrder(CalciteSignature<T> query, int[] order) {
    final List<AvaticaParameter> listed = query.parameters;
    if (listed.size() != order.length) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "upsert has " + listed.size()
          + " parameters, expected " + order.length);
    }
    final AvaticaParameter[] byIndex = new AvaticaParameter[order.length];
    for (int i = 0; i < order.length; i++) {
      byIndex[order[i]] = listed.get(i);
    }
    return new CalciteSignature<>(query.sql, List.of(byIndex), query.internalParameters,
        query.rowType, query.columns, query.cursorFactory, query.rootSchema,
        query.getCollationList(), -1, query::enumerable, query.statementType);
  }

  /** The statement that applies the rows {@code query} returns, as {@code plan} says. */
  @SuppressWarnings("unchecked")
  public static <T> CalciteSignature<T> signature(String sql, CalciteSignature<Object> query,
      UpsertPlan plan) {
    final boolean arrays = query.cursorFactory.style == Meta.Style.ARRAY;
    if (!arrays) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "upsert query returns single values");
    }
    final Bindable<T> run = dataContext -> {
      final long count = TransactionState.write(TransactionState.of(dataContext),
          plan.table().database(), Cancellation.of(dataContext), tx -> {
        try (Enumerator<Object> rows = query.enumerable(dataContext).enumerator()) {
          return UpsertRuntime.apply(plan, tx, rows,
              WrittenRows.sink(dataContext, tx.database().catalog().current(plan.table())));
        }
      });
      return Linq4j.singletonEnumerable((T) (Object) count);
    };
    // The root schema goes along: where Calcite's JDBC layer runs the statement
    // (a prepared one's execution), the runtime finds the connection's
    // transaction through it; without it the upsert would commit on its own.
    return new CalciteSignature<>(sql, new ArrayList<>(query.parameters),
        query.internalParameters, null, ROW_COUNT, Meta.CursorFactory.OBJECT, query.rootSchema,
        List.of(), -1, run, Meta.StatementType.IS_DML);
  }
}
