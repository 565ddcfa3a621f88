package dev.sorrel.engine.feature;

/**
 * The point-in-time rule: which of an entity's stored rows is its value at a
 * time. The candidates are the entity's rows with an event time at or before
 * the time (strictly before if {@code strict}), newest first: by event time,
 * then by write time, which is the order of a history table's keys, so a
 * backward search visits them in this order. The value is the first
 * candidate that is known at the time (with {@code knownAt}: written at or
 * before it), unless the search first reaches a candidate older than the
 * view's TTL allows ({@code event < time - ttl}): then there is none, since
 * every older candidate is staler still.
 *
 * <p>This is the one place the rule is written; the point-in-time join (over
 * RocksDB and over a history segment), the single-entity history read and the
 * online read all ask {@link #admit} about the rows they reach.
 *
 * @param strict whether the value must be strictly older than the time
 * @param knownAt whether rows written after the time are passed over
 * @param ttlMillis how long a value stays valid after its event time, or
 *     null for ever
 */
public record AsOfRule(boolean strict, boolean knownAt, Long ttlMillis) {
  /** The newest row whatever its age: no TTL, no known-at cutoff. */
  public static final AsOfRule LATEST = new AsOfRule(false, false, null);

  /** What {@link #admit} says of a candidate row. */
  public enum Verdict {
    /** The row is the value. */
    MATCH,
    /** The row is not valid yet at the time (event or write after it): look at the next older. */
    TOO_NEW,
    /** The row has expired, and every older row with it: there is no value. */
    EXPIRED
  }

  /**
   * The rule of a feature view's online values: the newest value at or before
   * the time and within the view's TTL, whenever it was written.
   */
  public static AsOfRule online(FeatureView view) {
    return new AsOfRule(false, false, view.ttlMillis());
  }

  /**
   * Judges a candidate row for the value at {@code time}. Searches visit an
   * entity's rows newest first and stop at the first that is not
   * {@link Verdict#TOO_NEW}.
   *
   * @param event the row's event time
   * @param created the row's write time; looked at only with a known-at cutoff,
   *     so a caller may skip reading it when {@link #knownAt()} is false
   * @param time the time the value is wanted for
   */
  public Verdict admit(long event, long created, long time) {
    if (strict ? event >= time : event > time) {
      return Verdict.TOO_NEW;
    }
    if (ttlMillis != null && event < saturatedMinus(time, ttlMillis)) {
      return Verdict.EXPIRED;
    }
    if (knownAt && created > time) {
      return Verdict.TOO_NEW; // written after the time: not yet known then
    }
    return Verdict.MATCH;
  }

  /**
   * Whether {@link #admit} can refuse a row that a search bounded by the
   * time reaches (one with an event time at, or strictly before, the time):
   * if not, the newest such row is the value and a search need not read its
   * times.
   */
  public boolean readsTimes() {
    return ttlMillis != null || knownAt;
  }

  /** {@code a - b}, or {@code Long.MIN_VALUE} where that would overflow. */
  static long saturatedMinus(long a, long b) {
    final long r = a - b;
    return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
  }
}
