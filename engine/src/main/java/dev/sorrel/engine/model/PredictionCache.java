package dev.sorrel.engine.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A least-recently-used cache of a model version's predictions, keyed by
 * what was asked (which output) and the input values: serving workloads
 * often score the same entity repeatedly. Off unless a model is created with
 * {@code WITH (cache_size = n)}. Safe for concurrent use.
 */
public final class PredictionCache {
  private final int capacity;
  private final Map<List<Object>, Object> entries;
  private long hits;
  private long misses;

  PredictionCache(int capacity) {
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
      @Override protected boolean removeEldestEntry(Map.Entry<List<Object>, Object> eldest) {
        return size() > PredictionCache.this.capacity;
      }
    };
  }

  /** Returns the cached result for a key, or null (counting a hit or a miss). */
  public synchronized Object get(List<Object> key) {
    final Object value = entries.get(key);
    if (value == null) {
      misses++;
    } else {
      hits++;
    }
    return value;
  }

  public synchronized void put(List<Object> key, Object value) {
    if (value != null) {
      entries.put(key, value);
    }
  }

  public int capacity() {
    return capacity;
  }

  public synchronized int size() {
    return entries.size();
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }
}
