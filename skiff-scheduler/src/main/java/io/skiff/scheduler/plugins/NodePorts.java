package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.NodeFilter;
import io.skiff.scheduler.framework.NodeLocalFilter;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.HostPort;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;

/** Rejects nodes where a host port the pod wants is already taken by a pod bound there. */
public final class NodePorts implements NodeLocalFilter {
  public static final String NAME = "NodePorts";
  public static final String REASON = "node(s) didn't have free ports for the requested pod ports";

  @Override
  public String name() {
    return NAME;
  }

  /** A pod without host ports passes every node (Kubernetes' PreFilter skip). */
  @Override
  public NodeFilter prepare(PodInfo pod, ClusterSnapshot cluster) {
    return pod.hostPorts().isEmpty() ? NodeFilter.PASS_ALL : node -> filter(pod, node);
  }

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    for (HostPort wanted : pod.hostPorts()) {
      for (HostPort used : node.usedPorts()) {
        if (wanted.conflictsWith(used)) {
          return FilterResult.unschedulable(REASON);
        }
      }
    }
    return FilterResult.PASS;
  }
}
