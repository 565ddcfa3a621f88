package dev.sorrel.engine.feature;

import java.util.Arrays;

import dev.sorrel.storage.KeyEncoder;

/**
 * The probes of one chunk of a point-in-time join, in primitive arrays: the
 * encoded keys (key values, then time) packed into one byte array, with each
 * probe's bounds, time and the caller's row number. A chunk of a million
 * probes is a few arrays rather than millions of small objects, so large
 * chunks (which {@linkplain #sort sorted} give the searches their locality)
 * cost the garbage collector almost nothing.
 *
 * <p>Filled by {@link AsOfSeeker#add}, then sorted, then read in key order
 * by {@link AsOfSeeker#find(ProbeBatch, int, int, Object[][], int, boolean[])}.
 * Filling and sorting is for one thread; once sorted, several seekers may
 * read disjoint ranges of it at once.
 */
public final class ProbeBatch {
  private byte[] keys = new byte[1 << 12];
  private int used;
  /** Probe {@code i}'s key is {@code keys[start[i], start[i + 1])}. */
  private int[] start = new int[257];
  private int[] entityEnd = new int[256];
  private Object[] times = new Object[256];
  private int[] rows = new int[256];
  /** Probe numbers in key order once sorted; identity before. */
  private int[] order = new int[256];
  private int count;

  /** Empties the batch, keeping its arrays. */
  public void clear() {
    count = 0;
    used = 0;
    Arrays.fill(times, null); // no references kept to the last chunk's values
  }

  public int size() {
    return count;
  }

  /** Appends the probe whose key {@code encoder} holds. */
  void add(KeyEncoder encoder, int entityLength, Object time, int row) {
    reserve(encoder.length());
    encoder.copyTo(keys, used);
    append(encoder.length(), entityLength, time, row);
  }

  /** Appends the probe with this encoded key. */
  void add(byte[] key, int entityLength, Object time, int row) {
    reserve(key.length);
    System.arraycopy(key, 0, keys, used, key.length);
    append(key.length, entityLength, time, row);
  }

  private void reserve(int length) {
    if (count == rows.length) {
      final int capacity = 2 * count;
      start = Arrays.copyOf(start, capacity + 1);
      entityEnd = Arrays.copyOf(entityEnd, capacity);
      times = Arrays.copyOf(times, capacity);
      rows = Arrays.copyOf(rows, capacity);
      order = Arrays.copyOf(order, capacity);
    }
    if (used + length > keys.length) {
      keys = Arrays.copyOf(keys, Math.max(used + length, 2 * keys.length));
    }
  }

  /** Records the probe whose key was just copied to {@code keys[used, used + length)}. */
  private void append(int length, int entityLength, Object time, int row) {
    start[count] = used;
    entityEnd[count] = used + entityLength;
    used += length;
    start[count + 1] = used;
    times[count] = time;
    rows[count] = row;
    order[count] = count;
    count++;
  }

  /** Sorts the probes into unsigned byte order of their keys, the order to search them in. */
  public void sort(int prefixLength) {
    ProbeSort.sort(this, prefixLength);
  }

  // Probe i in sorted order (after sort(); insertion order before).

  /** The caller's row number of the {@code i}-th probe. */
  public int row(int i) {
    return rows[order[i]];
  }

  Object time(int i) {
    return times[order[i]];
  }

  byte[] keys() {
    return keys;
  }

  int keyStart(int i) {
    return start[order[i]];
  }

  int keyEnd(int i) {
    return start[order[i] + 1];
  }

  int entityEnd(int i) {
    return entityEnd[order[i]];
  }

  // Access by probe number, for the sort.

  int count() {
    return count;
  }

  int[] order() {
    return order;
  }

  int startOf(int probe) {
    return start[probe];
  }

  int endOf(int probe) {
    return start[probe + 1];
  }
}
