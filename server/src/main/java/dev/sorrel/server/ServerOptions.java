package dev.sorrel.server;

import java.nio.file.Path;
import java.time.Duration;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * How a Sorrel server listens and behaves: immutable, built from
 * {@link #DEFAULT} with {@code with...} methods.
 *
 * @param host the address to listen on; beyond loopback only with both
 *     {@code users} and TLS
 * @param port the TCP port; 0 picks a free one ({@link Server#port()} tells which)
 * @param readOnly whether every write is refused (25006), as on a read-only connection
 * @param batchRows the most rows in one Arrow record batch of a result
 * @param idleSessionTimeout how long a session (and a login's token) may go
 *     without a call before it ends, rolling back its open transactions
 * @param pendingTimeout how long a query asked for (GetFlightInfo) waits to be
 *     fetched (DoGet) before it is dropped
 * @param shutdownGrace how long running statements may take to finish when the
 *     server stops, before they are canceled
 * @param users the users file ({@link UsersFile}); null to serve without
 *     authentication, every client then acting as an admin
 * @param tlsCert the server's certificate chain (PEM); with {@code tlsKey}, clients
 *     connect over TLS; both null for plaintext
 * @param tlsKey the certificate's private key (PEM, PKCS#8)
 * @param dataDir the directory the paths of COPY and CREATE MODEL ... FROM 'file'
 *     are confined to; null refuses such paths
 * @param maxStatementsPerUser the most statements one user may have running at
 *     once (53400 beyond); 0 for no limit
 * @param maxResultRows the most rows one result may send (the stream ends with
 *     53400 beyond); 0 for no limit
 * @param maxResultBytes the most bytes of Arrow buffers one result may send
 *     (53400 beyond); 0 for no limit
 */
public record ServerOptions(
    String host,
    int port,
    boolean readOnly,
    int batchRows,
    Duration idleSessionTimeout,
    Duration pendingTimeout,
    Duration shutdownGrace,
    Path users,
    Path tlsCert,
    Path tlsKey,
    Path dataDir,
    int maxStatementsPerUser,
    long maxResultRows,
    long maxResultBytes) {
  /** Port 31337 on 127.0.0.1, writable, 8192-row batches, no users, TLS or limits. */
  public static final ServerOptions DEFAULT = new ServerOptions("127.0.0.1", 31337, false,
      8192, Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofSeconds(10), null, null,
      null, null, 0, 0, 0);

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
    if (maxStatementsPerUser < 0 || maxResultRows < 0 || maxResultBytes < 0) {
      throw invalid("limits must not be negative (0 means no limit)");
    }
  }

  /** Whether clients connect over TLS. */
  public boolean tls() {
    return tlsCert != null || tlsKey != null;
  }

  /** Serves over TLS with this certificate chain and private key (PEM files). */
  public ServerOptions withTls(Path tlsCert, Path tlsKey) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout, pendingTimeout,
        shutdownGrace, users, tlsCert, tlsKey, dataDir, maxStatementsPerUser,
        maxResultRows, maxResultBytes);
  }

  /** The address to listen on. */
  public ServerOptions withHost(String host) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout, pendingTimeout,
        shutdownGrace, users, tlsCert, tlsKey, dataDir, maxStatementsPerUser,
        maxResultRows, maxResultBytes);
  }

  /** The TCP port; 0 picks a free one. */
  public ServerOptions withPort(int port) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout, pendingTimeout,
        shutdownGrace, users, tlsCert, tlsKey, dataDir, maxStatementsPerUser,
        maxResultRows, maxResultBytes);
  }

  /** Whether every write is refused. */
  public ServerOptions withReadOnly(boolean readOnly) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout, pendingTimeout,
        shutdownGrace, users, tlsCert, tlsKey, dataDir, maxStatementsPerUser,
        maxResultRows, maxResultBytes);
  }

  /** The most rows in one record batch. */
  public ServerOptions withBatchRows(int batchRows) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout, pendingTimeout,
        shutdownGrace, users, tlsCert, tlsKey, dataDir, maxStatementsPerUser,
        maxResultRows, maxResultBytes);
  }

  /** How long a session may stay idle. */
  public ServerOptions withIdleSessionTimeout(Duration idleSessionTimeout) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout, pendingTimeout,
        shutdownGrace, users, tlsCert, tlsKey, dataDir, maxStatementsPerUser,
        maxResultRows, maxResultBytes);
  }

  /** How long running statements may take to finish at shutdown. */
  public ServerOptions withShutdownGrace(Duration shutdownGrace) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout, pendingTimeout,
        shutdownGrace, users, tlsCert, tlsKey, dataDir, maxStatementsPerUser,
        maxResultRows, maxResultBytes);
  }

  /** The users file; null serves without authentication (loopback only). */
  public ServerOptions withUsers(Path users) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout, pendingTimeout,
        shutdownGrace, users, tlsCert, tlsKey, dataDir, maxStatementsPerUser,
        maxResultRows, maxResultBytes);
  }

  /** The directory COPY and CREATE MODEL paths are confined to; null refuses file paths. */
  public ServerOptions withDataDir(Path dataDir) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout, pendingTimeout,
        shutdownGrace, users, tlsCert, tlsKey, dataDir, maxStatementsPerUser,
        maxResultRows, maxResultBytes);
  }

  /** The most statements one user may run at once; 0 for no limit. */
  public ServerOptions withMaxStatementsPerUser(int maxStatementsPerUser) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout, pendingTimeout,
        shutdownGrace, users, tlsCert, tlsKey, dataDir, maxStatementsPerUser,
        maxResultRows, maxResultBytes);
  }

  /** The most rows one result may have; 0 for no limit. */
  public ServerOptions withMaxResultRows(long maxResultRows) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout, pendingTimeout,
        shutdownGrace, users, tlsCert, tlsKey, dataDir, maxStatementsPerUser,
        maxResultRows, maxResultBytes);
  }

  /** The most bytes (of Arrow buffers) one result may have; 0 for no limit. */
  public ServerOptions withMaxResultBytes(long maxResultBytes) {
    return new ServerOptions(host, port, readOnly, batchRows, idleSessionTimeout, pendingTimeout,
        shutdownGrace, users, tlsCert, tlsKey, dataDir, maxStatementsPerUser,
        maxResultRows, maxResultBytes);
  }

  private static SorrelException invalid(String message) {
    return new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }
}
