package io.skiff.kubelet.stream;

import io.skiff.streams.Upgrades;
import io.skiff.streams.spdy.SpdyFraming;
import io.skiff.streams.websocket.Handshake;
import io.skiff.streams.websocket.WebSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/**
 * Decides, for one streaming request, whether it can be served (the target first, then the protocol, so that the
 * SPDY retry kubectl makes after a refused WebSocket gets the same refusal), and switches protocols to serve it.
 */
public final class StreamServer {
  /** The WebSocket subprotocol of port-forward (kubectl 1.31+): SPDY/3.1 frames inside binary messages. */
  public static final String PORT_FORWARD_OVER_WEBSOCKET = "SPDY/3.1+portforward.k8s.io";
  /** The SPDY stream protocol of port-forward. */
  public static final String PORT_FORWARD_PROTOCOL = "portforward.k8s.io";

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
    if (attach) {
      return new Answer.Refused(400, "attach is not supported by skiff's node agent yet: use kubectl exec or kubectl logs -f");
    }
    ExecOptions options = new ExecOptions(query.getValuesOrEmpty("command"), flag(query, "stdin"), flag(query, "stdout"), flag(query, "stderr"),
        flag(query, "tty"));
    if (options.command().isEmpty() || options.command().get(0).isEmpty()) {
      return new Answer.Refused(400, "you must specify at least 1 command");
    }
    if (!options.stdin() && !options.stdout() && !options.stderr()) {
      return new Answer.Refused(400, "you must specify at least 1 of stdin, stdout, stderr");
    }
    if (options.tty() && options.stderr()) {
      // As Kubernetes: with a terminal, stderr is the terminal
      options = new ExecOptions(options.command(), options.stdin(), options.stdout(), false, true);
    }
    StreamTarget target = targets.container(namespace, pod, container);
    if (!(target instanceof StreamTarget.Container c)) {
      return refused(target);
    }
    if (!Upgrades.asks(request, "websocket")) {
      return new Answer.Refused(400, "skiff serves exec over WebSocket only (" + String.join(", ", ChannelProtocol.SUPPORTED)
          + ", kubectl 1.30 or newer); this request asked for " + Optional.ofNullable(request.getHeaders().get("Upgrade")).orElse("no upgrade"));
    }
    Optional<String> protocol = Handshake.choose(request.getHeaders().get("Sec-WebSocket-Protocol"), ChannelProtocol.SUPPORTED);
    if (protocol.isEmpty()) {
      return new Answer.Refused(400, "none of the offered WebSocket subprotocols is served; use one of " + ChannelProtocol.SUPPORTED);
    }
    ExecOptions chosen = options;
    ChannelProtocol channels = ChannelProtocol.of(protocol.get());
    Upgrades.switchProtocols(request, response, Handshake.answer(request.getHeaders().get("Sec-WebSocket-Key"), protocol.get()), conn -> {
      try (WebSocket ws = new WebSocket(conn.input(), conn.output())) {
        new ExecSession(targets.runtime(), c.id(), chosen, channels, ws).run();
      }
    });
    return new Answer.Switched();
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
      List<String> versions = request.getHeaders().getCSV("X-Stream-Protocol-Version", false);
      if (!versions.contains(PORT_FORWARD_PROTOCOL)) {
        return new Answer.Refused(400, "port-forward needs the stream protocol " + PORT_FORWARD_PROTOCOL + ", offered: " + versions);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Connection", "Upgrade");
      headers.put("Upgrade", "SPDY/3.1");
      headers.put("X-Stream-Protocol-Version", PORT_FORWARD_PROTOCOL);
      Upgrades.switchProtocols(request, response, headers, conn -> {
        try (SpdyFraming spdy = new SpdyFraming(conn.input(), conn.output())) {
          new PortForwardSession(spdy, dialer, s.podName(), s.podUid()).run();
        }
      });
      return new Answer.Switched();
    }
    return new Answer.Refused(400, "port-forward needs a protocol switch to SPDY/3.1 or to a WebSocket (" + PORT_FORWARD_OVER_WEBSOCKET + ")");
  }

  private static Answer refused(StreamTarget target) {
    return switch (target) {
      case StreamTarget.Refused r -> new Answer.Refused(r.status(), r.message());
      case StreamTarget.Container c -> throw new IllegalStateException("not a refusal");
      case StreamTarget.Sandbox s -> throw new IllegalStateException("not a refusal");
    };
  }

  private static boolean flag(Fields q, String name) {
    String v = q.getValue(name);
    return v != null && (v.equals("true") || v.equals("1"));
  }
}
