package io.skiff.kubelet.stream;

import java.util.List;

/**
 * Kubernetes' channel protocols over WebSocket: every binary message starts with its channel byte. The client sends
 * stdin (0) and terminal sizes (4); the server sends stdout (1), stderr (2) and, last, one {@code Status} on the
 * error channel (3). Version 5 adds the close signal {@code [255, channel]} (the client's stdin ended).
 */
public enum ChannelProtocol {
  V5("v5.channel.k8s.io"),
  V4("v4.channel.k8s.io");

  public static final int STDIN = 0;
  public static final int STDOUT = 1;
  public static final int STDERR = 2;
  public static final int ERROR = 3;
  public static final int RESIZE = 4;
  public static final int CLOSE = 255;

  /** The subprotocols served, best first. */
  public static final List<String> SUPPORTED = List.of(V5.subprotocol, V4.subprotocol);

  private final String subprotocol;

  ChannelProtocol(String subprotocol) {
    this.subprotocol = subprotocol;
  }

  public String subprotocol() {
    return subprotocol;
  }

  public static ChannelProtocol of(String subprotocol) {
    for (ChannelProtocol p : values()) {
      if (p.subprotocol.equals(subprotocol)) {
        return p;
      }
    }
    throw new IllegalArgumentException("not a channel protocol: " + subprotocol);
  }
}
