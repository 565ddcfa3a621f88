package dev.sorrel.sql.vector;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.tree.Types;
import org.apache.calcite.rex.RexNode;

import dev.sorrel.engine.WorkerTasks;
import dev.sorrel.engine.table.Table;
import dev.sorrel.engine.table.segment.ColumnBatch;
import dev.sorrel.engine.table.segment.SegmentBatchScan;
import dev.sorrel.engine.table.segment.TableSegment;
import dev.sorrel.engine.table.segment.TableSegments;
import dev.sorrel.sql.runtime.Cancellation;
import dev.sorrel.sql.runtime.Freshness;
import dev.sorrel.sql.runtime.ScanPlan;
import dev.sorrel.sql.runtime.SorrelRuntime;
import dev.sorrel.sql.runtime.TransactionState;
import dev.sorrel.sql.schema.SorrelSchema;
import dev.sorrel.storage.ReadView;

/**
 * Runs a {@link BatchAggregatePlan}: reads the table's segment as column
 * batches where one is usable at the execution's snapshot (as the row scan
 * would), else the rows of the plan's scan, gathered into batches; filters
 * each batch, computes the aggregate's inputs and folds them into a
 * {@link HashAggregator}. Either way the rows aggregated are exactly the
 * scan's. A segment of two blocks or more is read in two parts at once, each
 * into its own aggregator, merged at the end (see {@link HashAggregator#merge}
 * for what that changes in double sums).
 */
public final class BatchAggregateRuntime {
  /** {@link #aggregate}, for generated code. */
  public static final Method AGGREGATE = Types.lookupMethod(BatchAggregateRuntime.class,
      "aggregate", BatchAggregatePlan.class, DataContext.class, Object[].class);
  /** {@link #aggregateScalar}, for generated code. */
  public static final Method AGGREGATE_SCALAR = Types.lookupMethod(BatchAggregateRuntime.class,
      "aggregateScalar", BatchAggregatePlan.class, DataContext.class, Object[].class);
  private static final int BATCH_ROWS = TableSegment.BLOCK_ROWS;
  /** The threads that read a segment's parts: the query's own and one worker. */
  private static final int WORKERS = 2;

  private BatchAggregateRuntime() {
  }

  /**
   * The aggregate's rows, computed when enumeration starts.
   *
   * @param parameters the values of the parameters the plan reads, by index, as the
   *     generated code read them in their declared types (null if it reads none)
   */
  public static Enumerable<Object[]> aggregate(BatchAggregatePlan plan, DataContext context,
      Object[] parameters) {
    return new AbstractEnumerable<Object[]>() {
      @Override public Enumerator<Object[]> enumerator() {
        return Linq4j.enumerator(run(plan, context, parameters));
      }
    };
  }

  /** The rows of an aggregate of one column, as bare values. */
  public static Enumerable<Object> aggregateScalar(BatchAggregatePlan plan,
      DataContext context, Object[] parameters) {
    return new AbstractEnumerable<Object>() {
      @Override public Enumerator<Object> enumerator() {
        final List<Object[]> rows = run(plan, context, parameters);
        final List<Object> values = new java.util.ArrayList<>(rows.size());
        for (Object[] row : rows) {
          values.add(row[0]);
        }
        return Linq4j.enumerator(values);
      }
    };
  }

  private static List<Object[]> run(BatchAggregatePlan plan, DataContext context,
      Object[] parameters) {
    // The table as the catalog has it now (ALTER may have replaced it, DROP removed it).
    final Table table = plan.scan().table().handle().current();
    final ScanPlan scan = table == plan.scan().table() ? plan.scan()
        : plan.scan().withTable(table);
    final AtomicBoolean canceled = Cancellation.flag(context);
    final TransactionState transactions = TransactionState.of(context);
    // The same conditions as the row scan's for reading a segment.
    if (segmentsAllowed(context) && Freshness.reader(table, scan.projection(), context) == null
        && !TransactionState.hasWritten(transactions, table)) {
      final ReadView shared = TransactionState.read(transactions, table);
      final ReadView view = shared != null ? shared : table.database().snapshot();
      try {
        final TableSegments.Usable usable = table.database().tableSegments().usable(table, view);
        if (usable != null) {
          final SegmentBatchScan whole = new SegmentBatchScan(table, usable, view,
              scan.projection(), plan.blockPredicates(parameters));
          return readSegment(plan, parameters, whole.split(WORKERS), canceled, table).results();
        }
      } finally {
        if (shared == null) {
          view.close();
        }
      }
    }
    final Execution execution = new Execution(plan, parameters, new KernelBindings());
    readRows(scan, context, execution, canceled, table);
    return execution.results();
  }

  /**
   * Aggregates the parts of a segment scan: the first on this thread, the
   * second on one of the database's workers (or on this thread if none is
   * free: see {@link WorkerTasks}), each into its own aggregator, merged in
   * key order. The statement fails with the error the row path reports, that
   * of the first row in scan order that fails: the first part's if it fails
   * (the second is stopped and awaited), else the second's. So the first
   * part is read to its end even when the second fails; cancellation stops
   * both at once.
   */
  private static Execution readSegment(BatchAggregatePlan plan, Object[] parameters,
      List<SegmentBatchScan> parts, AtomicBoolean canceled, Table table) {
    // Compiled here, on the statement's thread, the first part's expressions resolve the
    // model versions and experiments the statement reads; the second's bind the same ones.
    final KernelBindings bindings = new KernelBindings();
    final Execution first = new Execution(plan, parameters, bindings);
    bindings.freeze();
    if (parts.size() == 1) {
      read(parts.get(0), first, canceled, null, table);
      return first;
    }
    assert parts.size() == 2 : parts.size();
    final AtomicBoolean stop = new AtomicBoolean();
    final FutureTask<Execution> second = WorkerTasks.submit(table.database().workers(), () -> {
      try {
        final Execution execution = new Execution(plan, parameters, bindings);
        read(parts.get(1), execution, canceled, stop, table);
        return execution;
      } catch (RuntimeException | Error e) {
        stop.set(true);
        throw e;
      }
    });
    final String doing = "aggregating " + table.name();
    try {
      // Not stopped by the second part's failure: an error in its rows comes first.
      read(parts.get(0), first, canceled, null, table);
    } catch (RuntimeException | Error e) {
      stop.set(true);
      try {
        WorkerTasks.await(second, doing); // it reads the query's snapshot: let it end first
      } catch (RuntimeException | Error other) {
        if (other != e) {
          e.addSuppressed(other);
        }
      }
      throw e;
    }
    // If the worker failed, this throws its error, the first in scan order as this part had none.
    first.merge(WorkerTasks.await(second, doing));
    return first;
  }

  /**
   * Folds the batches of one part into {@code execution}; returns early,
   * leaving it incomplete, once {@code stop} is set (another part failed).
   */
  private static void read(SegmentBatchScan batches, Execution execution,
      AtomicBoolean canceled, AtomicBoolean stop, Table table) {
    final Vec[] columns = new Vec[batches.width()];
    while (batches.next()) {
      checkCanceled(canceled, table);
      if (stop != null && stop.get()) {
        return;
      }
      for (int c = 0; c < columns.length; c++) {
        columns[c] = vec(batches.column(c));
      }
      execution.add(columns, batches.selection(), batches.selected());
    }
  }

  /** The fallback: the rows of the row scan (which checks cancellation itself), in batches. */
  private static void readRows(ScanPlan scan, DataContext context, Execution execution,
      AtomicBoolean canceled, Table table) {
    final int width = scan.projection().length;
    final Vec[] columns = new Vec[width];
    for (int c = 0; c < width; c++) {
      columns[c] = Vec.of(VectorCompiler.kindOf(table, scan.projection()[c])).ensure(BATCH_ROWS);
    }
    final int[] selection = new int[BATCH_ROWS];
    for (int i = 0; i < BATCH_ROWS; i++) {
      selection[i] = i;
    }
    int rows = 0;
    try (Enumerator<Object> enumerator = SorrelRuntime.scan(scan, context).enumerator()) {
      while (enumerator.moveNext()) {
        final Object current = enumerator.current();
        for (int c = 0; c < width; c++) {
          set(columns[c], rows, width == 1 ? current : ((Object[]) current)[c]);
        }
        if (++rows == BATCH_ROWS) {
          execution.add(columns, selection, rows);
          rows = 0;
        }
      }
    }
    if (rows > 0) {
      execution.add(columns, selection, rows);
    }
  }

  private static void set(Vec vec, int row, Object value) {
    vec.nulls[row] = value == null;
    if (value == null) {
      return;
    }
    switch (vec.kind) {
    case LONG -> vec.longs[row] = value instanceof Boolean b ? (b ? 1 : 0)
        : ((Number) value).longValue();
    case DOUBLE -> vec.doubles[row] = ((Number) value).doubleValue();
    case OBJECT -> vec.objects[row] = value;
    }
  }

  private static Vec vec(ColumnBatch batch) {
    return switch (batch.type()) {
      case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP ->
          new Vec(Vec.Kind.LONG, batch.longs(), null, null, batch.nulls());
      case REAL, DOUBLE -> new Vec(Vec.Kind.DOUBLE, null, batch.doubles(), null, batch.nulls());
      case DECIMAL, VARCHAR, VARBINARY ->
          new Vec(Vec.Kind.OBJECT, null, null, batch.objects(), batch.nulls());
    };
  }

  /** Stops a canceled statement, and one past the memory limit as its hash table grows. */
  private static void checkCanceled(AtomicBoolean canceled, Table table) {
    if (canceled != null && canceled.get()) {
      throw Cancellation.canceled("scanning " + table.name());
    }
    table.database().memory().check("aggregating " + table.name());
  }

  /** Whether the executing connection lets scans read table segments ({@code table_segments}). */
  static boolean segmentsAllowed(DataContext context) {
    final var root = context == null ? null : context.getRootSchema();
    final var schema = root == null ? null : root.getSubSchema(SorrelSchema.NAME);
    final SorrelSchema sorrel = schema == null ? null : schema.unwrap(SorrelSchema.class);
    return sorrel == null || sorrel.config().tableSegments();
  }

  /** One execution's compiled expressions and aggregation state. */
  private static final class Execution {
    private final VectorExpr condition;
    private final VectorExpr[] inputs;
    private final int[] keys;
    private final HashAggregator aggregator;
    private final Vec[] inputVecs;
    private final Vec[] keyVecs;
    private int[] filtered = new int[0];

    Execution(BatchAggregatePlan plan, Object[] parameters, KernelBindings bindings) {
      final VectorCompiler compiler = new VectorCompiler(
          index -> parameters == null || index >= parameters.length ? null : parameters[index],
          bindings);
      final RexNode filter = plan.condition();
      this.condition = filter == null ? null : compile(compiler, filter);
      this.inputs = new VectorExpr[plan.inputs().size()];
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = compile(compiler, plan.inputs().get(i));
      }
      this.keys = plan.keys();
      final Vec.Kind[] keyKinds = new Vec.Kind[keys.length];
      for (int k = 0; k < keys.length; k++) {
        keyKinds[k] = inputs[keys[k]].kind;
      }
      this.aggregator = new HashAggregator(plan.keyTypes(), keyKinds,
          plan.calls().toArray(new AggregateCall[0]));
      this.inputVecs = new Vec[inputs.length];
      this.keyVecs = new Vec[keys.length];
    }

    private static VectorExpr compile(VectorCompiler compiler, RexNode node) {
      final VectorExpr compiled = compiler.compile(node);
      if (compiled == null) {
        throw new IllegalStateException("not vectorizable, though planned so: " + node);
      }
      return compiled;
    }

    void add(Vec[] columns, int[] selection, int count) {
      int[] rows = selection;
      int n = count;
      if (condition != null) {
        final Vec test = condition.eval(columns, selection, count);
        if (filtered.length < selection.length) {
          filtered = new int[selection.length];
        }
        n = 0;
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          if (!test.nulls[i] && test.longs[i] != 0) {
            filtered[n++] = i;
          }
        }
        rows = filtered;
      }
      if (n == 0) {
        return;
      }
      for (int i = 0; i < inputs.length; i++) {
        inputVecs[i] = inputs[i].eval(columns, rows, n);
      }
      for (int k = 0; k < keys.length; k++) {
        keyVecs[k] = inputVecs[keys[k]];
      }
      aggregator.add(keyVecs, inputVecs, rows, n);
    }

    List<Object[]> results() {
      return aggregator.results();
    }

    /** Folds in another execution's groups, of rows that come after this one's. */
    void merge(Execution other) {
      aggregator.merge(other.aggregator);
    }
  }
}
