package dev.sorrel.e2e.slt;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A database the sqllogictest files run against, each file on a fresh in-memory database
 * of its own. H2 is the reference: the same executor runs both, so their pass counts compare.
 */
enum SltEngine {
  /** Sorrel through its JDBC driver, one {@code jdbc:sorrel:mem:} database per file. */
  SORREL("jdbc:sorrel:mem:"),
  /** H2 2.x in its default mode, one private {@code jdbc:h2:mem:} database per file. */
  H2("jdbc:h2:mem:");

  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final String urlPrefix;

  SltEngine(String urlPrefix) {
    this.urlPrefix = urlPrefix;
  }

  /**
   * Opens a connection to a new, empty database; it is gone when the connection closes
   * (both engines drop an in-memory database with its last connection).
   */
  Connection freshDatabase() throws SQLException {
    return DriverManager.getConnection(urlPrefix + "slt" + SEQUENCE.incrementAndGet());
  }

  /** The engine named {@code sorrel} or {@code h2}, in any case. */
  static SltEngine named(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
