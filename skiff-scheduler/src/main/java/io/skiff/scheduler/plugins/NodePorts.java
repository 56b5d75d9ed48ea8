package io.skiff.scheduler.plugins;

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
