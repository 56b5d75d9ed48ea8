package io.skiff.kubelet.stream;

import java.util.List;
import java.util.Optional;

/**
 * Kubernetes' remote command protocols over SPDY/3.1 (kubectl 1.29 and older; newer kubectl falls back to them), as
 * negotiated with {@code X-Stream-Protocol-Version}. The client opens one stream per standard stream and one for
 * errors, each named by its {@code streamType} header; from v3 a terminal's sizes come on a {@code resize} stream;
 * v4 writes the outcome as a JSON {@code Status} (carrying the exit code), earlier versions write only a failure's message.
 */
enum SpdyProtocol {
  V4("v4.channel.k8s.io"),
  V3("v3.channel.k8s.io"),
  V2("v2.channel.k8s.io"),
  V1("channel.k8s.io");

  /** The versions served, best first (the kubelet's list). */
  static final List<String> SUPPORTED = List.of(V4.name, V3.name, V2.name, V1.name);

  private final String name;

  SpdyProtocol(String name) {
    this.name = name;
  }

  String protocolName() {
    return name;
  }

  /** Whether the client sends terminal sizes (on a {@code resize} stream). */
  boolean resizes() {
    return this == V4 || this == V3;
  }

  /** Whether the outcome is a JSON {@code Status}; before v4 it is a failure's message as text. */
  boolean writesStatusAsJson() {
    return this == V4;
  }

  /** As Kubernetes negotiates: the first version the client offers that is served. */
  static Optional<SpdyProtocol> negotiate(List<String> offered) {
    for (String o : offered) {
      for (SpdyProtocol p : values()) {
        if (p.name.equals(o.trim())) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }
}
