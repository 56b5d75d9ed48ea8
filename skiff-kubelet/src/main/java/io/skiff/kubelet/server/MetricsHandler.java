package io.skiff.kubelet.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /metrics}, as the kubelet serves it on its port (Prometheus' text format); every other path goes on. */
final class MetricsHandler extends Handler.Wrapper {
  private final MetricsSource metrics;

  MetricsHandler(MetricsSource metrics, Handler next) {
    super(next);
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!Request.getPathInContext(request).equals("/metrics") || !request.getMethod().equals("GET")) {
      return super.handle(request, response, callback);
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    response.write(true, ByteBuffer.wrap(metrics.exposition().getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
