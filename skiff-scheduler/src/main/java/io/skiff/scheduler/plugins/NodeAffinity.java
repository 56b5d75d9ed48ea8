package io.skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.skiff.scheduler.framework.FilterPlugin;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;

/** Rejects nodes that do not match the pod's {@code nodeSelector} or its required node affinity. */
public final class NodeAffinity implements FilterPlugin {
  public static final String NAME = "NodeAffinity";
  public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    PodSpec spec = pod.pod().getSpec();
    if (!NodeSelectors.matchesLabels(spec.getNodeSelector(), node.node().getMetadata().getLabels())) {
      return FilterResult.unresolvable(REASON);
    }
    NodeSelector required = required(spec.getAffinity());
    if (required != null && !NodeSelectors.matches(required, node.node())) {
      return FilterResult.unresolvable(REASON);
    }
    return FilterResult.PASS;
  }

  private static NodeSelector required(Affinity affinity) {
    if (affinity == null || affinity.getNodeAffinity() == null) {
      return null;
    }
    return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
  }
}
