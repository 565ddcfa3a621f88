package dev.sorrel.sql.runtime;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.core.TableModify;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.load.TableLoader;
import dev.sorrel.engine.table.BulkInsert;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.identity.WrittenRows;

/**
 * Entry points that generated query code calls. Each takes the plan object
 * fixed at planning time and the per-execution data context.
 */
public final class SorrelRuntime {
  public static final Method SCAN = method("scan", ScanPlan.class, DataContext.class);
  public static final Method MODIFY = method("modify", ModifyPlan.class, DataContext.class,
      Enumerable.class);

  private SorrelRuntime() {
  }

  private static Method method(String name, Class<?>... types) {
    try {
      return SorrelRuntime.class.getMethod(name, types);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The rows a scan plan reads in this execution. */
  public static Enumerable<Object> scan(ScanPlan plan, DataContext context) {
    return new TableScanEnumerable(plan, context);
  }

  /**
   * Applies a write statement's input rows to its table when enumerated,
   * yielding the number of rows changed. The whole statement is one
   * transaction, or part of the connection's open one ({@link TransactionState}).
   */
  public static Enumerable<Long> modify(ModifyPlan plan, DataContext context,
      Enumerable<?> input) {
    return new AbstractEnumerable<Long>() {
      @Override public Enumerator<Long> enumerator() {
        return Linq4j.singletonEnumerable(apply(plan, context, input)).enumerator();
      }
    };
  }

  private static long apply(ModifyPlan plan, DataContext context, Enumerable<?> input) {
    final BooleanSupplier canceled = Cancellation.of(context);
    final TransactionState transactions = TransactionState.of(context);
    final boolean alone = TransactionState.runsAlone(transactions);
    final long count = TransactionState.write(transactions, plan.table().database(), canceled,
        tx -> write(plan, tx, context, input, canceled, alone));
    if (alone && plan.operation() == TableModify.Operation.INSERT) {
      // A large insert of its own has committed: compacted as a large COPY is.
      TableLoader.loaded(plan.table().handle().current(), count);
    }
    return count;
  }

  /**
   * Applies the rows; a canceled statement stops at the next row, and its
   * transaction, never committed, leaves the table as it was.
   */
  private static long write(ModifyPlan plan, Transaction tx, DataContext context,
      Enumerable<?> input, BooleanSupplier canceled, boolean alone) {
    final Table planned = plan.table();
    final Table table = planned.handle().current();
    final int width = planned.columns().size();
    final int columns = table.columns().size();
    if (columns != width && plan.operation() != TableModify.Operation.INSERT) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "table " + table.name()
          + " has gained columns since the statement was prepared; prepare it again");
    }
    switch (plan.operation()) {
    case INSERT:
      return insert(tx, table, context, input, canceled, width, alone);
    case DELETE: {
      final List<Object[]> old = new ArrayList<>();
      try (Enumerator<?> rows = input.enumerator()) {
        while (rows.moveNext()) {
          Cancellation.check(canceled, "writing " + table.name());
          old.add(toStorage(rows.current(), 0, width));
        }
      }
      return table.deleteRows(tx, old);
    }
    case UPDATE: {
      final int[] targets = plan.updateColumns();
      final List<Object[]> old = new ArrayList<>();
      final List<Object[]> updated = new ArrayList<>();
      try (Enumerator<?> rows = input.enumerator()) {
        while (rows.moveNext()) {
          Cancellation.check(canceled, "writing " + table.name());
          final Object[] row = (Object[]) rows.current();
          final Object[] before = toStorage(row, 0, width);
          final Object[] after = before.clone();
          for (int i = 0; i < targets.length; i++) {
            after[targets[i]] = CalciteValues.toStorage(row[width + i]);
          }
          old.add(before);
          updated.add(after);
        }
      }
      return table.updateRows(tx, old, updated);
    }
    case MERGE:
      break;
    }
    throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED,
        plan.operation() + " is not supported");
  }

  /**
   * Inserts the input rows. A statement that is its transaction's only one ({@code alone}: in
   * autocommit, outside a JDBC batch) and gives at least {@code bulk_load_min_rows} rows goes
   * through {@link BulkInsert}, as a large {@code COPY ... FROM} does: the first rows are held
   * back until there are that many, then every row is sorted into files the commit ingests.
   * The input is read from the statement's snapshot, which the files do not change before the
   * commit, so {@code INSERT INTO t SELECT ... FROM t} reads {@code t} as it was, as the row path
   * does.
   */
  private static long insert(Transaction tx, Table table, DataContext context,
      Enumerable<?> input, BooleanSupplier canceled, int width, boolean alone) {
    final int columns = table.columns().size();
    final WrittenRows.Sink written = WrittenRows.sink(context, table);
    final long threshold = alone ? tx.database().options().bulkLoadMinRows() : 0;
    final List<Object[]> first = new ArrayList<>();
    try (Enumerator<?> rows = input.enumerator()) {
      boolean more;
      while ((more = rows.moveNext()) && first.size() < threshold) {
        Cancellation.check(canceled, "writing " + table.name());
        first.add(insertRow(rows.current(), width, columns));
      }
      final BulkInsert bulk = more && alone ? table.bulkInsert(tx) : null;
      if (bulk == null) {
        long count = 0;
        for (Object[] row : first) {
          written(written, table.insert(tx, row));
          count++;
        }
        first.clear();
        for (; more; more = rows.moveNext()) {
          Cancellation.check(canceled, "writing " + table.name());
          written(written, table.insert(tx, insertRow(rows.current(), width, columns)));
          count++;
        }
        return count;
      }
      try (bulk) {
        for (Object[] row : first) {
          written(written, bulk.add(row));
        }
        first.clear();
        for (; more; more = rows.moveNext()) {
          Cancellation.check(canceled, "writing " + table.name());
          written(written, bulk.add(insertRow(rows.current(), width, columns)));
        }
        bulk.finish();
        return bulk.added();
      }
    }
  }

  /** An input row in storage values; columns added since the statement was prepared are NULL. */
  private static Object[] insertRow(Object row, int width, int columns) {
    final Object[] stored = toStorage(row, 0, width);
    return columns == width ? stored : Arrays.copyOf(stored, columns);
  }

  private static void written(WrittenRows.Sink sink, Object[] stored) {
    if (sink != null) {
      sink.written(stored);
    }
  }

  private static Object[] toStorage(Object row, int from, int width) {
    final Object[] out = new Object[width];
    if (row instanceof Object[] values) {
      for (int i = 0; i < width; i++) {
        out[i] = CalciteValues.toStorage(values[from + i]);
      }
    } else {
      out[0] = CalciteValues.toStorage(row);
    }
    return out;
  }
}
