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
 * sums the filters and scores need: allocatable, requested, non-zero requested, the host ports in use, and the pods
 * with inter-pod affinity (all of them, and those with required anti-affinity). Immutable.
 */
public record NodeInfo(Node node, List<PodInfo> pods, Resources allocatable, long allowedPods, Resources requested,
                       Resources nonZeroRequested, List<HostPort> usedPorts, List<PodInfo> podsWithAffinity,
                       List<PodInfo> podsWithRequiredAntiAffinity) {
  public NodeInfo {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(node.getMetadata(), "node.metadata");
    pods = List.copyOf(pods);
    usedPorts = List.copyOf(usedPorts);
    podsWithAffinity = List.copyOf(podsWithAffinity);
    podsWithRequiredAntiAffinity = List.copyOf(podsWithRequiredAntiAffinity);
  }

  /** The view of {@code node} carrying {@code pods}. */
  public static NodeInfo of(Node node, Collection<PodInfo> pods) {
    Map<String, Quantity> allocatable = node.getStatus() == null ? null : node.getStatus().getAllocatable();
    long allowedPods = allocatable == null || allocatable.get(Resources.PODS) == null ? 0 : Resources.value(allocatable.get(Resources.PODS));
    Resources requested = Resources.NONE;
    Resources nonZero = Resources.NONE;
    List<HostPort> ports = new ArrayList<>();
    List<PodInfo> withAffinity = new ArrayList<>();
    List<PodInfo> withRequiredAnti = new ArrayList<>();
    for (PodInfo p : pods) {
      requested = requested.plus(p.requests());
      nonZero = nonZero.plus(p.nonZeroRequests());
      ports.addAll(p.hostPorts());
      if (p.affinities().any()) {
        withAffinity.add(p);
        if (!p.affinities().requiredAntiAffinity().isEmpty()) {
          withRequiredAnti.add(p);
        }
      }
    }
    return new NodeInfo(node, List.copyOf(pods), Resources.of(allocatable), allowedPods, requested, nonZero, ports, withAffinity,
        withRequiredAnti);
  }

  public String name() {
    return node.getMetadata().getName();
  }

  /** The node's labels, never null. */
  public Map<String, String> labels() {
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  /** The same node without the pods {@code remove} selects, as preemption imagines it. */
  public NodeInfo without(Predicate<PodInfo> remove) {
    return of(node, pods.stream().filter(remove.negate()).toList());
  }
}
