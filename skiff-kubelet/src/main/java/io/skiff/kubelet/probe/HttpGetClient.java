package io.skiff.kubelet.probe;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;

/**
 * An HTTP/1.1 GET as the kubelet's Go client does it for probes and hooks, over the agent's {@link ProbeTransport}: a
 * new connection per request ({@code Connection: close}), TLS without verifying the server, one deadline for the whole
 * exchange including redirects, at most 10 KB of the body read, redirects followed by the kubelet's rules (for probes
 * only to the same host, otherwise the redirect itself is the answer; for hooks to any host), at most 10 requests.
 * Failures are worded as Go's {@code url.Error}, e.g.
 * {@code Get "http://10.42.0.5:80/": dial tcp 10.42.0.5:80: connect: connection refused}.
 */
public final class HttpGetClient {
  /** The kubelet reads at most this much of a probe's answer. */
  public static final int MAX_BODY = 10 * 1024;
  static final int MAX_REQUESTS = 10;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  /** Headers Go's client drops when a redirect leads to another host. */
  private static final Set<String> SENSITIVE = Set.of("Authorization", "Www-Authenticate", "Cookie", "Cookie2");
  private static final String TIMED_OUT = "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";

  private final ProbeTransport transport;

  public HttpGetClient(ProbeTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /** Which redirects are followed. */
  public enum Redirects {
    /** Probes: only to the same host; a redirect elsewhere is itself the answer. */
    SAME_HOST,
    /** Hooks (Go's default client): to any host. */
    ANY_HOST
  }

  /** The answer to a GET. */
  public sealed interface Result {}

  /** A response: its status and the first 10 KB of its body (what arrived of it, when the deadline cut it short). */
  public record Answered(int status, String body) implements Result {
    public Answered {
      Objects.requireNonNull(body, "body");
    }
  }

  /**
   * No response: Go's error text. {@code tlsHandshake} tells that the TLS handshake failed (the kubelet retries a hook
   * over plain HTTP when the server answered TLS with HTTP).
   */
  public record Failed(String error, boolean tlsHandshake) implements Result {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }

  /** GETs the target within {@code timeout} (all requests of a redirect chain together). */
  public Result get(HttpTarget target, Duration timeout, Redirects redirects) {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpTarget current = target;
    for (int requests = 1; ; requests++) {
      Reply r;
      try {
        r = exchange(current, deadline);
      } catch (Failure f) {
        return new Failed("Get " + GoText.quote(current.url()) + ": " + f.getMessage(), f.tlsHandshake);
      }
      String location = r.location;
      if (!REDIRECTS.contains(r.status) || location == null || location.isEmpty()) {
        return new Answered(r.status, r.body);
      }
      URI next;
      try {
        next = new URI(current.url()).resolve(new URI(location));
      } catch (URISyntaxException | IllegalArgumentException e) {
        return new Failed("Get " + GoText.quote(current.url()) + ": failed to parse Location header " + GoText.quote(location) + ": "
            + e.getMessage(), false);
      }
      String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return new Failed("Get " + GoText.quote(location) + ": unsupported protocol scheme " + GoText.quote(scheme), false);
      }
      String host = next.getHost() == null ? "" : stripBrackets(next.getHost());
      if (redirects == Redirects.SAME_HOST && !host.equals(target.host())) {
        return new Answered(r.status, r.body);
      }
      if (requests >= MAX_REQUESTS) {
        return new Failed("Get " + GoText.quote(location) + ": stopped after 10 redirects", false);
      }
      boolean https = scheme.equals("https");
      int port = next.getPort() > 0 ? next.getPort() : https ? 443 : 80;
      String path = next.getRawPath() == null || next.getRawPath().isEmpty() ? "/" : next.getRawPath();
      String query = next.getRawQuery() == null ? "" : "?" + next.getRawQuery();
      boolean relative = !location.contains("://") && !location.startsWith("//");
      HttpTarget moved = current.redirectTo(https, host, port, path + query, relative);
      if (!host.equals(current.host())) {
        moved = new HttpTarget(moved.https(), moved.host(), moved.port(), moved.target(),
            moved.headers().stream().filter(h -> !SENSITIVE.contains(h.name())).toList());
      }
      current = moved;
    }
  }

  private record Reply(int status, String location, String body) {}

  /** One request on a connection of its own. */
  private Reply exchange(HttpTarget t, long deadline) throws Failure {
    for (HttpTarget.Header h : t.headers()) {
      if (h.value().indexOf('\r') >= 0 || h.value().indexOf('\n') >= 0) {
        throw new Failure("net/http: invalid header field value for " + GoText.quote(h.name()), false);
      }
    }
    Request request = transport.newRequest(t.https() ? "https" : "http", t.host(), t.port())
        .method(HttpMethod.GET).version(HttpVersion.HTTP_1_1).path(t.target())
        .headers(fields -> {
          String host = t.hostHeader();
          fields.put(HttpHeader.HOST, host != null && !host.isEmpty() ? host : GoText.hostPort(t.host(), t.port()));
          for (HttpTarget.Header h : t.headers()) {
            if (!h.name().equals("Host") && !h.name().equals("Connection")) {
              fields.add(h.name(), h.value());
            }
          }
          fields.put(HttpHeader.CONNECTION, "close");
        });
    Connection connection = switch (transport.open(request, deadline)) {
      case ProbeTransport.Open open -> open.connection();
      case ProbeTransport.Refused refused -> throw new Failure(GoText.dialError(t.host(), t.port(), refused.cause()), false);
      case ProbeTransport.TimedOut timedOut -> throw new Failure(TIMED_OUT, false);
      case ProbeTransport.Cancelled cancelled -> throw new Failure("context canceled", false);
    };
    try (connection) {
      Collector collector = new Collector();
      connection.send(request, collector);
      org.eclipse.jetty.client.Result result;
      try {
        result = collector.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        request.abort(new TimeoutException("the probe's deadline passed"));
        return collector.partial().orElseThrow(() -> new Failure(TIMED_OUT, false));
      } catch (InterruptedException e) {
        request.abort(e);
        Thread.currentThread().interrupt();
        throw new Failure("context canceled", false);
      } catch (ExecutionException e) {
        throw new IllegalStateException("the response collector never fails", e);
      }
      if (!result.isFailed() || result.getResponseFailure() instanceof BodyLimit) {
        return collector.partial().orElseThrow(() -> new IllegalStateException("a response without headers"));
      }
      return collector.partial().orElseThrow(() -> failure(result.getFailure(), connection));
    }
  }

  /** Why an exchange on an open connection got no response, in Go's words. */
  private static Failure failure(Throwable t, Connection connection) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      switch (c) {
        case SSLException ssl -> {
          return new Failure("tls: " + GoText.errno(ssl), true);
        }
        case EOFException eof -> {
          return new Failure("EOF", false);
        }
        case ClosedChannelException closed -> {
          return new Failure("EOF", false);
        }
        case HttpResponseException bad -> {
          return new Failure("net/http: HTTP/1.x transport connection broken: malformed HTTP response", false);
        }
        case IOException io -> {
          return new Failure("read tcp " + address(connection.getLocalSocketAddress()) + "->" + address(connection.getRemoteSocketAddress())
              + ": read: " + GoText.errno(io), false);
        }
        default -> {
          // look at the cause
        }
      }
    }
    return new Failure(GoText.errno(t), false);
  }

  private static String address(SocketAddress a) {
    return a instanceof InetSocketAddress i ? GoText.hostPort(i.getAddress().getHostAddress(), i.getPort()) : String.valueOf(a);
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Marks a response cut off because {@link #MAX_BODY} bytes arrived: the kubelet keeps those and ignores the rest. */
  private static final class BodyLimit extends Exception {
    BodyLimit() {
      super("the body limit was reached", null, false, false);
    }
  }

  /** Keeps the status, the {@code Location} and the first {@link #MAX_BODY} bytes of a response. */
  private static final class Collector implements org.eclipse.jetty.client.Response.Listener {
    private final ReentrantLock lock = new ReentrantLock();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = -1;
    private String location;
    final CompletableFuture<org.eclipse.jetty.client.Result> done = new CompletableFuture<>();

    @Override
    public void onHeaders(org.eclipse.jetty.client.Response response) {
      lock.lock();
      try {
        status = response.getStatus();
        location = response.getHeaders().get(HttpHeader.LOCATION);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onContent(org.eclipse.jetty.client.Response response, ByteBuffer content) {
      boolean full;
      lock.lock();
      try {
        int n = Math.min(content.remaining(), MAX_BODY - body.size());
        byte[] chunk = new byte[n];
        content.get(chunk);
        body.write(chunk, 0, n);
        full = body.size() >= MAX_BODY;
      } finally {
        lock.unlock();
      }
      if (full) {
        response.abort(new BodyLimit());
      }
    }

    @Override
    public void onComplete(org.eclipse.jetty.client.Result result) {
      done.complete(result);
    }

    /** The response so far, when its headers arrived. */
    Optional<Reply> partial() {
      lock.lock();
      try {
        return status < 0 ? Optional.empty()
            : Optional.of(new Reply(status, location, new String(body.toByteArray(), StandardCharsets.UTF_8)));
      } finally {
        lock.unlock();
      }
    }
  }

  /** Why one exchange got no response, in Go's words. */
  private static final class Failure extends Exception {
    final boolean tlsHandshake;

    Failure(String message, boolean tlsHandshake) {
      super(message, null, false, false);
      this.tlsHandshake = tlsHandshake;
    }
  }
}
