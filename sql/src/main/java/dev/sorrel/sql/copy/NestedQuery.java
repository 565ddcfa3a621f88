package dev.sorrel.sql.copy;

import java.util.Map;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlNode;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.sql.SorrelPrepare;
import dev.sorrel.sql.runtime.Cancellation;
import dev.sorrel.sql.runtime.TransactionState;

/**
 * Runs a query inside a statement that is executing, such as {@code COPY (query) TO} or
 * {@code REFRESH FEATURE VIEW}: prepared by the connection's own statement preparation (so with
 * every planner rule, hint and function an ordinary query has) and read from the plan's
 * enumerable as Calcite's run-time values, not through a JDBC connection and its conversions.
 * Its writes, if it is DML, join the executing statement's transaction.
 */
public final class NestedQuery {
  private final CalcitePrepare prepare;
  private final CalcitePrepare.Context context;
  private final DataContext dataContext;

  /**
   * Creates a runner of queries prepared by {@code prepare} in {@code context} (the connection's
   * preparation context) and executed with {@code dataContext} (the executing statement's).
   */
  public NestedQuery(CalcitePrepare prepare, CalcitePrepare.Context context,
      DataContext dataContext) {
    this.prepare = prepare;
    this.context = context;
    this.dataContext = dataContext;
  }

  /** The transaction state of the connection executing the enclosing statement, or null. */
  public TransactionState transactions() {
    return TransactionState.of(dataContext);
  }

  /**
   * Prepares {@code sql}; throws if it does not parse, validate or plan, or
   * if the executing statement is canceled meanwhile.
   */
  public Prepared prepare(String sql) {
    final CalcitePrepare.Query<Object> query = CalcitePrepare.Query.of(sql);
    return new Prepared(prepare instanceof SorrelPrepare sorrel
        ? sorrel.prepareSql(context, query, Object[].class, -1, Cancellation.flag(dataContext))
        : prepare.prepareSql(context, query, Object[].class, -1));
  }

  /**
   * Prepares a query given as a tree (see {@link SorrelPrepare#prepareTree}); throws if it does
   * not validate or plan, or if the executing statement is canceled meanwhile.
   */
  public Prepared prepare(String sql, SqlNode tree) {
    if (!(prepare instanceof SorrelPrepare sorrel)) {
      throw new IllegalStateException("a query tree needs Sorrel's statement preparation");
    }
    return new Prepared(sorrel.prepareTree(context, sql, tree, Cancellation.flag(dataContext)));
  }

  /** A query prepared before, to run with the executing statement's context. */
  public Prepared prepared(CalcitePrepare.CalciteSignature<Object> signature) {
    return new Prepared(signature);
  }

  /** A prepared query, run any number of times. */
  public final class Prepared {
    private final CalcitePrepare.CalciteSignature<Object> signature;

    private Prepared(CalcitePrepare.CalciteSignature<Object> signature) {
      this.signature = signature;
    }

    /** The query's signature as prepared. */
    public CalcitePrepare.CalciteSignature<Object> signature() {
      return signature;
    }

    /** The type of the rows the query returns. */
    public RelDataType rowType() {
      return signature.rowType;
    }

    /**
     * Runs the query with its dynamic parameters bound to {@code parameters} (Calcite's run-time
     * values, in order); close the rows when done.
     */
    public Rows run(Object... parameters) {
      final DataContext bound = new BoundContext(dataContext,
          signature.internalParameters, parameters);
      final boolean arrays = signature.cursorFactory.style == Meta.Style.ARRAY;
      return new Rows(signature.enumerable(bound).enumerator(), arrays);
    }
  }

  /** The rows of one run, each an array of Calcite's run-time values. */
  public static final class Rows implements AutoCloseable {
    private final Enumerator<Object> enumerator;
    private final boolean arrays;

    private Rows(Enumerator<Object> enumerator, boolean arrays) {
      this.enumerator = enumerator;
      this.arrays = arrays;
    }

    /** Steps to the next row; false after the last. */
    public boolean next() {
      return enumerator.moveNext();
    }

    /** The current row. */
    public Object[] row() {
      final Object row = enumerator.current();
      // A plan of one column yields its values bare.
      return arrays ? (Object[]) row : new Object[] {row};
    }

    @Override public void close() {
      enumerator.close();
    }
  }

  /**
   * The executing statement's context, with the nested query's own values: the objects its plan
   * stashed while being prepared (as Calcite's JDBC layer binds them) and its parameters.
   */
  private static final class BoundContext implements DataContext {
    private final DataContext outer;
    private final Map<String, Object> internal;
    private final Object[] parameters;

    BoundContext(DataContext outer, Map<String, Object> internal, Object[] parameters) {
      this.outer = outer;
      this.internal = internal;
      this.parameters = parameters;
    }

    @Override public @Nullable SchemaPlus getRootSchema() {
      return outer.getRootSchema();
    }

    @Override public JavaTypeFactory getTypeFactory() {
      return outer.getTypeFactory();
    }

    @Override public QueryProvider getQueryProvider() {
      return outer.getQueryProvider();
    }

    @Override public @Nullable Object get(String name) {
      final Object value = internal.get(name);
      if (value != null) {
        return value;
      }
      if (name.startsWith("?")) {
        final int index = Integer.parseInt(name.substring(1));
        return index < parameters.length ? parameters[index] : null;
      }
      return outer.get(name);
    }
  }
}
