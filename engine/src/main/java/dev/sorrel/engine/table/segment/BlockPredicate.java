package dev.sorrel.engine.table.segment;

/**
 * A condition a row must meet on one column, in a form that a block's
 * statistics (non-null count, minimum, maximum) can rule out: what a
 * {@link SegmentBatchScan} uses to skip whole blocks. A predicate only
 * ever skips blocks in which no row can meet it; the rows of the blocks
 * read still need the caller's exact filter.
 */
public sealed interface BlockPredicate {
  /** The column (table ordinal) the condition is on. */
  int column();

  /** Whether some row of a block may meet the condition. */
  boolean mayMatch(TableSegment segment, int block);

  /** The column is not null. */
  record NotNull(int column) implements BlockPredicate {
    @Override public boolean mayMatch(TableSegment segment, int block) {
      return segment.nonNull(block, column) > 0;
    }
  }

  /**
   * An integral, boolean, date, time or timestamp column (as
   * {@link ColumnBatch#longs()} holds it) is in {@code [low, high]}.
   */
  record LongRange(int column, long low, long high) implements BlockPredicate {
    @Override public boolean mayMatch(TableSegment segment, int block) {
      return segment.nonNull(block, column) > 0 && low <= high
          && segment.maximum(block, column) >= low && segment.minimum(block, column) <= high;
    }
  }

  /**
   * A REAL or DOUBLE column is between {@code low} and {@code high}, each
   * bound inclusive or not, as SQL compares numbers (NaN meets no bound, and
   * -0.0 equals 0.0); an infinite bound stands for none.
   */
  record DoubleRange(int column, double low, boolean lowInclusive, double high,
      boolean highInclusive) implements BlockPredicate {
    @Override public boolean mayMatch(TableSegment segment, int block) {
      if (segment.nonNull(block, column) == 0) {
        return false;
      }
      final double min = Double.longBitsToDouble(segment.minimum(block, column));
      final double max = Double.longBitsToDouble(segment.maximum(block, column));
      if (Double.isNaN(min) || Double.isNaN(max)) {
        return true; // ordered by Double.compare: the statistics say too little
      }
      final boolean aboveLow = lowInclusive ? max >= low : max > low;
      final boolean belowHigh = highInclusive ? min <= high : min < high;
      return aboveLow && belowHigh;
    }
  }
}
