package io.skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.skiff.scheduler.framework.NodeLocalFilter;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;

/** Rejects cordoned nodes ({@code spec.unschedulable}) unless the pod tolerates the unschedulable taint. */
public final class NodeUnschedulable implements NodeLocalFilter {
  public static final String NAME = "NodeUnschedulable";
  public static final String REASON = "node(s) were unschedulable";
  static final Taint UNSCHEDULABLE_TAINT =
      new TaintBuilder().withKey("node.kubernetes.io/unschedulable").withEffect(Tolerations.NO_SCHEDULE).build();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    if (!node.unschedulable() || Tolerations.anyTolerates(pod.pod().getSpec().getTolerations(), UNSCHEDULABLE_TAINT)) {
      return FilterResult.PASS;
    }
    return FilterResult.unresolvable(REASON);
  }
}
