package dev.sorrel.sql.vector;

import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One aggregate the batch path computes.
 *
 * @param function what it computes
 * @param argument the index of its argument among the aggregate's inputs, or -1 for COUNT(*)
 * @param argumentKind how its argument's vector holds values (null for COUNT(*))
 * @param result the SQL type of its result
 */
public record AggregateCall(Function function, int argument, Vec.Kind argumentKind,
    SqlTypeName result) {

  /** The aggregate functions of the batch path. */
  public enum Function {
    /** COUNT(*), or COUNT(x) with an argument: the rows, or the non-null values. */
    COUNT,
    /** SUM: null over no values. */
    SUM,
    /** $SUM0, Calcite's SUM that is 0 over no values. */
    SUM0,
    MIN,
    MAX
  }
}
