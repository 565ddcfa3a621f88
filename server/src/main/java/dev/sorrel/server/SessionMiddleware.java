package dev.sorrel.server;

import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/**
 * Finds the session a call belongs to from its session cookie, and gives a
 * client that has none (its first call) a new session and the cookie naming
 * it. Flight SQL clients keep cookies: Arrow's JDBC driver per connection, ADBC
 * per database handle.
 *
 * <p>Arrow's own {@code ServerSessionMiddleware} keeps only option maps, never
 * lets a session expire, and fails a call whose session is gone; Sorrel's
 * sessions hold connections and transactions and end when idle, so the
 * server keeps them itself.
 */
final class SessionMiddleware implements FlightServerMiddleware {
  static final Key<SessionMiddleware> KEY = Key.of("sorrel-session");
  static final String COOKIE = "sorrel_session";

  /** Makes the middleware of each call. */
  static final class Factory implements FlightServerMiddleware.Factory<SessionMiddleware> {
    private final Sessions sessions;

    Factory(Sessions sessions) {
      this.sessions = sessions;
    }

    @Override public SessionMiddleware onCallStarted(CallInfo info, CallHeaders headers,
        RequestContext context) {
      final String id = cookie(headers);
      final String user = context.get(Authenticator.USER_CONTEXT_KEY);
      Session session = id == null ? null : sessions.get(id);
      if (session != null && !java.util.Objects.equals(session.user(), user)) {
        // Another user's session: never shared, whatever cookie a client sends.
        session = null;
      }
      final String agent = headers.get("user-agent");
      return new SessionMiddleware(sessions, session, agent == null ? "a client" : agent, user);
    }
  }

  private final Sessions sessions;
  private final String client;
  private final String user;
  private Session session;
  private boolean created;

  private SessionMiddleware(Sessions sessions, Session session, String client, String user) {
    this.sessions = sessions;
    this.session = session;
    this.client = client;
    this.user = user;
  }

  /** The call's session; a new one if the call named none (or one that has ended). */
  synchronized Session session() {
    if (session == null) {
      session = sessions.create(client, user);
      created = true;
    }
    return session;
  }

  /** The call's session if it named one, else null: no session is made for it. */
  synchronized Session existingSession() {
    return created ? null : session;
  }

  /** Ends the call's session (CloseSession). */
  synchronized void endSession() {
    if (session == null) {
      throw CallStatus.NOT_FOUND.withDescription("the call names no open session")
          .toRuntimeException();
    }
    sessions.end(session, "closed by the client");
  }

  @Override public synchronized void onBeforeSendingHeaders(CallHeaders outgoing) {
    if (created) {
      outgoing.insert("set-cookie", COOKIE + "=" + session.id());
    }
  }

  @Override public void onCallCompleted(CallStatus status) {
  }

  @Override public void onCallErrored(Throwable err) {
  }

  /** The session id in the call's cookies, or null. */
  private static String cookie(CallHeaders headers) {
    final Iterable<String> values = headers.getAll("cookie");
    if (values == null) {
      return null;
    }
    for (String header : values) {
      for (String pair : header.split(";")) {
        final int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equals(COOKIE)) {
          final String value = pair.substring(eq + 1).trim();
          return value.isEmpty() ? null : value;
        }
      }
    }
    return null;
  }
}
