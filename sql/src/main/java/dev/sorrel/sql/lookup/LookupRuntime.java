package dev.sorrel.sql.lookup;

import java.lang.reflect.Method;
import java.util.Arrays;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.feature.OnlineReader;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.runtime.CalciteValues;
import dev.sorrel.sql.runtime.Freshness;
import dev.sorrel.sql.runtime.TransactionState;

/**
 * Runs a {@link LookupJoinPlan}: each left row, then the online value its key
 * finds, read by the engine's {@link OnlineReader} as of now (key values
 * converted to storage values, binary results back to Calcite's).
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
}
