package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A node as one scheduling cycle sees it: the Node object, the pods bound to it that have not finished, and what the
 * filters and scores read for every node, computed once per node version so that a cycle over thousands of nodes
 * does not walk each Node object again: allocatable, requested, non-zero requested, the host ports in use, the pods
 * with inter-pod affinity (all of them, and those with required anti-affinity), whether it is cordoned, the status of
 * its Ready condition ({@code False} when it has none yet) and its taints. Immutable.
 */
public record NodeInfo(Node node, List<PodInfo> pods, Resources allocatable, long allowedPods, Resources requested,
                       Resources nonZeroRequested, List<HostPort> usedPorts, List<PodInfo> podsWithAffinity,
                       List<PodInfo> podsWithRequiredAntiAffinity, boolean unschedulable, String readyStatus, List<Taint> taints) {
  public NodeInfo {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(node.getMetadata(), "node.metadata");
    pods = List.copyOf(pods);
    usedPorts = List.copyOf(usedPorts);
    podsWithAffinity = List.copyOf(podsWithAffinity);
    podsWithRequiredAntiAffinity = List.copyOf(podsWithRequiredAntiAffinity);
    Objects.requireNonNull(readyStatus, "readyStatus");
    taints = List.copyOf(taints);
  }

  /** The view of {@code node} carrying {@code pods}. */
  public static NodeInfo of(Node node, Collection<PodInfo> pods) {
    Map<String, Quantity> allocatable = node.getStatus() == null ? null : node.getStatus().getAllocatable();
    long allowedPods = allocatable == null || allocatable.get(Resources.PODS) == null ? 0 : Resources.value(allocatable.get(Resources.PODS));
    boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    return new NodeInfo(node, List.of(), Resources.of(allocatable), allowedPods, Resources.NONE, Resources.NONE, List.of(), List.of(),
        List.of(), unschedulable, readyStatus(node), taints).withPods(pods);
  }

  /**
   * The same Node object carrying {@code pods}: what comes from the node (allocatable, taints, Ready, cordon) is kept,
   * only what comes from the pods is summed again (the cache rebuilds a node's view on every binding to it).
   */
  public NodeInfo withPods(Collection<PodInfo> pods) {
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
    return new NodeInfo(node, List.copyOf(pods), allocatable, allowedPods, requested, nonZero, ports, withAffinity, withRequiredAnti,
        unschedulable, readyStatus, taints);
  }

  /** The status of the node's Ready condition; {@code False} when it has none yet, {@code Unknown} when it has no status. */
  static String readyStatus(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return "False";
    }
    for (NodeCondition c : node.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return c.getStatus() == null ? "Unknown" : canonical(c.getStatus());
      }
    }
    return "False";
  }

  /** The condition status as the constant string, so that the filters' comparisons with it end at the identity check. */
  private static String canonical(String status) {
    return switch (status) {
      case "True" -> "True";
      case "False" -> "False";
      case "Unknown" -> "Unknown";
      default -> status;
    };
  }

  public String name() {
    return node.getMetadata().getName();
  }

  /** The node's labels, never null. */
  public Map<String, String> labels() {
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  /** The same node with {@code extra} pods added, as the nominated pods are imagined on it. */
  public NodeInfo with(List<PodInfo> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    List<PodInfo> all = new ArrayList<>(pods);
    all.addAll(extra);
    return of(node, all);
  }

  /** The same node without the pods {@code remove} selects, as preemption imagines it. */
  public NodeInfo without(Predicate<PodInfo> remove) {
    return of(node, pods.stream().filter(remove.negate()).toList());
  }
}
