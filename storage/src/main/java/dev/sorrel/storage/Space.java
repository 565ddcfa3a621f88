package dev.sorrel.storage;

/**
 * The key spaces of a store, each a RocksDB column family: small definitions
 * apart from bulk rows, so that catalog reads never wade through data and
 * each space can be tuned for its access pattern.
 */
public enum Space {
  /** Definitions and counters: small, read at open and on change. */
  META("meta"),
  /** Table rows, keyed by table id then primary key. */
  DATA("data"),
  /**
   * Secondary index entries, keyed by index id then the indexed values: apart
   * from rows so that a table scan never reads them, and dropping an index is
   * one range delete.
   */
  INDEX("index"),
  /** Large immutable objects such as model files, apart from rows and definitions. */
  BLOB("blob");

  private final String columnFamily;

  Space(String columnFamily) {
    this.columnFamily = columnFamily;
  }

  String columnFamily() {
    return columnFamily;
  }
}
