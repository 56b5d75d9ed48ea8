package io.skiff.kubelet.hostgw;

import io.skiff.common.net.Ipv4Cidr;
import java.util.Objects;

/**
 * One route to another node's pods: {@code destination via gateway}.
 *
 * @param destination the other node's pod CIDR
 * @param gateway     the other node's InternalIP (dotted IPv4)
 */
public record NodeRoute(Ipv4Cidr destination, String gateway) {
  public NodeRoute {
    Objects.requireNonNull(destination, "destination");
    Ipv4Cidr.parseAddress(gateway);
  }

  @Override
  public String toString() {
    return destination + " via " + gateway;
  }
}
