package dev.sorrel.server;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.ByteString;

/**
 * The server's open sessions, and the random identifiers it hands out for
 * sessions, statements, executions and transactions: 128 random bits each, so
 * that a client can only name what the server gave it.
 */
final class Sessions {
  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> open = new ConcurrentHashMap<>();
  private final Session.Connector connector;
  /** Told about each session that ends, to release what it owned. */
  private final Consumer<Session> onEnd;

  Sessions(Session.Connector connector, Consumer<Session> onEnd) {
    this.connector = connector;
    this.onEnd = onEnd;
  }

  /**
   * Opens a new session for a client; {@code client} describes it for the log,
   * {@code user} is who authenticated (null on a server without users).
   */
  Session create(String client, String user) {
    final String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes());
    final Session session = new Session(id, client, user, connector);
    open.put(id, session);
    if (user == null) {
      LOG.info("session {} opened by {}", id, client);
    } else {
      LOG.info("session {} opened by {} for user {}", id, client, user);
    }
    return session;
  }

  /** The open session with this id, or null. */
  Session get(String id) {
    final Session session = open.get(id);
    if (session != null) {
      session.touch();
    }
    return session;
  }

  /** Ends a session: its statements and transactions are closed, its connections too. */
  void end(Session session, String why) {
    if (open.remove(session.id(), session)) {
      onEnd.accept(session);
      session.close();
      LOG.info("session {} closed ({})", session.id(), why);
    }
  }

  /**
   * Ends the sessions idle for longer than the timeout, unless they are busy:
   * a transaction is open, or {@code busy} says a statement of theirs still runs
   * (a long stream makes no calls while it sends).
   */
  void expire(long idleTimeoutNanos, java.util.function.Predicate<Session> busy) {
    final long now = System.nanoTime();
    for (Session session : new ArrayList<>(open.values())) {
      if (session.idleNanos(now) > idleTimeoutNanos && !session.hasOpenTransactions()
          && !busy.test(session)) {
        end(session, "idle");
      }
    }
  }

  /** Ends every session (the server is stopping). */
  void endAll() {
    final List<Session> all = new ArrayList<>(open.values());
    for (Session session : all) {
      end(session, "server stopping");
    }
  }

  int size() {
    return open.size();
  }

  /** A new random identifier. */
  ByteString newId() {
    return ByteString.copyFrom(bytes());
  }

  private byte[] bytes() {
    final byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return bytes;
  }
}
