package io.skiff.kubelet.hostgw;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.skiff.common.net.Ipv4Cidr;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the route table should hold and how to get there from what it holds.
 *
 * @param replace routes to add or whose gateway changed
 * @param delete  this agent's routes to destinations no node has any more
 */
public record RoutePlan(List<NodeRoute> replace, List<NodeRoute> delete) {
  public RoutePlan {
    replace = List.copyOf(replace);
    delete = List.copyOf(delete);
  }

  /**
   * One route per other node that has an IPv4 pod CIDR and an IPv4 InternalIP, whether Ready or not (a NotReady
   * node's pods may still answer). Nodes sharing a CIDR (a misconfiguration) yield the first by name.
   */
  public static Map<Ipv4Cidr, NodeRoute> desired(Collection<Node> nodes, String self) {
    Map<Ipv4Cidr, NodeRoute> routes = new java.util.LinkedHashMap<>();
    Map<String, Node> byName = new TreeMap<>();
    for (Node n : nodes) {
      byName.put(n.getMetadata().getName(), n);
    }
    for (Node n : byName.values()) {
      if (n.getMetadata().getName().equals(self)) {
        continue;
      }
      Optional<Ipv4Cidr> cidr = podCidr(n);
      Optional<String> ip = internalIp(n);
      if (cidr.isPresent() && ip.isPresent()) {
        routes.putIfAbsent(cidr.get(), new NodeRoute(cidr.get(), ip.get()));
      }
    }
    return routes;
  }

  /** The changes that turn {@code current} (this agent's routes) into {@code desired}. */
  public static RoutePlan between(Map<Ipv4Cidr, NodeRoute> desired, List<NodeRoute> current) {
    Set<NodeRoute> have = new HashSet<>(current);
    List<NodeRoute> replace = new ArrayList<>();
    for (NodeRoute want : desired.values()) {
      if (!have.contains(want)) {
        replace.add(want);
      }
    }
    List<NodeRoute> delete = new ArrayList<>();
    for (NodeRoute r : current) {
      NodeRoute want = desired.get(r.destination());
      // a changed gateway is fixed by the replace; a duplicate for the same destination goes
      if (want == null || (!want.equals(r) && have.contains(want))) {
        delete.add(r);
      }
    }
    return new RoutePlan(replace, delete);
  }

  public boolean isEmpty() {
    return replace.isEmpty() && delete.isEmpty();
  }

  static Optional<Ipv4Cidr> podCidr(Node n) {
    if (n.getSpec() == null) {
      return Optional.empty();
    }
    List<String> cidrs = n.getSpec().getPodCIDRs() != null && !n.getSpec().getPodCIDRs().isEmpty() ? n.getSpec().getPodCIDRs()
        : n.getSpec().getPodCIDR() == null ? List.of() : List.of(n.getSpec().getPodCIDR());
    for (String c : cidrs) {
      try {
        return Optional.of(Ipv4Cidr.parse(c));
      } catch (IllegalArgumentException e) {
        // IPv6 or malformed: not routed by this IPv4 host-gateway
      }
    }
    return Optional.empty();
  }

  static Optional<String> internalIp(Node n) {
    if (n.getStatus() == null || n.getStatus().getAddresses() == null) {
      return Optional.empty();
    }
    for (NodeAddress a : n.getStatus().getAddresses()) {
      if ("InternalIP".equals(a.getType())) {
        try {
          Ipv4Cidr.parseAddress(a.getAddress());
          return Optional.of(a.getAddress());
        } catch (IllegalArgumentException e) {
          // an IPv6 address: look further
        }
      }
    }
    return Optional.empty();
  }
}
