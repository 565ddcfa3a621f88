package dev.sorrel.engine;

/**
 * How a database is opened. Options belong to the database, not to a
 * connection: they take effect when the first connection opens it in the
 * JVM, and later ones share it as opened.
 *
 * @param syncCommits whether a commit waits for an fsync of the write-ahead
 *     log (survives power loss) or only for the write to the OS (survives a
 *     killed process; much faster for many small statements)
 * @param lockTimeoutMillis how long a writer waits for another writer before
 *     failing
 * @param segmentMinRows history rows from which a point-in-time join over a
 *     feature view builds its history segment by itself, in the background
 * @param workerThreads threads of the database's worker pool, which query
 *     operators (point-in-time matching, model scoring) use beside the
 *     query's own thread
 * @param asofChunkRows left rows a point-in-time join sorts and probes at
 *     once, bounding its memory; 0 lets the engine choose from the heap size
 *     ({@code PointInTimeJoin.DEFAULT_CHUNK_ROWS})
 * @param bulkLoadMinRows rows from which a load ({@code COPY ... FROM}, {@code INSERT}) in a
 *     transaction of its own writes sorted files that its commit ingests
 *     ({@code BulkInsert}) instead of writing row by row; smaller loads, and
 *     loads inside a transaction, take the row path
 * @param memoryLimitBytes heap in use after a full garbage collection past which statements fail
 *     with 53200 instead of running the JVM out of memory ({@link MemoryGuard}); 0 for no
 *     limit. The default is {@value #DEFAULT_MEMORY_LIMIT_PERCENT}% of the maximum heap
 */
public record DatabaseOptions(boolean syncCommits, long lockTimeoutMillis, long segmentMinRows,
    int workerThreads, int asofChunkRows, long bulkLoadMinRows, long memoryLimitBytes) {
  /** Rows per batch where an operator or kernel takes rows a batch at a time. */
  public static final int DEFAULT_BATCH_SIZE = 1024;

  /**
   * The default memory limit as a percentage of the maximum heap: short of all of it, because
   * a JVM whose heap is nearly full of live data spends its time collecting long before it
   * throws {@code OutOfMemoryError}, and needs room to allocate while it collects.
   */
  public static final int DEFAULT_MEMORY_LIMIT_PERCENT = 85;

  public static final DatabaseOptions DEFAULT = new DatabaseOptions(false, 30_000, 100_000,
      Math.max(2, Runtime.getRuntime().availableProcessors()), 0, 50_000,
      heapPercent(DEFAULT_MEMORY_LIMIT_PERCENT));

  public DatabaseOptions {
    if (lockTimeoutMillis < 0 || segmentMinRows < 0 || workerThreads < 1 || asofChunkRows < 0
        || bulkLoadMinRows < 0 || memoryLimitBytes < 0) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "invalid database options:"
          + " lock timeout " + lockTimeoutMillis + " ms, segment minimum " + segmentMinRows
          + " rows, " + workerThreads + " worker threads, ASOF chunks of " + asofChunkRows
          + " rows, bulk loads from " + bulkLoadMinRows + " rows, memory limit "
          + memoryLimitBytes + " bytes");
    }
  }

  /** {@code percent} of the JVM's maximum heap, in bytes. */
  public static long heapPercent(int percent) {
    return Runtime.getRuntime().maxMemory() / 100 * percent;
  }

  public DatabaseOptions withSyncCommits(boolean sync) {
    return new DatabaseOptions(sync, lockTimeoutMillis, segmentMinRows, workerThreads,
        asofChunkRows, bulkLoadMinRows, memoryLimitBytes);
  }

  public DatabaseOptions withLockTimeoutMillis(long millis) {
    return new DatabaseOptions(syncCommits, millis, segmentMinRows, workerThreads,
        asofChunkRows, bulkLoadMinRows, memoryLimitBytes);
  }

  public DatabaseOptions withSegmentMinRows(long rows) {
    return new DatabaseOptions(syncCommits, lockTimeoutMillis, rows, workerThreads,
        asofChunkRows, bulkLoadMinRows, memoryLimitBytes);
  }

  public DatabaseOptions withWorkerThreads(int threads) {
    return new DatabaseOptions(syncCommits, lockTimeoutMillis, segmentMinRows, threads,
        asofChunkRows, bulkLoadMinRows, memoryLimitBytes);
  }

  public DatabaseOptions withAsofChunkRows(int rows) {
    return new DatabaseOptions(syncCommits, lockTimeoutMillis, segmentMinRows, workerThreads,
        rows, bulkLoadMinRows, memoryLimitBytes);
  }

  public DatabaseOptions withBulkLoadMinRows(long rows) {
    return new DatabaseOptions(syncCommits, lockTimeoutMillis, segmentMinRows, workerThreads,
        asofChunkRows, rows, memoryLimitBytes);
  }

  public DatabaseOptions withMemoryLimitBytes(long bytes) {
    return new DatabaseOptions(syncCommits, lockTimeoutMillis, segmentMinRows, workerThreads,
        asofChunkRows, bulkLoadMinRows, bytes);
  }
}
