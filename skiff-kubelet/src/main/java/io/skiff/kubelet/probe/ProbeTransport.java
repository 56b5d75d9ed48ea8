package io.skiff.kubelet.probe;

import io.skiff.common.SkiffException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The node agent's one Jetty {@link HttpClient} for probes and lifecycle hooks, configured as the kubelet's probe
 * transport: HTTP/1.1 (and HTTP/2 over cleartext with prior knowledge for gRPC probes), TLS without verifying the
 * server's certificate or name ({@code InsecureSkipVerify}), no proxy, no cookies, no compression, no redirects
 * followed by the client (callers apply the kubelet's rules), no {@code User-Agent} of its own. Every check gets a
 * connection of its own ({@link #open}) that the caller closes, as the kubelet disables keep-alive for probes.
 *
 * <p>Started by {@link #start()}, stopped by {@link #close()}; the agent owns it.
 */
public final class ProbeTransport implements AutoCloseable {
  /**
   * Jetty's own limit on opening a connection; far beyond any probe's deadline, which is what really bounds it (the
   * kubelet's dialer has no timeout of its own either).
   */
  private static final Duration CONNECT_LIMIT = Duration.ofMinutes(5);
  /** A destination (scheme, host, port) without connections is forgotten after this long. */
  private static final Duration DESTINATION_IDLE = Duration.ofMinutes(1);

  private final HttpClient client;

  private ProbeTransport(HttpClient client) {
    this.client = client;
  }

  /** Starts the client; throws {@link SkiffException.Internal} when Jetty cannot start. */
  public static ProbeTransport start() {
    QueuedThreadPool threads = new QueuedThreadPool(32, 1);
    threads.setName("skiff-probe-client");
    threads.setDaemon(true);
    SslContextFactory.Client tls = new SslContextFactory.Client(true);
    tls.setEndpointIdentificationAlgorithm(null);
    ClientConnector connector = new ClientConnector();
    connector.setExecutor(threads);
    connector.setSelectors(1);
    connector.setSslContextFactory(tls);
    HTTP2Client http2 = new HTTP2Client(connector);
    HttpClient client = new HttpClient(new HttpClientTransportDynamic(connector, HttpClientConnectionFactory.HTTP11,
        new ClientConnectionFactoryOverHTTP2.HTTP2(http2)));
    client.setExecutor(threads);
    client.setFollowRedirects(false);
    client.setUserAgentField(null);
    client.setHttpCookieStore(new HttpCookieStore.Empty());
    client.setConnectTimeout(CONNECT_LIMIT.toMillis());
    client.setDestinationIdleTimeout(DESTINATION_IDLE.toMillis());
    try {
      client.start();
      // after start, which installs gzip when none is configured: the kubelet's probe transport disables compression
      client.getContentDecoderFactories().clear();
    } catch (Exception e) {
      throw new SkiffException.Internal("the HTTP client of probes and hooks cannot start: " + e.getMessage(), e);
    }
    return new ProbeTransport(client);
  }

  /**
   * A new request to {@code scheme://host:port}, to be sent on a connection from {@link #open}. An empty host is the
   * local system, as Go dials {@code ":8080"}.
   */
  Request newRequest(String scheme, String host, int port) {
    return client.newRequest(scheme + "://" + GoText.hostPort(host.isEmpty() ? "127.0.0.1" : host, port));
  }

  /** How opening a connection ended. */
  sealed interface Dialed {}

  /** Connected (for HTTP/2: the server's SETTINGS arrived); the caller closes the connection. */
  record Open(Connection connection) implements Dialed {
    Open {
      Objects.requireNonNull(connection, "connection");
    }
  }

  /** The connection could not be made (refused, unreachable, unknown host): the cause. */
  record Refused(Throwable cause) implements Dialed {
    Refused {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /** The deadline passed first. */
  record TimedOut() implements Dialed {}

  /** The thread was interrupted while waiting (the check was cancelled). */
  record Cancelled() implements Dialed {}

  /**
   * Opens a new connection to the request's destination (never one from the pool), waiting until {@code deadline}
   * ({@link System#nanoTime()}); a connection that completes after the caller gave up is closed.
   */
  Dialed open(Request request, long deadline) {
    CompletableFuture<Connection> pending = client.resolveDestination(request).newConnection();
    try {
      return new Open(pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
    } catch (ExecutionException e) {
      return new Refused(e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      closeWhenDone(pending);
      return new TimedOut();
    } catch (InterruptedException e) {
      closeWhenDone(pending);
      Thread.currentThread().interrupt();
      return new Cancelled();
    }
  }

  private static void closeWhenDone(CompletableFuture<Connection> pending) {
    pending.whenComplete((c, failure) -> {
      if (c != null) {
        c.close();
      }
    });
  }

  /** Stops the client, closing whatever connections are still open. */
  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      throw new SkiffException.Internal("the HTTP client of probes and hooks did not stop cleanly: " + e.getMessage(), e);
    }
  }
}
