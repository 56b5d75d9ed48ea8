package io.skiff.kubelet.probe;

import com.google.protobuf.InvalidProtocolBufferException;
import io.skiff.images.pull.GoDuration;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;

/**
 * The kubelet's gRPC probe ({@code pkg/probe/grpc}): {@code grpc.health.v1.Health/Check} for the probe's service over
 * HTTP/2 in cleartext with prior knowledge, on a connection of its own, within the probe's timeout. {@code SERVING}
 * passes with {@code service healthy}; everything else fails, worded as the kubelet words it:
 * <ul>
 *   <li>another status: {@code service unhealthy (responded with "NOT_SERVING")};
 *   <li>no connection within the timeout (refused connections are retried with grpc-go's back-off until then):
 *       {@code timeout: failed to connect service "10.42.0.5:8080" within 1s: context deadline exceeded};
 *   <li>no answer within the timeout: {@code timeout: health rpc did not complete within 1s};
 *   <li>{@code Unimplemented}: {@code error: this server does not implement the grpc health protocol
 *       (grpc.health.v1.Health): <message>};
 *   <li>any other gRPC status: {@code error: health rpc probe failed: rpc error: code = NotFound desc = unknown service}.
 * </ul>
 */
public final class GrpcProbe {
  /** grpc-go's default limit on a received message. */
  static final int MAX_RESPONSE = 4 * 1024 * 1024;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final double BACKOFF_FACTOR = 1.6;

  private final ProbeTransport transport;

  public GrpcProbe(ProbeTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /**
   * Checks {@code service} ("" for the server as a whole) at {@code host:port}.
   *
   * @param timeout the probe's timeout, for the connection and the call together
   */
  public ProbeOutcome run(String host, int port, String service, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String addr = GoText.hostPort(host, port);
    String within = GoDuration.format(timeout);
    Request request = transport.newRequest("http", host, port).method(HttpMethod.POST).version(HttpVersion.HTTP_2).path(GrpcHealth.PATH)
        .headers(h -> h.put(HttpHeader.CONTENT_TYPE, "application/grpc").put(HttpHeader.TE, "trailers")
            .put(HttpHeader.USER_AGENT, HttpTarget.userAgent("probe")))
        .body(new BytesRequestContent("application/grpc", GrpcHealth.request(service)));
    Connection connection = null;
    long backoff = FIRST_BACKOFF.toNanos();
    while (connection == null) {
      switch (transport.open(request, deadline)) {
        case ProbeTransport.Open open -> connection = open.connection();
        case ProbeTransport.TimedOut timedOut -> {
          return connectTimeout(addr, within);
        }
        case ProbeTransport.Cancelled cancelled -> {
          return new ProbeOutcome.Failure("error: failed to connect service at " + GoText.quote(addr) + ": context canceled");
        }
        case ProbeTransport.Refused refused -> {
          long wait = Math.min(backoff, deadline - System.nanoTime());
          if (wait <= 0) {
            return connectTimeout(addr, within);
          }
          try {
            TimeUnit.NANOSECONDS.sleep(wait);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeOutcome.Failure("error: failed to connect service at " + GoText.quote(addr) + ": context canceled");
          }
          backoff = (long) (backoff * BACKOFF_FACTOR);
        }
      }
    }
    try (Connection open = connection) {
      long left = deadline - System.nanoTime();
      request.headers(h -> h.put("grpc-timeout", grpcTimeout(left)));
      CompletableFuture<ContentResponse> answer = new CompletableResponseListener(request, MAX_RESPONSE).send(open);
      ContentResponse response;
      try {
        response = answer.get(Math.max(0, left), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        request.abort(new TimeoutException("the probe's deadline passed"));
        return new ProbeOutcome.Failure("timeout: health rpc did not complete within " + within);
      } catch (InterruptedException e) {
        request.abort(e);
        Thread.currentThread().interrupt();
        return rpcFailed(GrpcCode.Canceled.name(), "context canceled");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return rpcFailed(GrpcCode.Unavailable.name(), GoText.errno(cause));
      }
      return outcome(response, within);
    }
  }

  /** What a complete response means. */
  static ProbeOutcome outcome(ContentResponse response, String within) {
    String contentType = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
    boolean grpc = contentType != null && (contentType.equals("application/grpc") || contentType.startsWith("application/grpc+")
        || contentType.startsWith("application/grpc;"));
    if (response.getStatus() != HttpStatus.OK_200 || !grpc) {
      StringBuilder why = new StringBuilder();
      if (response.getStatus() != HttpStatus.OK_200) {
        why.append("unexpected HTTP status code received from server: ").append(response.getStatus()).append(" (")
            .append(HttpStatus.getMessage(response.getStatus())).append(")");
      }
      if (!grpc) {
        why.append(why.isEmpty() ? "" : "; ").append(contentType == null ? "malformed header: missing HTTP content-type"
            : "transport: received unexpected content-type " + GoText.quote(contentType));
      }
      return statusFailure(GrpcCode.ofHttpStatus(response.getStatus()).ordinal(), why.toString(), within);
    }
    HttpFields trailers = response.getTrailers();
    HttpFields fields = trailers != null && trailers.contains("grpc-status") ? trailers : response.getHeaders();
    String status = fields.get("grpc-status");
    if (status == null) {
      return rpcFailed(GrpcCode.Internal.name(), "server closed the stream without sending trailers");
    }
    int code;
    try {
      code = Integer.parseInt(status.trim());
    } catch (NumberFormatException e) {
      return rpcFailed(GrpcCode.Internal.name(), "transport: malformed grpc-status: " + GoText.quote(status));
    }
    if (code != GrpcCode.OK.ordinal()) {
      String message = fields.get("grpc-message");
      return statusFailure(code, message == null ? "" : percentDecoded(message), within);
    }
    return switch (GrpcHealth.unframe(response.getContent())) {
      case GrpcHealth.Malformed m -> rpcFailed(GrpcCode.Internal.name(), m.why());
      case GrpcHealth.Message m -> {
        int serving;
        try {
          serving = GrpcHealth.status(m.bytes());
        } catch (InvalidProtocolBufferException e) {
          yield rpcFailed(GrpcCode.Internal.name(), "grpc: failed to unmarshal the received message: " + e.getMessage());
        }
        yield serving == GrpcHealth.ServingStatus.SERVING.ordinal() ? new ProbeOutcome.Success("service healthy")
            : new ProbeOutcome.Failure("service unhealthy (responded with " + GoText.quote(GrpcHealth.ServingStatus.name(serving)) + ")");
      }
    };
  }

  /** A call that ended with a gRPC status other than OK. */
  private static ProbeOutcome statusFailure(int code, String message, String within) {
    if (code == GrpcCode.Unimplemented.ordinal()) {
      return new ProbeOutcome.Failure("error: this server does not implement the grpc health protocol (grpc.health.v1.Health): " + message);
    }
    if (code == GrpcCode.DeadlineExceeded.ordinal()) {
      return new ProbeOutcome.Failure("timeout: health rpc did not complete within " + within);
    }
    return rpcFailed(GrpcCode.name(code), message);
  }

  private static ProbeOutcome rpcFailed(String code, String message) {
    return new ProbeOutcome.Failure("error: health rpc probe failed: rpc error: code = " + code + " desc = " + message);
  }

  private static ProbeOutcome connectTimeout(String addr, String within) {
    return new ProbeOutcome.Failure("timeout: failed to connect service " + GoText.quote(addr) + " within " + within
        + ": context deadline exceeded");
  }

  /** gRPC's {@code grpc-timeout}: at most eight digits in the finest unit that fits, rounded up, as grpc-go encodes it. */
  static String grpcTimeout(long nanos) {
    if (nanos <= 0) {
      return "0n";
    }
    long[] units = {1L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L};
    String[] names = {"n", "u", "m", "S", "M", "H"};
    for (int i = 0; i < units.length; i++) {
      long value = (nanos + units[i] - 1) / units[i];
      if (value <= 99_999_999L) {
        return value + names[i];
      }
    }
    return (nanos / units[units.length - 1]) + "H";
  }

  /** {@code grpc-message} is percent-encoded UTF-8. */
  static String percentDecoded(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
