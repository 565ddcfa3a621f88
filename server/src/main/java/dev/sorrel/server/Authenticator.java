package dev.sorrel.server;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightMethod;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every call of a server that has a users file: HTTP Basic
 * credentials (user and password) are checked against the file and answered
 * with a bearer token in the {@code authorization} response header, which the
 * client sends on its later calls. Tokens are random 256-bit strings, valid
 * while their user is in the file with the same password and used at least
 * once per idle timeout.
 *
 * <p>This is Flight's {@code CallHeaderAuthenticator} protocol (what Arrow's
 * JDBC driver and ADBC speak), built as a middleware of its own rather than
 * with Arrow's {@code ServerCallHeaderAuthMiddleware} because a middleware
 * that refuses a call when it starts cannot attach trailers: a refused call
 * is let through and refused by the producer ({@link AuthenticatedCall#check}),
 * which sends SQLState 28000 in the {@code sorrel-sqlstate} trailer like any
 * other error. Only the handshake, which never reaches the producer, is
 * refused here (UNAUTHENTICATED, with the message).
 */
final class Authenticator implements FlightServerMiddleware.Factory<Authenticator.AuthenticatedCall> {
  static final FlightServerMiddleware.Key<AuthenticatedCall> KEY =
      FlightServerMiddleware.Key.of("sorrel-auth");
  /** Where the call's user name is left for the session middleware (server side only). */
  static final String USER_CONTEXT_KEY = "sorrel.user";
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  private static final String BASIC = Auth2Constants.BASIC_PREFIX;
  private static final String BEARER = Auth2Constants.BEARER_PREFIX;
  /** Hashed in place of an unknown user's, so a wrong name takes as long as a wrong password. */
  private static final PasswordHash DECOY =
      PasswordHash.create("decoy".toCharArray(), PasswordHash.DEFAULT_ITERATIONS);

  private final UsersFile users;
  private final long tokenIdleNanos;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  /** A token handed out at a login: whose, for which password, when last used. */
  private static final class Token {
    final String user;
    final PasswordHash password;
    volatile long lastUsedNanos = System.nanoTime();

    Token(String user, PasswordHash password) {
      this.user = user;
      this.password = password;
    }
  }

  Authenticator(UsersFile users, long tokenIdleNanos) {
    this.users = users;
    this.tokenIdleNanos = tokenIdleNanos;
  }

  @Override public AuthenticatedCall onCallStarted(CallInfo info, CallHeaders headers,
      RequestContext context) {
    final AuthenticatedCall call = authenticate(headers);
    if (call.user != null) {
      context.put(USER_CONTEXT_KEY, call.user.name());
    } else if (info.method() == FlightMethod.HANDSHAKE) {
      // A handshake never reaches the producer: refuse it here (no trailers are possible).
      throw CallStatus.UNAUTHENTICATED.withDescription(call.failure).toRuntimeException();
    }
    return call;
  }

  private AuthenticatedCall authenticate(CallHeaders headers) {
    final String agent = agent(headers);
    final String bearer = credential(headers, BEARER);
    if (bearer != null) {
      final Token token = tokens.get(bearer);
      final long now = System.nanoTime();
      if (token == null || now - token.lastUsedNanos > tokenIdleNanos) {
        if (token != null) {
          tokens.remove(bearer, token);
        }
        return AuthenticatedCall.refused("the session's token has expired or is unknown;"
            + " connect again with user and password");
      }
      final UsersFile.User user = users.user(token.user);
      if (user == null || !user.password().equals(token.password)) {
        tokens.remove(bearer, token);
        LOG.info("token of {} revoked: the user was removed or changed password", token.user);
        return AuthenticatedCall.refused("user " + token.user + " was removed or its password"
            + " changed; connect again with user and password");
      }
      token.lastUsedNanos = now;
      return new AuthenticatedCall(user, null, null);
    }
    final String basic = credential(headers, BASIC);
    if (basic == null) {
      return AuthenticatedCall.refused("this server requires a user name and password");
    }
    final byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(basic);
    } catch (IllegalArgumentException e) {
      return AuthenticatedCall.refused("malformed Basic credentials");
    }
    final CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(decoded));
    Arrays.fill(decoded, (byte) 0);
    final char[] text = new char[chars.remaining()];
    chars.get(text);
    Arrays.fill(chars.array(), '\0');
    try {
      int colon = -1;
      for (int i = 0; i < text.length && colon < 0; i++) {
        if (text[i] == ':') {
          colon = i;
        }
      }
      if (colon < 0) {
        return AuthenticatedCall.refused("malformed Basic credentials");
      }
      final String name = new String(text, 0, colon);
      final char[] password = Arrays.copyOfRange(text, colon + 1, text.length);
      try {
        return login(name, password, agent);
      } finally {
        Arrays.fill(password, '\0');
      }
    } finally {
      Arrays.fill(text, '\0');
    }
  }

  private AuthenticatedCall login(String name, char[] password, String agent) {
    final UsersFile.User user = users.user(name);
    final boolean matches;
    if (user == null) {
      DECOY.matches(password); // the same work as for a known user, whose result is ignored
      matches = false;
    } else {
      matches = user.password().matches(password);
    }
    if (!matches) {
      LOG.warn("login failed: user '{}' from {}: {}", printable(name), agent,
          user == null ? "no such user" : "wrong password");
      return AuthenticatedCall.refused("wrong user name or password");
    }
    final String token = newToken();
    tokens.put(token, new Token(user.name(), user.password()));
    LOG.info("login: user {} ({} role) from {}", user.name(), user.role().text(), agent);
    return new AuthenticatedCall(user, null, token);
  }

  /** Forgets tokens unused for longer than the idle timeout. */
  void expireTokens() {
    final long now = System.nanoTime();
    tokens.values().removeIf(t -> now - t.lastUsedNanos > tokenIdleNanos);
  }

  int tokens() {
    return tokens.size();
  }

  private String newToken() {
    final byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The value after {@code prefix} of the call's authorization header, or null. */
  private static String credential(CallHeaders headers, String prefix) {
    final Iterable<String> values = headers.getAll(Auth2Constants.AUTHORIZATION_HEADER);
    if (values == null) {
      return null;
    }
    for (String value : values) {
      if (value.regionMatches(true, 0, prefix, 0, prefix.length())) {
        return value.substring(prefix.length()).trim();
      }
    }
    return null;
  }

  private static String agent(CallHeaders headers) {
    final String agent = headers.get("user-agent");
    return agent == null ? "a client" : agent;
  }

  /** A name as typed by a client, safe to log on one line. */
  private static String printable(String name) {
    final String shortened = name.length() > 64 ? name.substring(0, 64) + "..." : name;
    return shortened.replaceAll("\\p{Cntrl}", "?");
  }

  /**
   * One call's authentication: its user, or why it was refused; and the
   * token to send back after a login.
   */
  static final class AuthenticatedCall implements FlightServerMiddleware {
    private final UsersFile.User user;
    private final String failure;
    private final String token;

    private AuthenticatedCall(UsersFile.User user, String failure, String token) {
      this.user = user;
      this.failure = failure;
      this.token = token;
    }

    static AuthenticatedCall refused(String why) {
      return new AuthenticatedCall(null, why, null);
    }

    /** The authenticated user; a refused call fails with 28000 in its trailer. */
    UsersFile.User check() {
      if (user == null) {
        throw FlightErrors.of("28000", failure, null);
      }
      return user;
    }

    @Override public void onBeforeSendingHeaders(CallHeaders outgoing) {
      if (token != null) {
        outgoing.insert(Auth2Constants.AUTHORIZATION_HEADER, BEARER + token);
      }
    }

    @Override public void onCallCompleted(CallStatus status) {
    }

    @Override public void onCallErrored(Throwable err) {
    }
  }
}
