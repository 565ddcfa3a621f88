package dev.sorrel.sql.asof;

import java.lang.reflect.Method;
import java.util.function.BooleanSupplier;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

import dev.sorrel.engine.feature.PointInTimeCursor;
import dev.sorrel.engine.feature.PointInTimeJoin;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.runtime.CalciteValues;
import dev.sorrel.sql.runtime.Cancellation;
import dev.sorrel.sql.runtime.TransactionState;

/**
 * Runs an {@link AsofJoinPlan} as the engine's {@link PointInTimeJoin}: the
 * left enumerable is its input (probe values converted to storage values),
 * its joined rows the output (binary values converted back to Calcite's),
 * and the statement's cancel flag its cancellation.
 */
public final class AsofRuntime {
  public static final Method JOIN;

  static {
    try {
      JOIN = AsofRuntime.class.getMethod("join", AsofJoinPlan.class, DataContext.class,
          Enumerable.class);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private AsofRuntime() {
  }

  /** The joined rows of one execution. */
  public static Enumerable<Object[]> join(AsofJoinPlan plan, DataContext context,
      Enumerable<?> left) {
    return new AbstractEnumerable<Object[]>() {
      @Override public Enumerator<Object[]> enumerator() {
        return new JoinEnumerator(plan, left.enumerator(), Cancellation.of(context),
            TransactionState.of(context));
      }
    };
  }

  /** The left rows as the join's input: Calcite rows, probe values converted. */
  private record Input(Enumerator<?> rows, int[] keyFields, int timeField)
      implements PointInTimeJoin.Input {
    @Override public Object[] next() {
      if (!rows.moveNext()) {
        return null;
      }
      final Object element = rows.current();
      return element instanceof Object[] row ? row : new Object[] {element};
    }

    @Override public void keys(Object[] row, Object[] keys) {
      for (int k = 0; k < keys.length; k++) {
        keys[k] = CalciteValues.toStorage(row[keyFields[k]]);
      }
    }

    @Override public Object time(Object[] row) {
      return row[timeField];
    }
  }

  private static final class JoinEnumerator implements Enumerator<Object[]> {
    private final Enumerator<?> left;
    private final Table table;
    private final PointInTimeJoin join;
    private final Input input;
    private final BooleanSupplier canceled;
    /** Whether right values need converting: only binary ones differ from Calcite's. */
    private final boolean convertBinary;
    private final int rightWidth;
    private final TransactionState transactions;
    private PointInTimeCursor cursor;
    private Object[] current;

    JoinEnumerator(AsofJoinPlan plan, Enumerator<?> left, BooleanSupplier canceled,
        TransactionState transactions) {
      this.left = left;
      this.transactions = transactions;
      this.canceled = canceled;
      try {
        // The table as the catalog has it now (ALTER may have replaced it, DROP removed it).
        this.table = plan.table().handle().current();
        this.join = plan.join(table);
      } catch (RuntimeException e) {
        left.close();
        throw e;
      }
      this.input = new Input(left, plan.keyFields(), plan.timeField());
      this.convertBinary = CalciteValues.hasBinary(table, plan.projection());
      this.rightWidth = plan.projection().length;
    }

    @Override public Object[] current() {
      return current;
    }

    @Override public boolean moveNext() {
      if (cursor == null) {
        // Reads see committed data; the snapshot is taken when the first row is wanted.
        TransactionState.checkReadable(transactions, table);
        // The database's workers match chunks while this thread reads and emits rows.
        cursor = join.open(input, table.database().workers(), canceled);
      }
      if (!cursor.next()) {
        current = null;
        return false;
      }
      final Object[] row = cursor.row();
      if (convertBinary) {
        for (int i = row.length - rightWidth; i < row.length; i++) {
          row[i] = CalciteValues.toCalcite(row[i]);
        }
      }
      current = row;
      return true;
    }

    /** Starts over: the left input from its start, and a fresh snapshot of the right table. */
    @Override public void reset() {
      closeCursor();
      left.reset();
      current = null;
    }

    private void closeCursor() {
      if (cursor != null) {
        final PointInTimeCursor open = cursor;
        cursor = null;
        open.close();
      }
    }

    @Override public void close() {
      try {
        closeCursor();
      } finally {
        left.close();
      }
    }
  }
}
