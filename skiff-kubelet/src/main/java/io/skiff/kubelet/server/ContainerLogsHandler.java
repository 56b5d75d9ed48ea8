package io.skiff.kubelet.server;

import io.skiff.kubelet.logs.ContainerLogs;
import io.skiff.kubelet.logs.LogLookup;
import io.skiff.kubelet.logs.LogOptions;
import io.skiff.kubelet.logs.LogStreamer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /containerLogs/{namespace}/{pod}/{container}} with the kubelet's query parameters ({@code follow},
 * {@code previous}, {@code tailLines}, {@code sinceSeconds}, {@code sinceTime}, {@code timestamps},
 * {@code limitBytes}); answers {@code text/plain} log lines, 404 for an unknown pod, 400 with the kubelet's message
 * when the container has no log to show or a parameter is malformed. Also {@code GET /healthz}.
 */
final class ContainerLogsHandler extends Handler.Abstract {
  private static final String PREFIX = "/containerLogs/";

  private final ContainerLogs logs;
  private final InstantSource clock;

  ContainerLogsHandler(ContainerLogs logs, InstantSource clock) {
    this.logs = Objects.requireNonNull(logs, "logs");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    if (!request.getMethod().equals("GET")) {
      text(response, callback, 405, "method not allowed");
      return true;
    }
    if (path.equals("/healthz")) {
      text(response, callback, 200, "ok");
      return true;
    }
    if (!path.startsWith(PREFIX)) {
      text(response, callback, 404, "404 page not found");
      return true;
    }
    String[] parts = path.substring(PREFIX.length()).split("/");
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      text(response, callback, 400, "expected /containerLogs/{namespace}/{pod}/{container}");
      return true;
    }
    LogOptions options;
    try {
      options = options(Request.extractQueryParameters(request));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      text(response, callback, 400, "invalid log options: " + e.getMessage());
      return true;
    }
    switch (logs.find(parts[0], parts[1], parts[2], options.previous())) {
      case LogLookup.PodNotFound nf -> text(response, callback, 404, nf.message());
      case LogLookup.Unavailable u -> text(response, callback, 400, u.message());
      case LogLookup.Found f -> {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
          LogStreamer.stream(f.target().file(), options, f.target().running(), out);
          callback.succeeded();
        } catch (IOException e) {
          callback.failed(e);
        }
      }
    }
    return true;
  }

  LogOptions options(Fields q) {
    Instant since = null;
    if (q.getValue("sinceSeconds") != null) {
      long s = Long.parseLong(q.getValue("sinceSeconds"));
      if (s <= 0) {
        throw new IllegalArgumentException("sinceSeconds must be positive");
      }
      since = clock.instant().minusSeconds(s);
    } else if (q.getValue("sinceTime") != null) {
      since = Instant.parse(q.getValue("sinceTime"));
    }
    Integer tail = q.getValue("tailLines") == null ? null : Integer.valueOf(q.getValue("tailLines"));
    Long limit = q.getValue("limitBytes") == null ? null : Long.valueOf(q.getValue("limitBytes"));
    return new LogOptions(flag(q, "follow"), flag(q, "previous"), tail, since, flag(q, "timestamps"), limit);
  }

  private static boolean flag(Fields q, String name) {
    String v = q.getValue(name);
    return v != null && (v.equals("true") || v.equals("1") || v.isEmpty());
  }

  private static void text(Response response, Callback callback, int status, String message) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
  }
}
