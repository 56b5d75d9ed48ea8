package io.skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.skiff.scheduler.framework.NodeLocalFilter;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;

/**
 * Rejects a node whose {@code Ready} condition is not {@code True}, unless the pod tolerates the taint Kubernetes'
 * node lifecycle controller would put on it: {@code node.kubernetes.io/not-ready:NoSchedule} when Ready is False or
 * missing, {@code node.kubernetes.io/unreachable:NoSchedule} when it is Unknown. skiff's controller (skiff-controllers)
 * puts those taints on within its monitor period; until it has (a node that just registered or changed, or a control
 * plane running without it) this plugin stands in for it, and its reason is the taint reason Kubernetes would give
 * ({@code node(s) had untolerated taint {node.kubernetes.io/not-ready: }}). When the node already carries that taint,
 * {@link TaintToleration}, which runs first, has judged it, and this plugin passes.
 */
public final class NodeReady implements NodeLocalFilter {
  public static final String NAME = "NodeReady";
  public static final String NOT_READY = "node.kubernetes.io/not-ready";
  public static final String UNREACHABLE = "node.kubernetes.io/unreachable";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    String ready = readyStatus(node);
    if (ready.equals("True")) {
      return FilterResult.PASS;
    }
    String key = ready.equals("Unknown") ? UNREACHABLE : NOT_READY;
    Taint implied = new TaintBuilder().withKey(key).withEffect(Tolerations.NO_SCHEDULE).build();
    for (Taint t : node.taints()) {
      if (key.equals(t.getKey())) {
        return FilterResult.PASS;
      }
    }
    if (Tolerations.anyTolerates(pod.pod().getSpec().getTolerations(), implied)) {
      return FilterResult.PASS;
    }
    return FilterResult.unresolvable(Tolerations.untoleratedReason(key, ""));
  }

  /** The status of the node's Ready condition; {@code False} when it has none yet. */
  static String readyStatus(NodeInfo node) {
    return node.readyStatus();
  }
}
