package dev.sorrel.server;

import java.time.Duration;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * How a Sorrel server listens and behaves: immutable, built from
 * {@link #DEFAULT} with {@code with...} methods.
 *
 * @param host the address to listen on; only loopback addresses for now, as
 *     the server has neither authentication nor TLS yet
 * @param port the TCP port; 0 picks a free one ({@link Server#port()} tells which)
 * @param readOnly whether every write is refused (25006), as on a read-only connection
 * @param batchRows the most rows in one Arrow record batch of a result
 * @param idleSessionTimeout how long a session may go without a call before it
 *     ends, rolling back its open transactions
 * @param pendingTimeout how long a query asked for (GetFlightInfo) waits to be
 *     fetched (DoGet) before it is dropped
 * @param shutdownGrace how long running statements may take to finish when the
 *     server stops, before they are canceled
 */
public record ServerOptions(String host, int port, boolean readOnly, int batchRows,
    Duration idleSessionTimeout, Duration pendingTimeout, Duration shutdownGrace) {
  /** Port 31337 on 127.0.0.1, writable, 8192-row batches. */
  public static final ServerOptions DEFAULT = new ServerOptions("127.0.0.1", 31337, false,
      8192, Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofSeconds(10));

  public ServerOptions {
    if (host == null || host.isBlank()) {
      throw invalid("the host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw invalid("the port must be between 0 and 65535, not " + port);
    }
    if (batchRows < 1) {
      throw invalid("batchRows must be positive, not " + batchRows);
    }
    for (Duration d : new Duration[] {idleSessionTimeout, pendingTimeout, shutdownGrace}) {
      if (d == null || d.isNegative()) {
        throw invalid("timeouts must not be negative");
      }
    }
  }

  public ServerOptions withHost(String host) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout,
        pendingTimeout, shutdownGrace);
  }

  public ServerOptions withPort(int port) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout,
        pendingTimeout, shutdownGrace);
  }

  public ServerOptions withReadOnly(boolean readOnly) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout,
        pendingTimeout, shutdownGrace);
  }

  public ServerOptions withBatchRows(int batchRows) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout,
        pendingTimeout, shutdownGrace);
  }

  public ServerOptions withIdleSessionTimeout(Duration idleSessionTimeout) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout,
        pendingTimeout, shutdownGrace);
  }

  public ServerOptions withShutdownGrace(Duration shutdownGrace) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout,
        pendingTimeout, shutdownGrace);
  }

  private static SorrelException invalid(String message) {
    return new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }
}
