package dev.sorrel.sql.runtime;

import java.util.Iterator;
import java.util.List;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerator;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.FeatureView;
import dev.sorrel.engine.KeyRange;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Table;
import dev.sorrel.engine.Transaction;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.ValueType;

/**
 * The rows of one execution of a {@link ScanPlan}: opens a snapshot when
 * enumeration starts, walks the plan's key ranges in order, and closes
 * everything when the enumerator closes. Rows are {@code Object[]}, or the
 * bare value when one column is projected (Calcite's scalar row format).
 */
final class TableScanEnumerable extends AbstractEnumerable<Object> {
  private final ScanPlan plan;
  private final DataContext context;

  TableScanEnumerable(ScanPlan plan, DataContext context) {
    this.plan = plan;
    this.context = context;
  }

  @Override public Enumerator<Object> enumerator() {
    // The table as the catalog has it now (ALTER may have replaced it, DROP removed it).
    final Table table = plan.table().database().catalog().current(plan.table());
    final FeatureView online = table.onlineOf();
    final ScanPlan current = table == plan.table() ? plan : plan.withTable(table);
    if (online != null && online.ttlMillis() != null) {
      return new ScanEnumerator(current, current.ranges(context), new Freshness(online, current,
          queryTime(context)));
    }
    return new ScanEnumerator(current, current.ranges(context), null);
  }

  /**
   * The query's start time as its {@code CURRENT_TIMESTAMP} (the session's
   * wall clock, like every TIMESTAMP), the "now" TTLs are checked against.
   */
  private static long queryTime(DataContext context) {
    final Object time = context == null ? null
        : context.get(DataContext.Variable.CURRENT_TIMESTAMP.camelName);
    return time instanceof Long millis ? millis
        : FeatureView.wallClock(System.currentTimeMillis());
  }

  /**
   * TTL at read time for an online table: reads the event time along with
   * the projected columns, and turns every non-key value of an expired row
   * into NULL.
   */
  private static final class Freshness {
    private final FeatureView view;
    private final long now;
    private final int[] readProjection;
    private final boolean[] keep;
    private final int eventSlot;
    private final int width;

    Freshness(FeatureView view, ScanPlan plan, long now) {
      this.view = view;
      this.now = now;
      final int[] projection = plan.projection();
      this.width = projection.length;
      int slot = -1;
      this.keep = new boolean[projection.length];
      for (int i = 0; i < projection.length; i++) {
        keep[i] = projection[i] < view.keyCount();
        if (projection[i] == view.eventOrdinal()) {
          slot = i;
        }
      }
      if (slot < 0) {
        readProjection = java.util.Arrays.copyOf(projection, projection.length + 1);
        readProjection[projection.length] = view.eventOrdinal();
        slot = projection.length;
      } else {
        readProjection = projection;
      }
      this.eventSlot = slot;
    }

    Object[] apply(Object[] row) {
      final Object event = row[eventSlot];
      final Object[] out = row.length == width ? row : java.util.Arrays.copyOf(row, width);
      if (event != null && view.isExpired((Long) event, now)) {
        for (int i = 0; i < width; i++) {
          if (!keep[i]) {
            out[i] = null;
          }
        }
      }
      return out;
    }
  }

  private static final class ScanEnumerator implements Enumerator<Object> {
    private final ScanPlan plan;
    private final List<KeyRange> ranges;
    private final boolean scalar;
    private final boolean convertBinary;
    private ReadView view;
    private Iterator<KeyRange> pending;
    private Table.RowCursor cursor;
    private Object current;

    private final List<KeyRange> original;
    private final Freshness freshness;
    private final int[] projection;

    ScanEnumerator(ScanPlan plan, List<KeyRange> ranges, Freshness freshness) {
      this.plan = plan;
      this.freshness = freshness;
      this.projection = freshness == null ? plan.projection() : freshness.readProjection;
      this.original = ranges;
      this.ranges = new java.util.ArrayList<>(ranges);
      this.scalar = plan.projection().length == 1;
      boolean binary = false;
      for (int column : plan.projection()) {
        binary |= plan.table().columns().get(column).type() == ValueType.VARBINARY;
      }
      this.convertBinary = binary;
    }

    @Override public Object current() {
      return current;
    }

    @Override public boolean moveNext() {
      if (view == null) {
        if (ranges.isEmpty()) {
          return false;
        }
        checkNotWrittenInBatch();
        if (ranges.size() == 1 && plan.points() != null) {
          // One key: a plain get, without the cost of a snapshot.
          final Object[] row = plan.table().lookup(ranges.get(0).lower(), projection);
          ranges.clear();
          return row != null && emit(row);
        }
        view = plan.table().database().snapshot();
        pending = ranges.iterator();
      }
      while (true) {
        if (cursor != null && cursor.next()) {
          return emit(cursor.row());
        }
        if (cursor != null) {
          cursor.close();
          cursor = null;
        }
        if (!pending.hasNext()) {
          return false;
        }
        cursor = plan.table().scan(view, pending.next(), projection);
      }
    }

    private void checkNotWrittenInBatch() {
      WriteScope.checkReadable(plan.table());
    }

    private boolean emit(Object[] stored) {
      final Object[] row = freshness == null ? stored : freshness.apply(stored);
      if (convertBinary) {
        for (int i = 0; i < row.length; i++) {
          row[i] = CalciteValues.toCalcite(row[i]);
        }
      }
      current = scalar ? row[0] : row;
      return true;
    }

    @Override public void reset() {
      close();
      ranges.clear();
      ranges.addAll(original);
    }

    @Override public void close() {
      if (cursor != null) {
        cursor.close();
        cursor = null;
      }
      if (view != null) {
        view.close();
        view = null;
      }
      current = null;
    }
  }
}
