package dev.sorrel.engine.feature;

import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.table.Table;

/**
 * A point-in-time join: for each left row (a probe: entity key values and a
 * time), the projected columns of the right table's row that was the value
 * of that entity at that time ({@link AsOfRule}), appended to the left row.
 * The right table is a feature view's history (matched on its entity key,
 * with its TTL, and optionally only what was known at the probe's time) or
 * a plain table whose primary key starts with the match columns and the
 * time column. This is how a training set is built: left rows are labelled
 * events, the result their features as of each event.
 *
 * <p>A join is a description; {@link #open} runs it over an {@link Input}
 * and returns the joined rows in input order ({@link PointInTimeCursor}),
 * reading one snapshot of the right table. A left row whose key or time is
 * NULL, or which has no match, is kept with NULL right values, or dropped if
 * the join is {@linkplain Builder#inner inner}.
 *
 * <pre>{@code
 * PointInTimeJoin join = PointInTimeJoin.builder(view).project(3, 4).build();
 * try (PointInTimeCursor rows = join.open(
 *     PointInTimeJoin.Input.of(events.iterator(), new int[] {0}, 1), db.workers(),
 *     () -> false)) {
 *   while (rows.next()) {
 *     Object[] row = rows.row(); // the event's values, then its features
 *   }
 * }
 * }</pre>
 */
public final class PointInTimeJoin {
  /**
   * Left rows per chunk unless set otherwise: about one row per 2 KiB of
   * maximum heap, between 65,536 and 1,048,576. One chunk sweeps the right
   * table once in key order, so larger chunks read each block fewer times.
   */
  public static final int DEFAULT_CHUNK_ROWS =
      (int) Math.max(65_536, Math.min(1_048_576, Runtime.getRuntime().maxMemory() / 2048));

  private final Table table;
  private final int matchColumns;
  private final boolean strict;
  private final boolean knownAt;
  private final boolean inner;
  private final int[] projection;
  private final int chunkRows;
  private final int workers;

  private PointInTimeJoin(Builder builder) {
    this.table = builder.table;
    this.matchColumns = builder.matchColumns;
    this.strict = builder.strict;
    this.knownAt = builder.knownAt;
    this.inner = builder.inner;
    this.projection = builder.projection.clone();
    this.chunkRows = builder.chunkRows;
    this.workers = builder.workers;
  }

  /**
   * A join against a feature view's history, matched on its whole entity
   * key and its event time, under its TTL; every history column by default.
   */
  public static Builder builder(FeatureView view) {
    return new Builder(view.history(), view.keyCount());
  }

  /**
   * A join against a table whose primary key starts with {@code matchColumns}
   * columns matched by equality and then the time column: a feature view's
   * history (as {@link #builder(FeatureView)}, or on fewer key columns) or a
   * plain table.
   */
  public static Builder builder(Table table, int matchColumns) {
    return new Builder(table, matchColumns);
  }

  /**
   * Runs the join: takes a snapshot of the right table, then reads the left
   * rows a chunk at a time as the returned cursor is read, matching chunks on
   * {@code executor}'s threads while the caller's thread reads ahead and hands
   * out rows. Closing the cursor waits for those tasks and releases the
   * snapshot; the input stays the caller's to close.
   *
   * @param input the left rows
   * @param executor runs the matching tasks, usually the database's
   *     {@link dev.sorrel.engine.Database#workers() workers}. A task may hand
   *     part of its work to another and wait for it, but work not started
   *     when it is awaited is done by the waiting thread: no task waits on
   *     work queued behind it, so any executor will do, even a single thread,
   *     a pool that other queries keep busy, or one running tasks inline
   * @param canceled polled between blocks of probes: once true, reading the
   *     cursor fails with {@link ErrorCode#QUERY_CANCELED}
   */
  public PointInTimeCursor open(Input input, Executor executor, BooleanSupplier canceled) {
    return new PointInTimeCursor(this, input, executor, canceled);
  }

  public Table table() {
    return table;
  }

  public int matchColumns() {
    return matchColumns;
  }

  public boolean strict() {
    return strict;
  }

  public boolean knownAt() {
    return knownAt;
  }

  public boolean inner() {
    return inner;
  }

  /** The right table's columns appended to each left row, in order. */
  public int[] projection() {
    return projection.clone();
  }

  int[] projectionArray() {
    return projection;
  }

  public int chunkRows() {
    return chunkRows;
  }

  public int workers() {
    return workers;
  }

  /**
   * The left side of a join: its rows, and where in a row the probe's values
   * are. Rows are read by the thread that reads the join's cursor; probe
   * values are taken on the matching threads, several rows at once, so
   * {@link #keys} and {@link #time} must be safe to call concurrently (read
   * the row, change nothing shared).
   */
  public interface Input {
    /** The next left row, or null after the last. */
    Object[] next();

    /**
     * Writes a row's match values into {@code keys}, in the right table's key
     * order: storage values of those columns' types (NULL matches nothing).
     */
    void keys(Object[] row, Object[] keys);

    /** A row's time, a storage value of the right time column's type, or null. */
    Object time(Object[] row);

    /**
     * Rows that already hold storage values: the match values are the fields
     * {@code keyFields}, the time the field {@code timeField}.
     */
    static Input of(Iterator<Object[]> rows, int[] keyFields, int timeField) {
      final int[] fields = keyFields.clone();
      return new Input() {
        @Override public Object[] next() {
          return rows.hasNext() ? rows.next() : null;
        }

        @Override public void keys(Object[] row, Object[] keys) {
          for (int k = 0; k < fields.length; k++) {
            keys[k] = row[fields[k]];
          }
        }

        @Override public Object time(Object[] row) {
          return row[timeField];
        }
      };
    }
  }

  /** Describes a join; every setting but the table has a default. */
  public static final class Builder {
    private final Table table;
    private final int matchColumns;
    private boolean strict;
    private boolean knownAt;
    private boolean inner;
    private int[] projection;
    private int chunkRows = DEFAULT_CHUNK_ROWS;
    private int workers = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    private Builder(Table table, int matchColumns) {
      if (matchColumns < 0 || matchColumns >= table.keyColumns().length) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "a point-in-time join of "
            + table.name() + " matches at most " + (table.keyColumns().length - 1)
            + " key columns (a time column must follow them), not " + matchColumns);
      }
      this.table = table;
      this.matchColumns = matchColumns;
      this.projection = new int[table.columns().size()];
      for (int i = 0; i < projection.length; i++) {
        projection[i] = i;
      }
    }

    /** Whether the match must be strictly older than the probe's time (default: at or before). */
    public Builder strict(boolean value) {
      this.strict = value;
      return this;
    }

    /**
     * Whether feature rows written after the probe's time are passed over,
     * as if the join had run then (default false; feature views only).
     */
    public Builder knownAt(boolean value) {
      this.knownAt = value;
      return this;
    }

    /** Whether left rows without a match are dropped, not kept with NULLs (default false). */
    public Builder inner(boolean value) {
      this.inner = value;
      return this;
    }

    /** The right table's columns to append, in order (default: all). */
    public Builder project(int... columns) {
      for (int column : columns) {
        if (column < 0 || column >= table.columns().size()) {
          throw new SorrelException(ErrorCode.COLUMN_NOT_FOUND, table.name() + " has no column "
              + column);
        }
      }
      this.projection = columns.clone();
      return this;
    }

    /**
     * Left rows whose probes are sorted and matched together (default {@link
     * #DEFAULT_CHUNK_ROWS}); bounds the join's memory. Over a history segment
     * at most 16,384 are used (see {@link PointInTimeCursor}).
     */
    public Builder chunkRows(int rows) {
      if (rows < 1) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "chunk rows must be"
            + " positive, not " + rows);
      }
      this.chunkRows = rows;
      return this;
    }

    /** Matching threads used at once (default: the cores, at most 2). */
    public Builder workers(int count) {
      if (count < 1) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "workers must be"
            + " positive, not " + count);
      }
      this.workers = count;
      return this;
    }

    public PointInTimeJoin build() {
      if (knownAt && table.database().catalog().featureViewOf(table) == null) {
        throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "a known-at cutoff needs a"
            + " feature view; " + table.name() + " is a plain table");
      }
      return new PointInTimeJoin(this);
    }
  }
}
