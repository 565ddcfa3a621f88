package dev.sorrel.sql.runtime;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerator;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.MemoryGuard;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.feature.OnlineReader;
import dev.sorrel.engine.table.AccessPath;
import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.engine.table.Table;
import dev.sorrel.engine.table.segment.TableSegments;
import dev.sorrel.sql.schema.SorrelSchema;
import dev.sorrel.storage.ReadView;

/**
 * The rows of one execution of a {@link ScanPlan}: opens a snapshot when
 * enumeration starts, walks the plan's key ranges in order, and closes
 * everything when the enumerator closes. Rows are {@code Object[]}, or the
 * bare value when one column is projected (Calcite's scalar row format). A
 * canceled statement's scan fails at its next row, having released its
 * snapshot; so does one that trips the database's memory limit
 * ({@link dev.sorrel.engine.MemoryGuard}), which is how Calcite's sorts,
 * joins and aggregates, filling their collections from scans, are stopped
 * before they run the JVM out of heap.
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
    final Table table = plan.table().handle().current();
    final ScanPlan current = table == plan.table() ? plan : plan.withTable(table);
    return new ScanEnumerator(current, current.ranges(context),
        Freshness.reader(table, current.projection(), context), Cancellation.flag(context),
        TransactionState.of(context), segmentsAllowed(context));
  }

  /** Whether the executing connection lets scans read table segments ({@code table_segments}). */
  private static boolean segmentsAllowed(DataContext context) {
    final var root = context == null ? null : context.getRootSchema();
    final var schema = root == null ? null : root.getSubSchema(SorrelSchema.NAME);
    final SorrelSchema sorrel = schema == null ? null : schema.unwrap(SorrelSchema.class);
    return sorrel == null || sorrel.config().tableSegments();
  }

  private static final class ScanEnumerator implements Enumerator<Object> {
    private final ScanPlan plan;
    private final List<KeyRange> ranges;
    private final boolean scalar;
    private final boolean convertBinary;
    private ReadView view;
    private Iterator<KeyRange> pending;
    /** The path read: the plan's, unless its index is gone. */
    private AccessPath access;
    private Table.RowCursor cursor;
    private Object current;

    private final List<KeyRange> original;
    /** For an online table: reads its values as of now. Null for any other table. */
    private final OnlineReader online;
    /** The columns read: the plan's, or for an online table those its reader needs. */
    private final int[] projection;
    /**
     * The statement's cancel flag, or null. Read at every row: sorts, joins
     * and aggregates pull their rows from scans, so they stop with the scan.
     */
    private final AtomicBoolean canceled;
    /** The database's memory guard, checked at every row for the same reason. */
    private final MemoryGuard memory;
    /** What the scan does, for a memory error's message. */
    private final String doing;
    /** The executing connection's transaction state, or null. */
    private final TransactionState transactions;
    /** Whether the connection lets this scan read a table segment. */
    private final boolean segmentsAllowed;
    /** The segment this execution reads, or null for RocksDB. */
    private TableSegments.Usable segment;

    ScanEnumerator(ScanPlan plan, List<KeyRange> ranges, OnlineReader online,
        AtomicBoolean canceled, TransactionState transactions, boolean segmentsAllowed) {
      this.plan = plan;
      this.segmentsAllowed = segmentsAllowed;
      this.canceled = canceled;
      this.memory = plan.table().database().memory();
      this.doing = "scanning " + plan.table().name();
      this.transactions = transactions;
      this.online = online;
      this.projection = online == null ? plan.projection() : online.columns();
      this.original = ranges;
      this.ranges = new java.util.ArrayList<>(ranges);
      this.scalar = plan.projection().length == 1;
      this.convertBinary = CalciteValues.hasBinary(plan.table(), plan.projection());
    }

    @Override public Object current() {
      return current;
    }

    @Override public boolean moveNext() {
      if (canceled != null && canceled.get()) {
        // Released at once: an operator that fails may not close its inputs.
        close();
        throw Cancellation.canceled("scanning " + plan.table().name());
      }
      try {
        memory.check(doing);
      } catch (RuntimeException e) {
        close();
        throw e;
      }
      if (view == null) {
        if (ranges.isEmpty()) {
          return false;
        }
        if (online != null) {
          // An online row's values are completed from committed history.
          TransactionState.checkReadable(transactions, plan.table());
        }
        // In a transaction: its snapshot with its own writes (not to be closed by this scan).
        final ReadView shared = TransactionState.read(transactions, plan.table());
        if (shared == null && ranges.size() == 1
            && plan.access().kind() == AccessPath.Kind.POINTS
            && plan.access().index() == null) {
          // One key: a plain get, without the cost of a snapshot.
          final Object[] row = plan.table().lookup(ranges.get(0).lower(), projection);
          ranges.clear();
          return row != null && emit(row);
        }
        view = shared != null ? shared : plan.table().database().snapshot();
        access = plan.access();
        if (!plan.table().serves(access, view)) {
          // The index was dropped since planning, or created after this
          // snapshot (which holds none of its entries); the filter above
          // still applies, so reading every row gives the same answer.
          access = AccessPath.full();
          ranges.clear();
          ranges.add(KeyRange.ALL);
        }
        pending = ranges.iterator();
        // A transaction that wrote the table reads its own writes: not in any segment.
        segment = segmentsAllowed && online == null && access.index() == null
            && access.kind() != AccessPath.Kind.POINTS
            && !TransactionState.hasWritten(transactions, plan.table())
            ? plan.table().database().tableSegments().usable(plan.table(), view, projection)
            : null;
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
        cursor = segment != null
            ? plan.table().scan(view, pending.next(), projection, segment)
            : plan.table().scan(view, access, pending.next(), projection);
      }
    }

    /** Emits a row read with {@link #projection}: as of now for an online table. */
    private boolean emit(Object[] stored) {
      final Object[] row = online == null ? stored : online.complete(stored);
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
      segment = null;
      current = null;
    }
  }
}
