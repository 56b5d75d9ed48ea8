package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeScorer;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.ScorePlugin;
import java.util.List;

/**
 * Kubernetes' NodeResourcesBalancedAllocation: favours the node whose cpu and memory would be used in the most equal
 * fractions after placing the pod. Per resource the fraction is (requested on the node + the pod's request) /
 * allocatable, capped at 1 and left out when the node has none of it; the score is {@code (1 - |f_cpu - f_mem| / 2) *
 * 100}, truncated. Actual requests count here (not the defaults for containers without requests), and a pod
 * requesting neither cpu nor memory is not scored at all, so that best-effort pods do not pile onto one node.
 */
public final class BalancedAllocation implements ScorePlugin {
  public static final String NAME = "NodeResourcesBalancedAllocation";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NodeScorer prepare(PodInfo pod, ClusterSnapshot cluster, List<NodeInfo> feasible) {
    long cpu = pod.requests().milliCpu();
    long memory = pod.requests().memory();
    if (cpu == 0 && memory == 0) {
      return NodeScorer.SKIP;
    }
    return node -> score(node.requested().milliCpu() + cpu, node.allocatable().milliCpu(),
        node.requested().memory() + memory, node.allocatable().memory());
  }

  static long score(long cpuRequested, long cpuAllocatable, long memoryRequested, long memoryAllocatable) {
    double[] fractions = new double[2];
    int n = 0;
    if (cpuAllocatable != 0) {
      fractions[n++] = Math.min(1.0, (double) cpuRequested / cpuAllocatable);
    }
    if (memoryAllocatable != 0) {
      fractions[n++] = Math.min(1.0, (double) memoryRequested / memoryAllocatable);
    }
    double std = n == 2 ? Math.abs((fractions[0] - fractions[1]) / 2) : 0;
    return (long) ((1 - std) * MAX_NODE_SCORE);
  }
}
