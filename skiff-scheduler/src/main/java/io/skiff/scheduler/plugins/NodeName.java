package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.NodeFilter;
import io.skiff.scheduler.framework.NodeLocalFilter;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;

/** Rejects every node but the one named in {@code spec.nodeName}, when the pod names one. */
public final class NodeName implements NodeLocalFilter {
  public static final String NAME = "NodeName";
  public static final String REASON = "node(s) didn't match the requested node name";

  @Override
  public String name() {
    return NAME;
  }

  /** A pod that names no node passes every node (nothing to check per node, as Kubernetes' PreFilter skip). */
  @Override
  public NodeFilter prepare(PodInfo pod, ClusterSnapshot cluster) {
    String wanted = pod.pod().getSpec().getNodeName();
    return wanted == null || wanted.isEmpty() ? NodeFilter.PASS_ALL : node -> filter(pod, node);
  }

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    String wanted = pod.pod().getSpec().getNodeName();
    if (wanted == null || wanted.isEmpty() || wanted.equals(node.name())) {
      return FilterResult.PASS;
    }
    return FilterResult.unresolvable(REASON);
  }
}
