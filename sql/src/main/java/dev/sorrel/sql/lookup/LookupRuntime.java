package dev.sorrel.sql.lookup;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.feature.OnlineReader;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ReadView;
import dev.sorrel.sql.runtime.CalciteValues;
import dev.sorrel.sql.runtime.Cancellation;
import dev.sorrel.sql.runtime.Freshness;
import dev.sorrel.sql.runtime.TransactionState;

/**
 * Runs a {@link LookupJoinPlan}: each left row, then what its probe finds
 * (key values converted to storage values, binary results back to
 * Calcite's). An online table's value is read by the engine's
 * {@link OnlineReader} as of now; any other table's rows by
 * {@link Table#scanEqual} in the statement's snapshot (its transaction's, with
 * its own writes, or one taken for this join), as a scan would read them.
 */
public final class LookupRuntime {
  public static final Method JOIN;

  static {
    try {
      JOIN = LookupRuntime.class.getMethod("join", LookupJoinPlan.class, DataContext.class,
          Enumerable.class);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private LookupRuntime() {
  }

  /** The joined rows of one execution. */
  public static Enumerable<Object[]> join(LookupJoinPlan plan, DataContext context,
      Enumerable<?> left) {
    return new AbstractEnumerable<Object[]>() {
      @Override public Enumerator<Object[]> enumerator() {
        final Table table = plan.table().handle().current();
        if (!plan.online()) {
          return new TableJoinEnumerator(plan, table, TransactionState.of(context),
              Cancellation.flag(context), left.enumerator());
        }
        TransactionState.checkReadable(TransactionState.of(context), table);
        final OnlineReader reader = Freshness.reader(table, plan.projection(), context);
        if (reader == null) {
          throw new SorrelException(ErrorCode.INTERNAL_ERROR, "a lookup join reads an online"
              + " table, not " + table.name());
        }
        return new JoinEnumerator(plan, reader, left.enumerator());
      }
    };
  }

  private static final class JoinEnumerator implements Enumerator<Object[]> {
    private final LookupJoinPlan plan;
    private final OnlineReader reader;
    private final Enumerator<?> input;
    private final Object[] key;
    private Object[] current;

    JoinEnumerator(LookupJoinPlan plan, OnlineReader reader, Enumerator<?> input) {
      this.plan = plan;
      this.reader = reader;
      this.input = input;
      this.key = new Object[plan.keyFields().length];
    }

    @Override public Object[] current() {
      return current;
    }

    @Override public boolean moveNext() {
      while (input.moveNext()) {
        final Object element = input.current();
        final Object[] row = element instanceof Object[] r ? r : new Object[] {element};
        final Object[] match = lookup(row);
        if (match == null && plan.inner()) {
          continue;
        }
        final int width = plan.projection().length;
        final Object[] out = Arrays.copyOf(row, row.length + width);
        if (match != null) {
          for (int i = 0; i < width; i++) {
            out[row.length + i] = CalciteValues.toCalcite(match[i]);
          }
        }
        current = out;
        return true;
      }
      current = null;
      return false;
    }

    private Object[] lookup(Object[] row) {
      for (int k = 0; k < key.length; k++) {
        key[k] = CalciteValues.toStorage(row[plan.keyFields()[k]]);
        if (key[k] == null) {
          return null; // NULL equals nothing
        }
      }
      return reader.read(key);
    }

    @Override public void reset() {
      input.reset();
    }

    @Override public void close() {
      input.close();
    }
  }

  /**
   * Probes a table in a snapshot: for each left row, every row whose leading
   * key (or index) columns equal the row's key fields; none for a NULL one.
   */
  private static final class TableJoinEnumerator implements Enumerator<Object[]> {
    private final LookupJoinPlan plan;
    private final Table table;
    private final TransactionState transactions;
    private final AtomicBoolean canceled;
    private final Enumerator<?> input;
    private final Object[] key;
    private final boolean convertBinary;
    private ReadView view;
    /** Whether {@link #view} was opened here (not the transaction's), to close. */
    private boolean ownsView;
    private Table.RowCursor cursor;
    private Object[] row;
    private boolean matched;
    private Object[] current;

    TableJoinEnumerator(LookupJoinPlan plan, Table table, TransactionState transactions,
        AtomicBoolean canceled, Enumerator<?> input) {
      this.plan = plan;
      this.table = table;
      this.transactions = transactions;
      this.canceled = canceled;
      this.input = input;
      this.key = new Object[plan.keyFields().length];
      this.convertBinary = CalciteValues.hasBinary(table, plan.projection());
    }

    @Override public Object[] current() {
      return current;
    }

    @Override public boolean moveNext() {
      while (true) {
        if (cursor != null) {
          if (cursor.next()) {
            matched = true;
            return emit(cursor.row());
          }
          cursor.close();
          cursor = null;
          if (!matched && !plan.inner()) {
            return emit(null);
          }
        }
        if (canceled != null && canceled.get()) {
          close();
          throw Cancellation.canceled("looking up " + table.name());
        }
        if (!input.moveNext()) {
          current = null;
          return false;
        }
        final Object element = input.current();
        row = element instanceof Object[] r ? r : new Object[] {element};
        if (!probe()) {
          if (!plan.inner()) {
            return emit(null);
          }
          continue;
        }
        matched = false;
      }
    }

    /** Opens the cursor over the current row's matches; false for a NULL key value. */
    private boolean probe() {
      for (int k = 0; k < key.length; k++) {
        key[k] = CalciteValues.toStorage(row[plan.keyFields()[k]]);
        if (key[k] == null) {
          return false; // NULL equals nothing
        }
      }
      if (view == null) {
        final ReadView shared = TransactionState.read(transactions, table);
        ownsView = shared == null;
        view = ownsView ? table.database().snapshot() : shared;
      }
      cursor = table.scanEqual(view, plan.index(), key.clone(), plan.projection());
      return true;
    }

    /** The current left row followed by a match, or by NULLs. */
    private boolean emit(Object[] match) {
      final int width = plan.projection().length;
      final Object[] out = Arrays.copyOf(row, row.length + width);
      if (match != null) {
        for (int i = 0; i < width; i++) {
          out[row.length + i] = convertBinary ? CalciteValues.toCalcite(match[i]) : match[i];
        }
      }
      current = out;
      return true;
    }

    @Override public void reset() {
      closeReads();
      input.reset();
    }

    private void closeReads() {
      if (cursor != null) {
        cursor.close();
        cursor = null;
      }
      if (view != null && ownsView) {
        view.close();
      }
      view = null;
      current = null;
    }

    @Override public void close() {
      closeReads();
      input.close();
    }
  }
}
