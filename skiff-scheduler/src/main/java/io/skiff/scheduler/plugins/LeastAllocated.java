package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.NodeLocalScore;

/**
 * Favours the node with the most cpu and memory left after placing the pod (Kubernetes' default
 * {@code NodeResourcesFit} scoring strategy): per resource {@code (allocatable - requested) * 100 / allocatable},
 * zero when the node has none or would be over-committed, averaged over cpu and memory with equal weights. Requests
 * are the non-zero ones, so pods without requests still spread.
 */
public final class LeastAllocated implements NodeLocalScore {
  public static final String NAME = "NodeResourcesLeastAllocated";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long score(PodInfo pod, NodeInfo node) {
    long cpu = resourceScore(node.nonZeroRequested().milliCpu() + pod.nonZeroRequests().milliCpu(), node.allocatable().milliCpu());
    long memory = resourceScore(node.nonZeroRequested().memory() + pod.nonZeroRequests().memory(), node.allocatable().memory());
    return (cpu + memory) / 2;
  }

  static long resourceScore(long requested, long allocatable) {
    if (allocatable == 0 || requested > allocatable) {
      return 0;
    }
    return (allocatable - requested) * MAX_NODE_SCORE / allocatable;
  }
}
