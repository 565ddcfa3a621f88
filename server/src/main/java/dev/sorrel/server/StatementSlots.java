package dev.sorrel.server;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the statements each user has running (executing, or streaming rows
 * to the client) and refuses one more beyond the server's limit with
 * SQLState 53400, so that one user cannot take every worker of a shared
 * server. Without users, all clients count as one.
 */
final class StatementSlots {
  private final int perUser;
  private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

  /** @param perUser the most statements one user may run at once; 0 for no limit */
  StatementSlots(int perUser) {
    this.perUser = perUser;
  }

  /** A running statement's hold on one of its user's slots; closing gives it back. */
  interface Slot extends AutoCloseable {
    @Override void close();
  }

  /** Takes a slot for a statement of {@code user} (null: no users), or refuses with 53400. */
  Slot acquire(String user) throws SQLException {
    if (perUser == 0) {
      return () -> { };
    }
    final String key = user == null ? "" : user;
    final AtomicInteger count = running.computeIfAbsent(key, k -> new AtomicInteger());
    if (count.incrementAndGet() > perUser) {
      count.decrementAndGet();
      throw new SQLException("too many statements: " + (user == null ? "clients" : "user "
          + user) + " already " + (user == null ? "have " : "has ") + perUser
          + " running, the most this server allows per user; wait for one to finish",
          "53400");
    }
    return new Slot() {
      private boolean released;

      @Override public synchronized void close() {
        if (!released) {
          released = true;
          count.decrementAndGet();
        }
      }
    };
  }
}
