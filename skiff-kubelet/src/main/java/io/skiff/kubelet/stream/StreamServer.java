package io.skiff.kubelet.stream;

import io.skiff.streams.UpgradedConnection;
import io.skiff.streams.Upgrades;
import io.skiff.streams.spdy.SpdyFraming;
import io.skiff.streams.websocket.Handshake;
import io.skiff.streams.websocket.WebSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for one streaming request, whether it can be served (the target first, then the protocol, so that the
 * SPDY retry kubectl makes after a refused WebSocket gets the same refusal), and switches protocols to serve it.
 */
public final class StreamServer {
  private static final Logger LOG = LoggerFactory.getLogger(StreamServer.class);
  /** The WebSocket subprotocol of port-forward (kubectl 1.31+): SPDY/3.1 frames inside binary messages. */
  public static final String PORT_FORWARD_OVER_WEBSOCKET = "SPDY/3.1+portforward.k8s.io";
  /** The SPDY stream protocol of port-forward. */
  public static final String PORT_FORWARD_PROTOCOL = "portforward.k8s.io";
  /** How long a SPDY client may take to open its streams (the kubelet's stream creation timeout). */
  static final Duration STREAM_CREATION_TIMEOUT = Duration.ofSeconds(30);
  private static final String VERSION_HEADER = "X-Stream-Protocol-Version";

  private final StreamTargets targets;

  public StreamServer(StreamTargets targets) {
    this.targets = targets;
  }

  /** What became of a request: refused (with the status and text the API server turns into a Status), or switched. */
  public sealed interface Answer {
    record Refused(int status, String message) implements Answer {}

    record Switched() implements Answer {}
  }

  /** {@code exec} (or {@code attach}) into {@code container} of pod {@code namespace/pod}; the response is set when switched. */
  public Answer exec(Request request, Response response, boolean attach, String namespace, String pod, String container, Fields query) {
    StreamOptions options = StreamOptions.of(attach ? List.of() : query.getValuesOrEmpty("command"), query);
    if (!attach && (options.command().isEmpty() || options.command().get(0).isEmpty())) {
      return new Answer.Refused(400, "you must specify at least 1 command");
    }
    if (!options.stdin() && !options.stdout() && !options.stderr()) {
      return new Answer.Refused(400, "you must specify at least 1 of stdin, stdout, stderr");
    }
    StreamTarget target = targets.container(namespace, pod, container);
    if (!(target instanceof StreamTarget.Container c)) {
      return refused(target);
    }
    String failure = attach ? "error attaching to container" : "error executing command in container";
    StreamSession.Starter starter = attach ? size -> AttachCommand.start(targets.runtime(), c.id(), c.spec(), size)
        : size -> ExecCommand.start(targets.runtime(), c.id(), options, size);
    if (Upgrades.asks(request, "websocket")) {
      Optional<String> protocol = Handshake.choose(request.getHeaders().get("Sec-WebSocket-Protocol"), ChannelProtocol.SUPPORTED);
      if (protocol.isEmpty()) {
        return new Answer.Refused(400, "none of the offered WebSocket subprotocols is served; use one of " + ChannelProtocol.SUPPORTED);
      }
      ChannelProtocol channels = ChannelProtocol.of(protocol.get());
      Upgrades.switchProtocols(request, response, Handshake.answer(request.getHeaders().get("Sec-WebSocket-Key"), protocol.get()), conn -> {
        try (WebSocket ws = new WebSocket(conn.input(), conn.output())) {
          new StreamSession(new WebSocketClient(ws, channels, options), options, failure, starter).run();
        }
      });
      return new Answer.Switched();
    }
    if (Upgrades.asks(request, "SPDY/3.1")) {
      List<String> offered = request.getHeaders().getCSV(VERSION_HEADER, false);
      if (offered.isEmpty()) {
        return new Answer.Refused(400, "unable to upgrade: " + VERSION_HEADER + " is required");
      }
      Optional<SpdyProtocol> protocol = SpdyProtocol.negotiate(offered);
      if (protocol.isEmpty()) {
        return new Answer.Refused(403, "unable to upgrade: unable to negotiate protocol: client supports " + goList(offered) + ", server accepts "
            + goList(SpdyProtocol.SUPPORTED));
      }
      Upgrades.switchProtocols(request, response, spdyHeaders(protocol.get().protocolName()), conn -> serveSpdy(conn, protocol.get(), options, failure,
          starter));
      return new Answer.Switched();
    }
    return new Answer.Refused(400, "unable to upgrade: " + attachOrExec(attach) + " needs a protocol switch to a WebSocket (" + String.join(", ",
        ChannelProtocol.SUPPORTED) + ") or to SPDY/3.1, not " + Optional.ofNullable(request.getHeaders().get("Upgrade")).orElse("none"));
  }

  private static void serveSpdy(UpgradedConnection conn, SpdyProtocol protocol, StreamOptions options, String failure, StreamSession.Starter starter) {
    try (SpdyFraming spdy = new SpdyFraming(conn.input(), conn.output())) {
      SpdyClient client = SpdyClient.accept(spdy, protocol, options, STREAM_CREATION_TIMEOUT, conn::close);
      new StreamSession(client, options, failure, starter).run();
    } catch (IOException e) {
      LOG.debug("SPDY stream session ended before it began: {}", e.getMessage());
    }
  }

  /** {@code portforward} to pod {@code namespace/pod}: SPDY/3.1, plainly or inside a WebSocket. */
  public Answer portForward(Request request, Response response, String namespace, String pod) {
    StreamTarget target = targets.sandbox(namespace, pod);
    if (!(target instanceof StreamTarget.Sandbox s)) {
      return refused(target);
    }
    PortForwardSession.Dialer dialer = port -> targets.runtime().connectToPort(s.id(), port);
    if (Upgrades.asks(request, "websocket")) {
      Optional<String> protocol = Handshake.choose(request.getHeaders().get("Sec-WebSocket-Protocol"), List.of(PORT_FORWARD_OVER_WEBSOCKET));
      if (protocol.isEmpty()) {
        return new Answer.Refused(400, "port-forward over WebSocket needs the subprotocol " + PORT_FORWARD_OVER_WEBSOCKET);
      }
      Upgrades.switchProtocols(request, response, Handshake.answer(request.getHeaders().get("Sec-WebSocket-Key"), protocol.get()), conn -> {
        try (WebSocket ws = new WebSocket(conn.input(), conn.output()); SpdyFraming spdy = new SpdyFraming(ws.messageInput(), ws.messageOutput())) {
          new PortForwardSession(spdy, dialer, s.podName(), s.podUid()).run();
        }
      });
      return new Answer.Switched();
    }
    if (Upgrades.asks(request, "SPDY/3.1")) {
      List<String> versions = request.getHeaders().getCSV(VERSION_HEADER, false);
      if (!versions.contains(PORT_FORWARD_PROTOCOL)) {
        return new Answer.Refused(400, "port-forward needs the stream protocol " + PORT_FORWARD_PROTOCOL + ", offered: " + versions);
      }
      Upgrades.switchProtocols(request, response, spdyHeaders(PORT_FORWARD_PROTOCOL), conn -> {
        try (SpdyFraming spdy = new SpdyFraming(conn.input(), conn.output())) {
          new PortForwardSession(spdy, dialer, s.podName(), s.podUid()).run();
        }
      });
      return new Answer.Switched();
    }
    return new Answer.Refused(400, "port-forward needs a protocol switch to SPDY/3.1 or to a WebSocket (" + PORT_FORWARD_OVER_WEBSOCKET + ")");
  }

  private static Map<String, String> spdyHeaders(String protocol) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Connection", "Upgrade");
    headers.put("Upgrade", "SPDY/3.1");
    headers.put(VERSION_HEADER, protocol);
    return headers;
  }

  private static String attachOrExec(boolean attach) {
    return attach ? "attach" : "exec";
  }

  private static String goList(List<String> items) {
    return "[" + String.join(" ", items) + "]";
  }

  private static Answer refused(StreamTarget target) {
    return switch (target) {
      case StreamTarget.Refused r -> new Answer.Refused(r.status(), r.message());
      case StreamTarget.Container c -> throw new IllegalStateException("not a refusal");
      case StreamTarget.Sandbox s -> throw new IllegalStateException("not a refusal");
    };
  }
}
