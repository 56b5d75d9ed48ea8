package io.skiff.kubelet.probe;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * An HTTP/1.1 GET as the kubelet's Go client does it for probes and hooks: a new connection per request
 * ({@code Connection: close}), TLS without verifying the server, one deadline for the whole exchange including
 * redirects, at most 10 KB of the body read, redirects followed (for probes only to the same host, otherwise the
 * redirect itself is the answer), at most 10 requests. Failures are worded as Go's {@code url.Error}, e.g.
 * {@code Get "http://10.42.0.5:80/": dial tcp 10.42.0.5:80: connect: connection refused}.
 *
 * <p>A client of its own rather than the JDK's: the kubelet lets an {@code httpGet} set any header, {@code Host}
 * included, which the JDK client refuses, and its errors need Go's wording.
 */
public final class HttpGetter {
  /** The kubelet reads at most this much of a probe's answer. */
  public static final int MAX_BODY = 10 * 1024;
  static final int MAX_REQUESTS = 10;
  private static final int MAX_LINE = 16 * 1024;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final Set<String> SENSITIVE = Set.of("Authorization", "Www-Authenticate", "Cookie", "Cookie2");

  private final SSLSocketFactory tls;

  /** Which redirects are followed. */
  public enum Redirects {
    /** Probes: only to the same host; a redirect elsewhere is itself the answer. */
    SAME_HOST,
    /** Hooks (Go's default client): to any host. */
    ANY_HOST
  }

  /** The answer to a GET. */
  public sealed interface Result {}

  /** A response: its status and the first 10 KB of its body. */
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

  public HttpGetter() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
      this.tls = ctx.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS in this JVM", e);
    }
  }

  /** GETs the target within {@code timeout} (all requests of a redirect chain together). */
  public Result get(HttpTarget target, Duration timeout, Redirects redirects) {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpTarget current = target;
    for (int requests = 1; ; requests++) {
      Response r;
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

  private record Response(int status, String location, String body) {}

  /** One request on a new connection. */
  private Response exchange(HttpTarget t, long deadline) throws Failure {
    for (HttpTarget.Header h : t.headers()) {
      if (h.value().indexOf('\r') >= 0 || h.value().indexOf('\n') >= 0) {
        throw new Failure("net/http: invalid header field value for " + GoText.quote(h.name()), false);
      }
    }
    Socket plain = new Socket();
    try (Socket closing = plain) {
      try {
        plain.connect(new InetSocketAddress(t.host(), t.port()), millisLeft(deadline));
      } catch (SocketTimeoutException e) {
        throw timedOut();
      } catch (IOException e) {
        throw new Failure(GoText.dialError(t.host(), t.port(), e), false);
      }
      Socket s = plain;
      if (t.https()) {
        try {
          SSLSocket ssl = (SSLSocket) tls.createSocket(plain, t.host(), t.port(), true);
          ssl.setSoTimeout(millisLeft(deadline));
          ssl.startHandshake();
          s = ssl;
        } catch (SocketTimeoutException e) {
          throw timedOut();
        } catch (IOException e) {
          throw new Failure("tls: " + GoText.errno(e), e instanceof SSLException);
        }
      }
      try {
        OutputStream out = s.getOutputStream();
        out.write(request(t).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return read(new BufferedInputStream(new DeadlineInput(s, deadline)));
      } catch (SocketTimeoutException e) {
        throw timedOut();
      } catch (EOFException e) {
        throw new Failure("EOF", false);
      } catch (IOException e) {
        throw new Failure("read tcp " + GoText.hostPort(t.host(), t.port()) + ": " + GoText.errno(e), false);
      }
    } catch (IOException closeFailed) {
      throw new Failure(GoText.errno(closeFailed), false);
    }
  }

  private static String request(HttpTarget t) {
    StringBuilder b = new StringBuilder();
    b.append("GET ").append(t.target()).append(" HTTP/1.1\r\n");
    String host = t.hostHeader();
    b.append("Host: ").append(host != null && !host.isEmpty() ? host : GoText.hostPort(t.host(), t.port())).append("\r\n");
    for (HttpTarget.Header h : t.headers()) {
      if (!h.name().equals("Host") && !h.name().equals("Connection")) {
        b.append(h.name()).append(": ").append(h.value()).append("\r\n");
      }
    }
    return b.append("Connection: close\r\n\r\n").toString();
  }

  private static Response read(InputStream in) throws IOException, Failure {
    while (true) {
      String statusLine = line(in);
      String[] parts = statusLine.split(" ", 3);
      int status;
      try {
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
          throw new NumberFormatException();
        }
        status = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new Failure("net/http: HTTP/1.x transport connection broken: malformed HTTP response " + GoText.quote(statusLine), false);
      }
      long length = -1;
      boolean chunked = false;
      String location = null;
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = parseLength(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "location" -> location = value;
          default -> {
            // not needed
          }
        }
      }
      if (status >= 100 && status < 200 && status != 101) {
        continue;
      }
      String body = status == 204 || status == 304 ? "" : body(in, chunked, length);
      return new Response(status, location, body);
    }
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Up to {@link #MAX_BODY} bytes of the body; a body cut short is what was read of it. */
  private static String body(InputStream in, boolean chunked, long length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (chunked) {
        while (out.size() < MAX_BODY) {
          String sizeLine = line(in);
          int semi = sizeLine.indexOf(';');
          int size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
          if (size == 0) {
            break;
          }
          copy(in, out, size);
          line(in);
        }
      } else {
        copy(in, out, length >= 0 ? length : Long.MAX_VALUE);
      }
    } catch (IOException | NumberFormatException e) {
      // keep what arrived
    }
    byte[] b = out.toByteArray();
    return new String(b, 0, Math.min(b.length, MAX_BODY), StandardCharsets.UTF_8);
  }

  private static void copy(InputStream in, ByteArrayOutputStream out, long n) throws IOException {
    byte[] buf = new byte[4096];
    long left = n;
    while (left > 0 && out.size() < MAX_BODY) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, Math.min(left, MAX_BODY - out.size())));
      if (r < 0) {
        return;
      }
      out.write(buf, 0, r);
      left -= r;
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (b.isEmpty()) {
          throw new EOFException();
        }
        return b.toString();
      }
      if (c == '\n') {
        int end = b.length();
        if (end > 0 && b.charAt(end - 1) == '\r') {
          b.setLength(end - 1);
        }
        return b.toString();
      }
      if (b.length() >= MAX_LINE) {
        throw new IOException("header line too long");
      }
      b.append((char) c);
    }
  }

  private static int millisLeft(long deadline) throws Failure {
    long left = (deadline - System.nanoTime()) / 1_000_000L;
    if (left <= 0) {
      throw timedOut();
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  private static Failure timedOut() {
    return new Failure("context deadline exceeded (Client.Timeout exceeded while awaiting headers)", false);
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Why one exchange got no response, in Go's words. */
  private static final class Failure extends Exception {
    final boolean tlsHandshake;

    Failure(String message, boolean tlsHandshake) {
      super(message, null, false, false);
      this.tlsHandshake = tlsHandshake;
    }
  }

  /** Reads from a socket with what is left of the deadline as each read's timeout. */
  private static final class DeadlineInput extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private final long deadline;

    DeadlineInput(Socket socket, long deadline) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.deadline = deadline;
    }

    private void arm() throws IOException {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        throw new SocketTimeoutException("deadline");
      }
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int read() throws IOException {
      arm();
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      arm();
      return in.read(b, off, len);
    }
  }

  /** The kubelet's {@code InsecureSkipVerify}: probes and hooks do not check the container's certificate. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
