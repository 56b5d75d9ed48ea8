package io.skiff.kubelet.probe;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A {@code grpc.health.v1.Health/Check} server side for {@link LoopbackServer#h2c}: answers each service's status from
 * a table, and {@code NotFound "unknown service"} (trailers only, as grpc-go's health server) for a service it does not
 * know. Remembers the last request's method, path, headers and service.
 */
public final class HealthService implements LoopbackServer.Route {
  private final Map<String, Integer> statuses;
  private final Map<String, String> lastRequest = new ConcurrentHashMap<>();

  /** @param statuses each service's {@code ServingStatus} number ("" is the server as a whole) */
  public HealthService(Map<String, Integer> statuses) {
    this.statuses = Map.copyOf(statuses);
  }

  /** {@code :method}, {@code :path}, {@code service} and the request's headers by lower-case name. */
  public Map<String, String> lastRequest() {
    return lastRequest;
  }

  @Override
  public void handle(Request request, Response response, Callback callback) throws Exception {
    respond(read(request), response, callback);
  }

  /** Answers a check of {@code service} from the table. */
  void respond(String service, Response response, Callback callback) {
    Integer status = statuses.get(service);
    if (status == null) {
      trailersOnly(response, callback, 5, "unknown service");
    } else {
      answer(response, callback, GrpcHealth.response(status), HttpFields.build().put("grpc-status", "0"));
    }
  }

  /** Reads the request, remembers it and answers its service. */
  String read(Request request) throws Exception {
    lastRequest.clear();
    lastRequest.put(":method", request.getMethod());
    lastRequest.put(":path", request.getHttpURI().getPath());
    for (HttpField f : request.getHeaders()) {
      lastRequest.put(f.getLowerCaseName(), f.getValue());
    }
    ByteBuffer body = Content.Source.asByteBuffer(request);
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    String service = switch (GrpcHealth.unframe(bytes)) {
      case GrpcHealth.Message m -> GrpcHealth.service(m.bytes());
      case GrpcHealth.Malformed m -> throw new IllegalArgumentException(m.why());
    };
    lastRequest.put("service", service);
    return service;
  }

  /** A gRPC answer: the body, then the trailers. */
  static void answer(Response response, Callback callback, byte[] body, HttpFields.Mutable trailers) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/grpc");
    response.setTrailersSupplier(() -> trailers);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** A gRPC answer without a message: the status in the response's headers. */
  static void trailersOnly(Response response, Callback callback, int code, String encodedMessage) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/grpc").put("grpc-status", Integer.toString(code))
        .put("grpc-message", encodedMessage);
    response.write(true, ByteBuffer.allocate(0), callback);
  }
}
