package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.NodeLocalFilter;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rejects nodes without room for the pod: one more pod than {@code allocatable.pods} ({@code Too many pods}), or a
 * requested resource above allocatable minus what the pods bound there already request ({@code Insufficient cpu},
 * {@code Insufficient memory}, {@code Insufficient ephemeral-storage}, {@code Insufficient <name>}). Every shortfall
 * is a reason; preemption could resolve them.
 */
public final class NodeResourcesFit implements NodeLocalFilter {
  public static final String NAME = "NodeResourcesFit";
  public static final String TOO_MANY_PODS = "Too many pods";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    if (fits(pod.requests(), node)) {
      return FilterResult.PASS;
    }
    return new FilterResult.Reject(FilterResult.Code.UNSCHEDULABLE, insufficient(pod.requests(), node));
  }

  /** True when {@link #insufficient} finds nothing; checked first without building the reasons (most nodes fit). */
  private static boolean fits(Resources request, NodeInfo node) {
    if (node.pods().size() + 1 > node.allowedPods()) {
      return false;
    }
    if (request.scalars().isEmpty()) {
      Resources free = node.allocatable();
      Resources used = node.requested();
      return fitsOne(request.milliCpu(), free.milliCpu(), used.milliCpu()) && fitsOne(request.memory(), free.memory(), used.memory())
          && fitsOne(request.ephemeralStorage(), free.ephemeralStorage(), used.ephemeralStorage());
    }
    return insufficient(request, node).isEmpty();
  }

  private static boolean fitsOne(long wanted, long allocatable, long requested) {
    return wanted <= 0 || wanted <= allocatable - requested;
  }

  /** The reasons the node lacks room for {@code request}, in Kubernetes' order; empty when it fits. */
  static List<String> insufficient(Resources request, NodeInfo node) {
    List<String> reasons = new ArrayList<>();
    if (node.pods().size() + 1 > node.allowedPods()) {
      reasons.add(TOO_MANY_PODS);
    }
    if (request.isZero()) {
      return reasons;
    }
    Resources free = node.allocatable();
    Resources used = node.requested();
    check(reasons, Resources.CPU, request.milliCpu(), free.milliCpu(), used.milliCpu());
    check(reasons, Resources.MEMORY, request.memory(), free.memory(), used.memory());
    check(reasons, Resources.EPHEMERAL_STORAGE, request.ephemeralStorage(), free.ephemeralStorage(), used.ephemeralStorage());
    for (Map.Entry<String, Long> e : request.scalars().entrySet()) {
      check(reasons, e.getKey(), e.getValue(), free.get(e.getKey()), used.get(e.getKey()));
    }
    return reasons;
  }

  private static void check(List<String> reasons, String name, long wanted, long allocatable, long requested) {
    if (wanted > 0 && wanted > allocatable - requested) {
      reasons.add("Insufficient " + name);
    }
  }
}
