package dev.sorrel.udf.experiment;

/**
 * The units an analysis has seen, to find a unit that appears twice. It
 * holds 128 bits per unit in two primitive arrays (open addressing, linear
 * probing), about 24 bytes per unit at its fullest, instead of a set of
 * strings (well over 100 bytes per unit): an experiment's outcomes may have
 * tens of millions of units.
 *
 * <p>An integer unit is kept exactly. A text unit is kept as a 128-bit
 * fingerprint of its characters (two independent 64-bit hashes), so two
 * different units are taken for one with a probability of about
 * {@code n² / 2¹²⁹}: below 10⁻²² for 10⁸ units.
 */
public final class UnitSet {
  private static final double MAX_LOAD = 0.7;

  private long[] high;
  private long[] low;
  private boolean[] used;
  private int size;
  private int mask;

  public UnitSet() {
    allocate(1 << 10);
  }

  /** Adds an integer unit; false if it was there already. */
  public boolean add(long unit) {
    return add(unit, 0);
  }

  /** Adds a text unit; false if it (or a unit of the same fingerprint) was there already. */
  public boolean add(String unit) {
    long h1 = 0xcbf29ce484222325L;
    long h2 = 0x9e3779b97f4a7c15L ^ unit.length();
    for (int i = 0; i < unit.length(); i++) {
      final char c = unit.charAt(i);
      h1 = (h1 ^ c) * 0x100000001b3L;
      h2 = (h2 + c) * 0xc6a4a7935bd1e995L;
      h2 ^= h2 >>> 47;
    }
    return add(mix(h1), mix(h2 ^ h1 >>> 32));
  }

  public int size() {
    return size;
  }

  private boolean add(long hi, long lo) {
    int slot = (int) mix(hi ^ Long.rotateLeft(lo, 17)) & mask;
    while (used[slot]) {
      if (high[slot] == hi && low[slot] == lo) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    used[slot] = true;
    high[slot] = hi;
    low[slot] = lo;
    if (++size > MAX_LOAD * used.length) {
      grow();
    }
    return true;
  }

  private void grow() {
    final long[] oldHigh = high;
    final long[] oldLow = low;
    final boolean[] oldUsed = used;
    allocate(oldUsed.length * 2);
    for (int i = 0; i < oldUsed.length; i++) {
      if (oldUsed[i]) {
        int slot = (int) mix(oldHigh[i] ^ Long.rotateLeft(oldLow[i], 17)) & mask;
        while (used[slot]) {
          slot = (slot + 1) & mask;
        }
        used[slot] = true;
        high[slot] = oldHigh[i];
        low[slot] = oldLow[i];
      }
    }
  }

  private void allocate(int capacity) {
    high = new long[capacity];
    low = new long[capacity];
    used = new boolean[capacity];
    mask = capacity - 1;
  }

  /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb93fe5d8b1a7L;
    h ^= h >>> 33;
    return h;
  }
}
