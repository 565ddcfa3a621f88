package dev.sorrel.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.calcite.jdbc.CalcitePrepare;

/**
 * Compiled plans of one database, by statement text: running the same SQL
 * again skips parsing, validation, planning and code generation. Keys include
 * the catalog version, so any DDL makes older plans unreachable; least
 * recently used plans fall out past {@link #CAPACITY}.
 */
public final class PlanCache {
  static final int CAPACITY = 512;

  /**
   * What a plan depends on besides the catalog: with the connection's
   * {@code table_segments} and the generation of the database's table
   * segments, since aggregates over tables with segments plan onto the batch
   * path.
   */
  record Key(String sql, List<String> schemaPath, long maxRowCount, long catalogVersion,
      int predictBatchSize, boolean tableSegments, long segmentGeneration) {
  }

  private final Map<Key, CalcitePrepare.CalciteSignature<?>> plans =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override protected boolean removeEldestEntry(
            Map.Entry<Key, CalcitePrepare.CalciteSignature<?>> eldest) {
          return size() > CAPACITY;
        }
      };
  private long hits;
  private long misses;

  synchronized CalcitePrepare.CalciteSignature<?> get(Key key) {
    final CalcitePrepare.CalciteSignature<?> plan = plans.get(key);
    if (plan == null) {
      misses++;
    } else {
      hits++;
    }
    return plan;
  }

  synchronized void put(Key key, CalcitePrepare.CalciteSignature<?> plan) {
    plans.put(key, plan);
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }

  public synchronized int size() {
    return plans.size();
  }
}
