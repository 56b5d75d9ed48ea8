package io.skiff.streams;

import io.skiff.common.SkiffException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/** Switching an HTTP/1.1 request to another protocol with a 101 answer, as Jetty's own CONNECT and WebSocket upgrades do. */
public final class Upgrades {
  private Upgrades() {}

  /** Whether the request asks to switch to {@code protocol} (case-insensitive, e.g. {@code websocket}, {@code SPDY/3.1}). */
  public static boolean asks(Request request, String protocol) {
    String upgrade = request.getHeaders().get("Upgrade");
    if (upgrade == null) {
      return false;
    }
    for (String p : upgrade.split(",")) {
      if (p.trim().equalsIgnoreCase(protocol)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the request asks for any protocol switch at all. */
  public static boolean asksAny(Request request) {
    String upgrade = request.getHeaders().get("Upgrade");
    return upgrade != null && !upgrade.isBlank();
  }

  /**
   * Answers 101 with {@code headers} and hands the connection to {@code session} once the answer is written. The
   * caller completes the request's callback (succeeded) right after this returns.
   */
  public static void switchProtocols(Request request, Response response, Map<String, String> headers, Consumer<UpgradedConnection> session) {
    if (request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_1_1) {
      throw new SkiffException.BadRequest("switching protocols needs HTTP/1.1, this request came over "
          + request.getConnectionMetaData().getHttpVersion().asString().toUpperCase(Locale.ROOT));
    }
    UpgradedConnection connection = new UpgradedConnection(request.getConnectionMetaData().getConnection().getEndPoint(),
        request.getConnectionMetaData().getConnector().getExecutor(), session);
    request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, connection);
    response.setStatus(101);
    headers.forEach((k, v) -> response.getHeaders().put(k, v));
  }
}
