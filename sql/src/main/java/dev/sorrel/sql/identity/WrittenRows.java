package dev.sorrel.sql.identity;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.schema.SorrelSchema;

/**
 * The rows a connection's statements insert (or an upsert updates), as
 * stored, kept only while the connection asks for them: what JDBC's
 * {@code getGeneratedKeys} reports, identity values included. The
 * connection's schema holds it; a statement finds it through its execution's
 * data context, whose query provider is the executing connection (a plan may
 * have been made by another connection sharing the plan cache).
 *
 * <p>A connection runs one statement at a time, as JDBC expects; rows of
 * statements run on it concurrently would be kept together.
 */
public final class WrittenRows {
  /** A row as stored and the table it went into. */
  public record Written(Table table, Object[] row) {
  }

  private List<Written> kept;

  /** The rows of the connection executing with {@code context}, or null if there is none. */
  public static @Nullable WrittenRows of(@Nullable DataContext context) {
    return context != null && context.getQueryProvider() instanceof CalciteConnection connection
        ? of(connection) : null;
  }

  /** The rows of a connection, or null if it is not a Sorrel connection. */
  public static @Nullable WrittenRows of(CalciteConnection connection) {
    final SchemaPlus schema = connection.getRootSchema().getSubSchema(SorrelSchema.NAME);
    final SorrelSchema sorrel = schema == null ? null : schema.unwrap(SorrelSchema.class);
    return sorrel == null ? null : sorrel.writtenRows();
  }

  /**
   * Where a statement executing with {@code context} reports the rows it
   * writes to {@code table}, or null if its connection keeps none.
   */
  public static @Nullable Sink sink(@Nullable DataContext context, Table table) {
    final WrittenRows rows = of(context);
    return rows == null || !rows.keeping() ? null : row -> rows.add(table, row);
  }

  /** Starts keeping the rows of the connection's next statements, until {@link #take}. */
  public synchronized void keep() {
    kept = new ArrayList<>();
  }

  /** Returns the rows kept since {@link #keep} and stops keeping them. */
  public synchronized List<Written> take() {
    final List<Written> rows = kept == null ? List.of() : kept;
    kept = null;
    return rows;
  }

  private synchronized boolean keeping() {
    return kept != null;
  }

  private synchronized void add(Table table, Object[] row) {
    if (kept != null) {
      kept.add(new Written(table, row));
    }
  }

  /** Takes the rows one statement writes to one table. */
  @FunctionalInterface
  public interface Sink {
    /** A row as stored (storage values, every column). */
    void written(Object[] row);
  }
}
