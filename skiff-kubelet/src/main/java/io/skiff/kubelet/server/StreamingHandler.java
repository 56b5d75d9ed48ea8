package io.skiff.kubelet.server;

import io.skiff.kubelet.stream.StreamServer;
import io.skiff.kubelet.stream.StreamServer.Answer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The kubelet's streaming paths, {@code /exec/{namespace}/{pod}/{container}}, {@code /attach/…} and
 * {@code /portForward/{namespace}/{pod}}, answered with a protocol switch (101) or the refusal as text; every other
 * path goes to the wrapped handler.
 */
final class StreamingHandler extends Handler.Wrapper {
  private final StreamServer streams;

  StreamingHandler(StreamServer streams, Handler next) {
    super(next);
    this.streams = streams;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    String[] parts = path.split("/");
    // parts[0] is empty: the path starts with '/'
    if (parts.length < 2 || !(parts[1].equals("exec") || parts[1].equals("attach") || parts[1].equals("portForward"))) {
      return super.handle(request, response, callback);
    }
    if (streams == null) {
      text(response, callback, 404, "this node agent serves no streams");
      return true;
    }
    Fields q = Request.extractQueryParameters(request);
    Answer answer = switch (parts[1]) {
      case "portForward" -> parts.length == 4 ? streams.portForward(request, response, parts[2], parts[3])
          : new Answer.Refused(400, "expected /portForward/{namespace}/{pod}");
      default -> parts.length == 5 ? streams.exec(request, response, parts[1].equals("attach"), parts[2], parts[3], parts[4], q)
          : new Answer.Refused(400, "expected /" + parts[1] + "/{namespace}/{pod}/{container}");
    };
    switch (answer) {
      case Answer.Refused r -> text(response, callback, r.status(), r.message());
      case Answer.Switched s -> callback.succeeded();
    }
    return true;
  }

  private static void text(Response response, Callback callback, int status, String message) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
  }
}
