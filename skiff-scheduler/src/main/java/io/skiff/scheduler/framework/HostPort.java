package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A host port a pod's container claims on its node: IP ({@code 0.0.0.0} when unset), protocol ({@code TCP} when
 * unset) and port.
 */
public record HostPort(String ip, String protocol, int port) {
  public static final String ANY_IP = "0.0.0.0";

  public HostPort {
    ip = ip == null || ip.isEmpty() ? ANY_IP : ip;
    protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    if (port <= 0) {
      throw new IllegalArgumentException("host port must be positive, got " + port);
    }
  }

  /** True when both claim the same protocol and port on overlapping addresses (one of them on every address, or the same one). */
  public boolean conflictsWith(HostPort other) {
    return port == other.port && protocol.equals(other.protocol)
        && (ip.equals(ANY_IP) || other.ip.equals(ANY_IP) || ip.equals(other.ip));
  }

  /** The host ports a pod claims: those of its app containers and of its restartable init containers. */
  public static List<HostPort> of(Pod pod) {
    if (pod.getSpec() == null) {
      return List.of();
    }
    List<HostPort> ports = new ArrayList<>();
    List<Container> containers = new ArrayList<>();
    if (pod.getSpec().getInitContainers() != null) {
      pod.getSpec().getInitContainers().stream().filter(c -> "Always".equals(c.getRestartPolicy())).forEach(containers::add);
    }
    if (pod.getSpec().getContainers() != null) {
      containers.addAll(pod.getSpec().getContainers());
    }
    for (Container c : containers) {
      if (c.getPorts() == null) {
        continue;
      }
      for (ContainerPort p : c.getPorts()) {
        if (p.getHostPort() != null && p.getHostPort() > 0) {
          ports.add(new HostPort(p.getHostIP(), p.getProtocol(), p.getHostPort()));
        }
      }
    }
    return List.copyOf(ports);
  }

  @Override
  public String toString() {
    return Objects.toString(ip) + ":" + port + "/" + protocol;
  }
}
