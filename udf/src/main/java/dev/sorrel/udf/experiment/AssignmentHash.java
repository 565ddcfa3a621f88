package dev.sorrel.udf.experiment;

import java.util.Locale;

/**
 * How a unit is hashed into a bucket for variant assignment. Each reproduces
 * a router people already run, so a unit keeps its variant when a team moves
 * its experiments into Sorrel.
 */
public enum AssignmentHash {
  /**
   * The seed article's router: the SHA-256 of the UTF-8 bytes of
   * {@code salt + ":" + unit}, read as an unsigned big-endian integer, modulo
   * the number of buckets.
   */
  SHA256("sha256"),
  /**
   * GrowthBook's version 2 hash: FNV-1a (32 bits) over the UTF-16 code units
   * of {@code salt + unit}, its unsigned decimal string hashed again the same
   * way, modulo 10,000.
   */
  FNV1A("fnv1a");

  private final String sqlName;

  AssignmentHash(String sqlName) {
    this.sqlName = sqlName;
  }

  /** The name used in SQL ({@code HASH 'sha256'}). */
  public String sqlName() {
    return sqlName;
  }

  /** The hash of this SQL name (any case), or null if there is none. */
  public static AssignmentHash of(String name) {
    final String lower = name.toLowerCase(Locale.ROOT);
    for (AssignmentHash hash : values()) {
      if (hash.sqlName.equals(lower)) {
        return hash;
      }
    }
    return null;
  }
}
