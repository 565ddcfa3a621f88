package dev.sorrel.sql.vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.calcite.sql.type.SqlTypeName;

import dev.sorrel.sql.vector.Vec.Kind;

/**
 * Hash aggregation of batches into groups, with primitive accumulators: each
 * batch's rows get group ids (a primitive hash table for one integral key,
 * else a hash map of the key values), then each aggregate folds its argument
 * vector into per-group arrays. Integer sums wrap as the row path's do (its
 * SUM adds in the result type without an overflow check); double sums add in
 * batch order, which may differ from the row path's order in the last bits.
 *
 * <p>Aggregators that each folded a part of the rows combine with
 * {@link #merge}: counts, integer sums (wrapping, so the same as one
 * aggregator's whatever the split), minimums and maximums exactly; double
 * sums as the sum of the parts' sums, which reassociates the additions.
 * Averages and variances are computed by the plan from these sums and
 * counts, so they merge too.
 */
final class HashAggregator {
  private static final Object NULL_KEY = new Object();

  private final SqlTypeName[] keyTypes;
  private final Kind[] keyKinds;
  private final AggregateCall[] calls;
  /** For one integral key: its groups by value. */
  private final LongGroups longGroups;
  private int nullGroup = -1;
  /** For other keys: the groups by key value (a List for several). */
  private final Map<Object, Integer> groups = new HashMap<>();
  /** The key values of each group, boxed as the output has them. */
  private final List<Object[]> keys = new ArrayList<>();
  private int[] groupOf = new int[0];
  private int groupCount;
  /**
   * For one string, decimal or binary key: the groups of recently seen key objects, by hash,
   * matched by identity. A segment hands out one String per repeated value (see its batches),
   * so a column of categories finds its group here without a map lookup.
   */
  private final Object[] recentKeys;
  private final int[] recentGroups;
  private static final int RECENT = 256;

  // Per aggregate, per group.
  private final long[][] counts;
  private final long[][] longs;
  private final double[][] doubles;
  private final Object[][] objects;
  /** For MAX of DOUBLE or REAL: whether the group's values held a NaN (see {@link #fold}). */
  private final boolean[][] nans;

  HashAggregator(SqlTypeName[] keyTypes, Kind[] keyKinds, AggregateCall[] calls) {
    this.keyTypes = keyTypes;
    this.keyKinds = keyKinds;
    this.calls = calls;
    this.longGroups = keyKinds.length == 1 && keyKinds[0] == Kind.LONG ? new LongGroups() : null;
    final boolean objectKey = keyKinds.length == 1 && keyKinds[0] == Kind.OBJECT;
    this.recentKeys = objectKey ? new Object[RECENT] : null;
    this.recentGroups = objectKey ? new int[RECENT] : null;
    this.counts = new long[calls.length][16];
    this.longs = new long[calls.length][];
    this.doubles = new double[calls.length][];
    this.objects = new Object[calls.length][];
    this.nans = new boolean[calls.length][];
    for (int a = 0; a < calls.length; a++) {
      final AggregateCall call = calls[a];
      if (call.argument() >= 0 && call.function() != AggregateCall.Function.COUNT) {
        switch (call.argumentKind()) {
        case LONG -> longs[a] = new long[16];
        case DOUBLE -> doubles[a] = new double[16];
        case OBJECT -> objects[a] = new Object[16];
        }
        if (call.argumentKind() == Kind.DOUBLE && call.function() == AggregateCall.Function.MAX) {
          nans[a] = new boolean[16];
        }
      }
    }
    if (keyKinds.length == 0) {
      newGroup(new Object[0]); // one row even over no rows
    }
  }

  /** Folds the selected rows of a batch, given its key vectors and its aggregates' inputs. */
  void add(Vec[] keyVecs, Vec[] inputs, int[] selection, int count) {
    if (groupOf.length < selection.length) {
      groupOf = new int[selection.length];
    }
    assignGroups(keyVecs, selection, count);
    for (int a = 0; a < calls.length; a++) {
      fold(a, calls[a].argument() < 0 ? null : inputs[calls[a].argument()], selection, count);
    }
  }

  private void assignGroups(Vec[] keyVecs, int[] selection, int count) {
    if (keyVecs.length == 0) {
      for (int k = 0; k < count; k++) {
        groupOf[selection[k]] = 0;
      }
      return;
    }
    if (longGroups != null) {
      final Vec key = keyVecs[0];
      for (int k = 0; k < count; k++) {
        final int i = selection[k];
        if (key.nulls[i]) {
          if (nullGroup < 0) {
            nullGroup = newGroup(new Object[] {null});
          }
          groupOf[i] = nullGroup;
        } else {
          int group = longGroups.get(key.longs[i]);
          if (group < 0) {
            group = newGroup(new Object[] {box(0, key, i)});
            longGroups.put(key.longs[i], group);
          }
          groupOf[i] = group;
        }
      }
      return;
    }
    if (recentKeys != null) {
      assignObjectGroups(keyVecs[0], selection, count);
      return;
    }
    for (int k = 0; k < count; k++) {
      final int i = selection[k];
      final Object lookup;
      if (keyVecs.length == 1) {
        final Object value = box(0, keyVecs[0], i);
        lookup = value == null ? NULL_KEY : value;
      } else {
        final Object[] values = new Object[keyVecs.length];
        for (int c = 0; c < values.length; c++) {
          values[c] = box(c, keyVecs[c], i);
        }
        lookup = Arrays.asList(values);
      }
      Integer group = groups.get(lookup);
      if (group == null) {
        final Object[] values = new Object[keyVecs.length];
        for (int c = 0; c < values.length; c++) {
          values[c] = box(c, keyVecs[c], i);
        }
        group = newGroup(values);
        groups.put(lookup, group);
      }
      groupOf[i] = group;
    }
  }

  /** {@link #assignGroups} for one key held as objects. */
  private void assignObjectGroups(Vec key, int[] selection, int count) {
    for (int k = 0; k < count; k++) {
      final int i = selection[k];
      final Object value = key.nulls[i] ? NULL_KEY : key.objects[i];
      final int hash = value.hashCode();
      final int slot = (hash ^ (hash >>> 16)) & (RECENT - 1);
      if (recentKeys[slot] == value) {
        groupOf[i] = recentGroups[slot];
        continue;
      }
      Integer group = groups.get(value);
      if (group == null) {
        group = newGroup(new Object[] {value == NULL_KEY ? null : value});
        groups.put(value, group);
      }
      recentKeys[slot] = value;
      recentGroups[slot] = group;
      groupOf[i] = group;
    }
  }

  /** A key value boxed as Calcite represents its type. */
  private Object box(int key, Vec vec, int row) {
    if (vec.nulls[row]) {
      return null;
    }
    return switch (vec.kind) {
      case LONG -> boxLong(keyTypes[key], vec.longs[row]);
      case DOUBLE -> keyTypes[key] == SqlTypeName.REAL ? (Object) (float) vec.doubles[row]
          : (Object) vec.doubles[row];
      case OBJECT -> vec.objects[row];
    };
  }

  static Object boxLong(SqlTypeName type, long value) {
    if (type == SqlTypeName.BOOLEAN) {
      return value != 0;
    } else if (type == SqlTypeName.TINYINT) {
      return (byte) value;
    } else if (type == SqlTypeName.SMALLINT) {
      return (short) value;
    } else if (type == SqlTypeName.INTEGER || type == SqlTypeName.DATE
        || type == SqlTypeName.TIME) {
      return (int) value;
    }
    return value; // BIGINT, TIMESTAMP
  }

  private int newGroup(Object[] keyValues) {
    final int group = groupCount++;
    keys.add(keyValues);
    grow(group + 1);
    return group;
  }

  private void grow(int size) {
    for (int a = 0; a < calls.length; a++) {
      if (counts[a].length >= size) {
        continue;
      }
      final int capacity = Math.max(size, counts[a].length * 2);
      counts[a] = Arrays.copyOf(counts[a], capacity);
      if (longs[a] != null) {
        longs[a] = Arrays.copyOf(longs[a], capacity);
      }
      if (doubles[a] != null) {
        doubles[a] = Arrays.copyOf(doubles[a], capacity);
      }
      if (objects[a] != null) {
        objects[a] = Arrays.copyOf(objects[a], capacity);
      }
      if (nans[a] != null) {
        nans[a] = Arrays.copyOf(nans[a], capacity);
      }
    }
  }

  /*
   * MIN and MAX of DOUBLE and REAL answer exactly as the row path, whose
   * generated code folds the values in scan order into an accumulator that
   * starts at the type's largest finite value (MIN) or its negation (MAX)
   * with Calcite's SqlFunctions.lesser/greater: acc > v ? v : acc and
   * acc > v ? acc : v. So MIN never takes a NaN and keeps the earlier of
   * equal values (0.0 and -0.0); MAX takes a NaN, and the value after a NaN,
   * and the later of equal values; an infinity beyond the start value is
   * clamped to it. MIN keeps that accumulator as it is. MAX keeps the fold
   * from the group's first value and whether a NaN came: the rows after a
   * part's last NaN decide alone, so two parts combine exactly (combine) and
   * the start value is applied at the end (result).
   */

  private static double lesser(double acc, double v) {
    return acc > v ? v : acc;
  }

  private static double greater(double acc, double v) {
    return acc > v ? acc : v;
  }

  /** The start value of the row path's MIN accumulator (MAX starts at its negation). */
  private double bound(int a) {
    return calls[a].result() == SqlTypeName.REAL ? Float.MAX_VALUE : Double.MAX_VALUE;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void fold(int a, Vec arg, int[] selection, int count) {
    final long[] n = counts[a];
    final int[] g = groupOf;
    if (arg == null) {
      if (keyKinds.length == 0) {
        n[0] += count;
        return;
      }
      for (int k = 0; k < count; k++) {
        n[g[selection[k]]]++;
      }
      return;
    }
    final boolean[] nulls = arg.nulls;
    switch (calls[a].function()) {
    case COUNT -> {
      for (int k = 0; k < count; k++) {
        final int i = selection[k];
        if (!nulls[i]) {
          n[g[i]]++;
        }
      }
    }
    case SUM, SUM0 -> {
      if (arg.kind == Kind.LONG) {
        final long[] sum = longs[a];
        final long[] v = arg.longs;
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          if (!nulls[i]) {
            sum[g[i]] += v[i];
            n[g[i]]++;
          }
        }
      } else {
        final double[] sum = doubles[a];
        final double[] v = arg.doubles;
        for (int k = 0; k < count; k++) {
          final int i = selection[k];
          if (!nulls[i]) {
            sum[g[i]] += v[i];
            n[g[i]]++;
          }
        }
      }
    }
    case MIN, MAX -> {
      final boolean min = calls[a].function() == AggregateCall.Function.MIN;
      for (int k = 0; k < count; k++) {
        final int i = selection[k];
        if (nulls[i]) {
          continue;
        }
        final int group = g[i];
        final boolean first = n[group]++ == 0;
        switch (arg.kind) {
        case LONG -> {
          final long v = arg.longs[i];
          if (first || (min ? v < longs[a][group] : v > longs[a][group])) {
            longs[a][group] = v;
          }
        }
        case DOUBLE -> {
          final double v = arg.doubles[i];
          if (min) {
            doubles[a][group] = lesser(first ? bound(a) : doubles[a][group], v);
          } else {
            doubles[a][group] = first ? v : greater(doubles[a][group], v);
            nans[a][group] |= Double.isNaN(v);
          }
        }
        case OBJECT -> {
          final Comparable v = (Comparable) arg.objects[i];
          final int c = first ? 0 : v.compareTo(objects[a][group]);
          if (first || (min ? c < 0 : c > 0)) {
            objects[a][group] = v;
          }
        }
        }
      }
    }
    }
  }

  /**
   * Folds in the groups of {@code other}, an aggregator of the same plan
   * that folded rows after this one's: the groups it found first come after
   * this one's, as if one aggregator had read all the rows.
   */
  void merge(HashAggregator other) {
    for (int from = 0; from < other.groupCount; from++) {
      final int group = groupOf(other.keys.get(from));
      for (int a = 0; a < calls.length; a++) {
        combine(a, group, other, from);
      }
    }
  }

  /** The group of a key as {@link #keys} holds it, created if new. */
  private int groupOf(Object[] key) {
    if (keyKinds.length == 0) {
      return 0;
    }
    if (longGroups != null) {
      if (key[0] == null) {
        if (nullGroup < 0) {
          nullGroup = newGroup(new Object[] {null});
        }
        return nullGroup;
      }
      final long value = key[0] instanceof Boolean b ? (b ? 1 : 0) : ((Number) key[0]).longValue();
      int group = longGroups.get(value);
      if (group < 0) {
        group = newGroup(key.clone());
        longGroups.put(value, group);
      }
      return group;
    }
    final Object lookup = key.length == 1 ? (key[0] == null ? NULL_KEY : key[0])
        : Arrays.asList(key.clone());
    Integer group = groups.get(lookup);
    if (group == null) {
      group = newGroup(key.clone());
      groups.put(lookup, group);
    }
    return group;
  }

  /** Combines aggregate {@code a} of group {@code from} of {@code other} into {@code group}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void combine(int a, int group, HashAggregator other, int from) {
    final long n = other.counts[a][from];
    if (n == 0) {
      return;
    }
    final boolean first = counts[a][group] == 0;
    counts[a][group] += n;
    switch (calls[a].function()) {
    case COUNT -> {
    }
    case SUM, SUM0 -> {
      if (calls[a].argumentKind() == Kind.LONG) {
        longs[a][group] += other.longs[a][from];
      } else {
        doubles[a][group] += other.doubles[a][from];
      }
    }
    case MIN, MAX -> {
      final boolean min = calls[a].function() == AggregateCall.Function.MIN;
      switch (calls[a].argumentKind()) {
      case LONG -> {
        final long v = other.longs[a][from];
        if (first || (min ? v < longs[a][group] : v > longs[a][group])) {
          longs[a][group] = v;
        }
      }
      case DOUBLE -> {
        final double v = other.doubles[a][from];
        if (min) {
          doubles[a][group] = first ? v : lesser(doubles[a][group], v);
        } else {
          final boolean nan = other.nans[a][from];
          doubles[a][group] = first || nan ? v : greater(doubles[a][group], v);
          nans[a][group] |= nan;
        }
      }
      case OBJECT -> {
        final Comparable v = (Comparable) other.objects[a][from];
        final int c = first ? 0 : v.compareTo(objects[a][group]);
        if (first || (min ? c < 0 : c > 0)) {
          objects[a][group] = v;
        }
      }
      }
    }
    }
  }

  /** The result rows: the group keys, then the aggregates. */
  List<Object[]> results() {
    final List<Object[]> rows = new ArrayList<>(groupCount);
    for (int group = 0; group < groupCount; group++) {
      final Object[] key = keys.get(group);
      final Object[] row = Arrays.copyOf(key, key.length + calls.length);
      for (int a = 0; a < calls.length; a++) {
        row[key.length + a] = result(a, group);
      }
      rows.add(row);
    }
    return rows;
  }

  private Object result(int a, int group) {
    final AggregateCall call = calls[a];
    final long n = counts[a][group];
    switch (call.function()) {
    case COUNT:
      return n;
    case SUM:
    case SUM0:
      if (n == 0) {
        return call.function() == AggregateCall.Function.SUM ? null
            : call.argumentKind() == Kind.LONG ? boxLong(call.result(), 0) : (Object) 0d;
      }
      return call.argumentKind() == Kind.LONG ? boxLong(call.result(), longs[a][group])
          : (Object) doubles[a][group];
    case MIN:
    case MAX:
      if (n == 0) {
        return null;
      }
      return switch (call.argumentKind()) {
        case LONG -> boxLong(call.result(), longs[a][group]);
        case DOUBLE -> {
          final double v = call.function() == AggregateCall.Function.MAX && !nans[a][group]
              ? greater(-bound(a), doubles[a][group]) : doubles[a][group];
          yield call.result() == SqlTypeName.REAL ? (Object) (float) v : (Object) v;
        }
        case OBJECT -> objects[a][group];
      };
    }
    throw new AssertionError(call.function());
  }

  /** An open-addressing hash table from long keys to group ids. */
  private static final class LongGroups {
    private long[] keys = new long[64];
    private int[] values = new int[64];
    private boolean[] used = new boolean[64];
    private int size;

    int get(long key) {
      final int mask = keys.length - 1;
      int slot = hash(key) & mask;
      while (used[slot]) {
        if (keys[slot] == key) {
          return values[slot];
        }
        slot = (slot + 1) & mask;
      }
      return -1;
    }

    void put(long key, int value) {
      if ((size + 1) * 2 > keys.length) {
        rehash();
      }
      final int mask = keys.length - 1;
      int slot = hash(key) & mask;
      while (used[slot]) {
        slot = (slot + 1) & mask;
      }
      used[slot] = true;
      keys[slot] = key;
      values[slot] = value;
      size++;
    }

    private void rehash() {
      final long[] oldKeys = keys;
      final int[] oldValues = values;
      final boolean[] oldUsed = used;
      keys = new long[oldKeys.length * 2];
      values = new int[oldKeys.length * 2];
      used = new boolean[oldKeys.length * 2];
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldUsed[i]) {
          put(oldKeys[i], oldValues[i]);
        }
      }
    }

    private static int hash(long key) {
      final long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32));
    }
  }
}
