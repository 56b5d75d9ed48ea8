package io.skiff.scheduler.framework;

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
  private final List<NodeInfo> withAffinity;
  private final List<NodeInfo> withRequiredAntiAffinity;
  private final NominatedPods nominated;
  private volatile Map<String, NodeInfo> byName;

  public ClusterSnapshot(List<NodeInfo> nodes, Map<String, Map<String, String>> namespaceLabels) {
    this(nodes, namespaceLabels, nodes.stream().filter(n -> !n.podsWithAffinity().isEmpty()).toList(),
        nodes.stream().filter(n -> !n.podsWithRequiredAntiAffinity().isEmpty()).toList());
  }

  /**
   * A snapshot whose affinity lists the caller keeps up to date (the cache does, so that a cycle does not scan every
   * node for them); they must be the nodes of {@code nodes} with pods with affinity, and with required anti-affinity.
   */
  public ClusterSnapshot(List<NodeInfo> nodes, Map<String, Map<String, String>> namespaceLabels, List<NodeInfo> withAffinity,
                         List<NodeInfo> withRequiredAntiAffinity) {
    this(nodes, namespaceLabels, withAffinity, withRequiredAntiAffinity, NominatedPods.EMPTY);
  }

  private ClusterSnapshot(List<NodeInfo> nodes, Map<String, Map<String, String>> namespaceLabels, List<NodeInfo> withAffinity,
                          List<NodeInfo> withRequiredAntiAffinity, NominatedPods nominated) {
    this.nodes = List.copyOf(nodes);
    this.namespaceLabels = Map.copyOf(namespaceLabels);
    this.withAffinity = List.copyOf(withAffinity);
    this.withRequiredAntiAffinity = List.copyOf(withRequiredAntiAffinity);
    this.nominated = nominated;
  }

  /** The same cluster with these pods nominated to nodes (the scheduling queue's nominations at the start of a cycle). */
  public ClusterSnapshot withNominated(NominatedPods pods) {
    if (pods == nominated) {
      return this;
    }
    return new ClusterSnapshot(nodes, namespaceLabels, withAffinity, withRequiredAntiAffinity, pods);
  }

  /** The pods nominated to nodes, whose room is reserved against pods of lower priority. */
  public NominatedPods nominated() {
    return nominated;
  }

  /** The nodes by name, built on first use (only preemption and tests look nodes up by name). */
  private Map<String, NodeInfo> byName() {
    Map<String, NodeInfo> m = byName;
    if (m == null) {
      m = new HashMap<>(nodes.size() * 2);
      for (NodeInfo n : nodes) {
        m.put(n.name(), n);
      }
      byName = m;
    }
    return m;
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
    return Optional.ofNullable(byName().get(nodeName));
  }

  /** The nodes holding at least one pod with an inter-pod affinity or anti-affinity term. */
  public List<NodeInfo> nodesWithAffinity() {
    return withAffinity;
  }

  /** The nodes holding at least one pod with a required anti-affinity term. */
  public List<NodeInfo> nodesWithRequiredAntiAffinity() {
    return withRequiredAntiAffinity;
  }

  /** The labels of a namespace; empty when it is unknown. */
  public Map<String, String> namespaceLabels(String namespace) {
    return namespaceLabels.getOrDefault(namespace, Map.of());
  }

  /** The same cluster with one node replaced, as preemption imagines it after removing victims. */
  public ClusterSnapshot withNode(NodeInfo replacement) {
    List<NodeInfo> replaced = new java.util.ArrayList<>(nodes.size());
    for (NodeInfo n : nodes) {
      replaced.add(n.name().equals(replacement.name()) ? replacement : n);
    }
    return new ClusterSnapshot(replaced, namespaceLabels).withNominated(nominated);
  }
}
