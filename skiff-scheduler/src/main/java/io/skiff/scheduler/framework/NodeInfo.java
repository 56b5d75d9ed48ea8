package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A node as one scheduling cycle sees it: the Node object, the pods bound to it that have not finished, and the
 * sums the filters and scores need: allocatable, requested, non-zero requested and the host ports in use.
 */
public record NodeInfo(Node node, List<PodInfo> pods, Resources allocatable, long allowedPods, Resources requested,
                       Resources nonZeroRequested, List<HostPort> usedPorts) {
  public NodeInfo {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(node.getMetadata(), "node.metadata");
    pods = List.copyOf(pods);
    usedPorts = List.copyOf(usedPorts);
  }

  /** The view of {@code node} carrying {@code pods}. */
  public static NodeInfo of(Node node, Collection<PodInfo> pods) {
    Map<String, Quantity> allocatable = node.getStatus() == null ? null : node.getStatus().getAllocatable();
    long allowedPods = allocatable == null || allocatable.get(Resources.PODS) == null ? 0 : Resources.value(allocatable.get(Resources.PODS));
    Resources requested = Resources.NONE;
    Resources nonZero = Resources.NONE;
    List<HostPort> ports = new ArrayList<>();
    for (PodInfo p : pods) {
      requested = requested.plus(p.requests());
      nonZero = nonZero.plus(p.nonZeroRequests());
      ports.addAll(p.hostPorts());
    }
    return new NodeInfo(node, List.copyOf(pods), Resources.of(allocatable), allowedPods, requested, nonZero, ports);
  }

  public String name() {
    return node.getMetadata().getName();
  }

  /** The same node without the pods {@code remove} selects, as preemption imagines it. */
  public NodeInfo without(Predicate<PodInfo> remove) {
    return of(node, pods.stream().filter(remove.negate()).toList());
  }
}
