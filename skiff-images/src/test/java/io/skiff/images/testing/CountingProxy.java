package io.skiff.images.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A tiny in-process HTTP proxy in front of a registry that records every request it forwards, so tests can count
 * manifest and blob requests exactly (a request is recorded before it is forwarded). Optionally throttles response
 * bodies, so a test can catch a pull in the middle of a download.
 */
public final class CountingProxy implements AutoCloseable {
  private static final Set<String> HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te", "upgrade",
      "host", "content-length", "proxy-connection", "date");

  /** One forwarded request. */
  public record Request(String method, String path) {
    public boolean manifest() {
      return path.contains("/manifests/");
    }

    public boolean blob() {
      return path.contains("/blobs/");
    }
  }

  private final HttpServer server;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
  private final URI upstream;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile long throttleBytesPerSecond;

  public CountingProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::forward);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code 127.0.0.1:<port>}. */
  public String host() {
    return "127.0.0.1:" + port();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public long manifestRequests() {
    return requests.stream().filter(Request::manifest).count();
  }

  public long blobRequests() {
    return requests.stream().filter(Request::blob).count();
  }

  public void reset() {
    requests.clear();
  }

  /** Limits response bodies to about this many bytes per second; 0 for no limit. */
  public void throttle(long bytesPerSecond) {
    this.throttleBytesPerSecond = bytesPerSecond;
  }

  private void forward(HttpExchange ex) throws IOException {
    try (ex) {
      String pathAndQuery = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
      requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath()));
      byte[] body = ex.getRequestBody().readAllBytes();
      HttpRequest.Builder b = HttpRequest.newBuilder(upstream.resolve(pathAndQuery))
          .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      ex.getRequestHeaders().forEach((k, vs) -> {
        if (!HOP.contains(k.toLowerCase(Locale.ROOT))) {
          vs.forEach(v -> b.header(k, v));
        }
      });
      HttpResponse<InputStream> resp;
      try {
        resp = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(502, -1);
        return;
      } catch (IOException e) {
        ex.sendResponseHeaders(502, -1);
        return;
      }
      resp.headers().map().forEach((k, vs) -> {
        if (!HOP.contains(k.toLowerCase(Locale.ROOT)) || k.equalsIgnoreCase("content-length") && ex.getRequestMethod().equals("HEAD")) {
          ex.getResponseHeaders().put(k, vs);
        }
      });
      long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
      boolean noBody = ex.getRequestMethod().equals("HEAD") || resp.statusCode() == 204 || resp.statusCode() == 304 || length == 0;
      try (InputStream in = resp.body()) {
        if (noBody) {
          ex.sendResponseHeaders(resp.statusCode(), -1);
          return;
        }
        ex.sendResponseHeaders(resp.statusCode(), length > 0 ? length : 0);
        try (OutputStream out = ex.getResponseBody()) {
          copy(in, out);
        }
      }
    } catch (IOException e) {
      // the client went away (a test killed it, or it broke off on purpose)
    }
  }

  private void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[64 * 1024];
    int n;
    while ((n = in.read(buf)) > 0) {
      long limit = throttleBytesPerSecond;
      if (limit > 0) {
        int chunk = (int) Math.max(1024, Math.min(n, limit / 20));
        for (int off = 0; off < n; off += chunk) {
          int len = Math.min(chunk, n - off);
          out.write(buf, off, len);
          out.flush();
          pace(len, limit);
        }
      } else {
        out.write(buf, 0, n);
      }
    }
  }

  private static void pace(int bytes, long perSecond) {
    try {
      Thread.sleep(Duration.ofNanos(bytes * 1_000_000_000L / perSecond));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
