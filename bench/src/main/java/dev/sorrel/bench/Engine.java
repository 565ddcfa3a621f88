package dev.sorrel.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A database under test: how to reach a fresh instance over JDBC, how it
 * commits a bulk load, and what a commit guarantees.
 */
public enum Engine {
  /** Sorrel on disk with its default {@code sync=false}. */
  SORREL("sorrel", "Sorrel file", true, false,
      "sync=false (default): each executeBatch is one RocksDB WriteBatch written to the WAL"
          + " without fsync; survives a killed process, not a power failure"),
  /** Sorrel on disk with {@code sync=true}. */
  SORREL_SYNC("sorrelsync", "Sorrel file sync", true, false,
      "sync=true: each executeBatch is one RocksDB WriteBatch, WAL fsync'ed at commit;"
          + " survives a power failure"),
  /** Sorrel in memory (RocksDB MemEnv). */
  SORREL_MEM("sorrelmem", "Sorrel mem", true, true,
      "in memory (RocksMemEnv): nothing survives the process"),
  /** H2 2.x embedded, file-based (MVStore), default settings. */
  H2("h2", "H2 file", false, false,
      "autocommit off, commit() after each executeBatch; MVStore default: a commit is"
          + " written to the file by a background writer within WRITE_DELAY (500 ms), no"
          + " fsync; a killed process can lose the last ~0.5 s of commits"),
  /** H2 2.x in memory. */
  H2_MEM("h2mem", "H2 mem", false, true,
      "autocommit off, commit() after each executeBatch; in memory: nothing survives the process");

  /**
   * H2 by default hands back the cached result of a repeated query whose
   * tables have not changed (OPTIMIZE_REUSE_RESULTS); that would time a cache
   * hit instead of a scan, so it is switched off. Everything else is default.
   */
  static final String H2_OPTIONS = ";OPTIMIZE_REUSE_RESULTS=FALSE";

  final String key;
  final String label;
  final boolean sorrel;
  final boolean inMemory;
  final String guarantees;

  Engine(String key, String label, boolean sorrel, boolean inMemory, String guarantees) {
    this.key = key;
    this.label = label;
    this.sorrel = sorrel;
    this.inMemory = inMemory;
    this.guarantees = guarantees;
  }

  static Engine byKey(String key) {
    for (Engine e : values()) {
      if (e.key.equalsIgnoreCase(key)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown engine '" + key
        + "' (sorrel, sorrelsync, sorrelmem, h2, h2mem)");
  }

  /** The directory a file-based instance named {@code tag} lives in (under {@code root}). */
  Path directory(Path root, String tag) {
    return root.resolve(key + "-" + tag);
  }

  /** The JDBC URL of the instance named {@code tag}. */
  String url(Path root, String tag) {
    switch (this) {
      case SORREL:
        return "jdbc:sorrel:" + directory(root, tag);
      case SORREL_SYNC:
        return "jdbc:sorrel:" + directory(root, tag) + ";sync=true";
      case SORREL_MEM:
        return "jdbc:sorrel:mem:bench-" + tag;
      case H2:
        return "jdbc:h2:" + directory(root, tag).resolve("h2db") + H2_OPTIONS;
      case H2_MEM:
        return "jdbc:h2:mem:bench-" + tag + H2_OPTIONS;
      default:
        throw new AssertionError(this);
    }
  }

  /** Opens a connection to the instance named {@code tag}, creating it if missing. */
  Connection connect(Path root, String tag) throws SQLException {
    return DriverManager.getConnection(url(root, tag));
  }

  /**
   * Whether the load runs with autocommit off and an explicit commit per
   * batch. Sorrel rejects {@code setAutoCommit(false)}; with autocommit on,
   * its {@code executeBatch} commits the whole batch as one transaction, which
   * is the same unit of work.
   */
  boolean explicitCommit() {
    return !sorrel;
  }
}
