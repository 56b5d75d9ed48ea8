package io.skiff.scheduler.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster as one scheduling cycle sees it (Kubernetes' scheduler snapshot): every node with its pods, in a fixed
 * order, the nodes that hold pods with inter-pod affinity, and the labels of each namespace (for namespace
 * selectors). Immutable; the cache builds a new one when something changed.
 */
public final class ClusterSnapshot {
  public static final ClusterSnapshot EMPTY = new ClusterSnapshot(List.of(), Map.of());

  private final List<NodeInfo> nodes;
  private final Map<String, Map<String, String>> namespaceLabels;
  private volatile Index index;

  /** What is derived from the nodes, computed on first use (most cycles need none of it). */
  private record Index(Map<String, NodeInfo> byName, List<NodeInfo> withAffinity, List<NodeInfo> withRequiredAntiAffinity) {}

  public ClusterSnapshot(List<NodeInfo> nodes, Map<String, Map<String, String>> namespaceLabels) {
    this.nodes = List.copyOf(nodes);
    this.namespaceLabels = Map.copyOf(namespaceLabels);
  }

  private Index index() {
    Index i = index;
    if (i == null) {
      Map<String, NodeInfo> byName = new HashMap<>(nodes.size() * 2);
      List<NodeInfo> affinity = new ArrayList<>();
      List<NodeInfo> antiAffinity = new ArrayList<>();
      for (NodeInfo n : nodes) {
        byName.put(n.name(), n);
        if (!n.podsWithAffinity().isEmpty()) {
          affinity.add(n);
        }
        if (!n.podsWithRequiredAntiAffinity().isEmpty()) {
          antiAffinity.add(n);
        }
      }
      i = new Index(byName, List.copyOf(affinity), List.copyOf(antiAffinity));
      index = i;
    }
    return i;
  }

  /** A snapshot of these nodes with no namespace labels. */
  public static ClusterSnapshot of(List<NodeInfo> nodes) {
    return new ClusterSnapshot(nodes, Map.of());
  }

  /** Every node, in the cache's order (by name). */
  public List<NodeInfo> nodes() {
    return nodes;
  }

  public Optional<NodeInfo> find(String nodeName) {
    return Optional.ofNullable(index().byName().get(nodeName));
  }

  /** The nodes holding at least one pod with an inter-pod affinity or anti-affinity term. */
  public List<NodeInfo> nodesWithAffinity() {
    return index().withAffinity();
  }

  /** The nodes holding at least one pod with a required anti-affinity term. */
  public List<NodeInfo> nodesWithRequiredAntiAffinity() {
    return index().withRequiredAntiAffinity();
  }

  /** The labels of a namespace; empty when it is unknown. */
  public Map<String, String> namespaceLabels(String namespace) {
    return namespaceLabels.getOrDefault(namespace, Map.of());
  }

  /** The same cluster with one node replaced, as preemption imagines it after removing victims. */
  public ClusterSnapshot withNode(NodeInfo replacement) {
    List<NodeInfo> replaced = new ArrayList<>(nodes.size());
    for (NodeInfo n : nodes) {
      replaced.add(n.name().equals(replacement.name()) ? replacement : n);
    }
    return new ClusterSnapshot(replaced, namespaceLabels);
  }
}
