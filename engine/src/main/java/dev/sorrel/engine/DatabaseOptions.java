package dev.sorrel.engine;

/**
 * How a database is opened.
 *
 * @param syncCommits whether a commit waits for an fsync of the write-ahead
 *     log (survives power loss) or only for the write to the OS (survives a
 *     killed process; much faster for many small statements)
 * @param lockTimeoutMillis how long a writer waits for another writer before
 *     failing
 */
public record DatabaseOptions(boolean syncCommits, long lockTimeoutMillis) {
  public static final DatabaseOptions DEFAULT = new DatabaseOptions(false, 30_000);
}
