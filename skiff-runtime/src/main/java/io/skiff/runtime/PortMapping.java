package io.skiff.runtime;

import java.util.Locale;

/**
 * A host port forwarded to a port of the pod (a container port's {@code hostPort}).
 *
 * @param hostPort      the port on the host, 1..65535
 * @param containerPort the port in the pod, 1..65535
 * @param protocol      tcp, udp or sctp
 * @param hostIp        the host address to bind, or empty for all
 */
public record PortMapping(int hostPort, int containerPort, Protocol protocol, String hostIp) {

  /** A port's transport protocol. */
  public enum Protocol {
    TCP, UDP, SCTP;

    /** The lowercase spelling CNI's portmap plugin expects. */
    public String cniName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public PortMapping {
    if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
      throw new IllegalArgumentException("ports must be in 1..65535: " + hostPort + " -> " + containerPort);
    }
    protocol = protocol == null ? Protocol.TCP : protocol;
    hostIp = hostIp == null ? "" : hostIp;
  }

  public static PortMapping tcp(int hostPort, int containerPort) {
    return new PortMapping(hostPort, containerPort, Protocol.TCP, "");
  }
}
