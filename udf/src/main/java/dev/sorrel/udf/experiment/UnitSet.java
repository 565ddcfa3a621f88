package dev.sorrel.udf.experiment;

/**
 * The units an analysis has seen, to find a unit that appears twice. It
 * holds 128 bits per unit in one primitive array (open addressing, linear
 * probing), about 23 bytes per unit at its fullest, instead of a set of
 * strings (well over 100 bytes per unit): an experiment's outcomes may have
 * tens of millions of units. A unit's two halves sit side by side, so adding
 * a unit to a set far larger than the cache costs one cache miss, not one
 * per array.
 *
 * <p>An integer unit is kept exactly. A text unit is kept as a 128-bit
 * fingerprint of its characters (two independent 64-bit hashes), so two
 * different units are taken for one with a probability of about
 * {@code n² / 2¹²⁹}: below 10⁻²² for 10⁸ units.
 */
public final class UnitSet {
  private static final double MAX_LOAD = 0.7;

  /** Slot {@code i} is {@code (table[2i], table[2i + 1])}; (0, 0) marks it free. */
  private long[] table;
  /** Whether the one unit whose value is (0, 0), the integer 0, is in the set. */
  private boolean hasZero;
  private int size;
  private int mask;
  /** The units of one {@link #addAll} call as pairs, reused from call to call. */
  private long[] pairs = new long[0];
  private final long[] single = new long[2];

  public UnitSet() {
    allocate(1 << 10);
  }

  /** Adds an integer unit; false if it was there already. */
  public boolean add(long unit) {
    return add(unit, 0);
  }

  /** Adds a text unit; false if it (or a unit of the same fingerprint) was there already. */
  public boolean add(String unit) {
    fingerprint(unit, single, 0);
    return add(single[0], single[1]);
  }

  /**
   * Adds the text units {@code units[0, count)} in order; returns the index of
   * the first one that was there already (as {@link #add(String)} would have
   * found it, units before it in the call included), or -1 if none was. Units
   * after a repeated one are not added.
   *
   * <p>Faster than adding them one at a time: the fingerprints are computed
   * first and the table is probed in a tight loop, so the processor can wait
   * for the cache misses of several probes at once.
   */
  public int addAll(String[] units, int count) {
    final long[] h = scratch(count);
    for (int i = 0; i < count; i++) {
      fingerprint(units[i], h, 2 * i);
    }
    return addPairs(h, count);
  }

  /** {@link #addAll(String[], int)} for integer units. */
  public int addAll(long[] units, int count) {
    final long[] h = scratch(count);
    for (int i = 0; i < count; i++) {
      h[2 * i] = units[i];
      h[2 * i + 1] = 0;
    }
    return addPairs(h, count);
  }

  private long[] scratch(int count) {
    if (pairs.length < 2 * count) {
      pairs = new long[2 * count];
    }
    return pairs;
  }

  private int addPairs(long[] h, int count) {
    while (size + count > MAX_LOAD * (mask + 1)) {
      grow();
    }
    final long[] t = table;
    final int m = mask;
    for (int i = 0; i < count; i++) {
      final long hi = h[2 * i];
      final long lo = h[2 * i + 1];
      if ((hi | lo) == 0) {
        if (hasZero) {
          return i;
        }
        hasZero = true;
        size++;
        continue;
      }
      int slot = (int) mix(hi ^ Long.rotateLeft(lo, 17)) & m;
      while (true) {
        final long a = t[2 * slot];
        final long b = t[2 * slot + 1];
        if ((a | b) == 0) {
          break;
        }
        if (a == hi && b == lo) {
          return i;
        }
        slot = (slot + 1) & m;
      }
      t[2 * slot] = hi;
      t[2 * slot + 1] = lo;
      size++;
    }
    return -1;
  }

  /** Writes a text unit's 128-bit fingerprint to {@code out[at]} and {@code out[at + 1]}. */
  private static void fingerprint(String unit, long[] out, int at) {
    long h1 = 0xcbf29ce484222325L;
    long h2 = 0x9e3779b97f4a7c15L ^ unit.length();
    for (int i = 0; i < unit.length(); i++) {
      final char c = unit.charAt(i);
      h1 = (h1 ^ c) * 0x100000001b3L;
      h2 = (h2 + c) * 0xc6a4a7935bd1e995L;
      h2 ^= h2 >>> 47;
    }
    out[at] = mix(h1);
    out[at + 1] = mix(h2 ^ h1 >>> 32);
  }

  public int size() {
    return size;
  }

  private boolean add(long hi, long lo) {
    if ((hi | lo) == 0) {
      if (hasZero) {
        return false;
      }
      hasZero = true;
      size++;
      return true;
    }
    final long[] t = table;
    int slot = (int) mix(hi ^ Long.rotateLeft(lo, 17)) & mask;
    while (true) {
      final long h = t[2 * slot];
      final long l = t[2 * slot + 1];
      if ((h | l) == 0) {
        break;
      }
      if (h == hi && l == lo) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    t[2 * slot] = hi;
    t[2 * slot + 1] = lo;
    if (++size > MAX_LOAD * (mask + 1)) {
      grow();
    }
    return true;
  }

  private void grow() {
    final long[] old = table;
    allocate((mask + 1) * 2);
    final long[] t = table;
    for (int i = 0; i < old.length; i += 2) {
      final long hi = old[i];
      final long lo = old[i + 1];
      if ((hi | lo) != 0) {
        int slot = (int) mix(hi ^ Long.rotateLeft(lo, 17)) & mask;
        while ((t[2 * slot] | t[2 * slot + 1]) != 0) {
          slot = (slot + 1) & mask;
        }
        t[2 * slot] = hi;
        t[2 * slot + 1] = lo;
      }
    }
  }

  private void allocate(int capacity) {
    table = new long[2 * capacity];
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
