package io.skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Taint;
import io.skiff.scheduler.framework.FilterPlugin;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;
import java.util.Optional;

/** Rejects a node with a NoSchedule or NoExecute taint the pod does not tolerate, naming the first such taint. */
public final class TaintToleration implements FilterPlugin {
  public static final String NAME = "TaintToleration";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    if (node.node().getSpec() == null) {
      return FilterResult.PASS;
    }
    Optional<Taint> untolerated = Tolerations.firstUntolerated(node.node().getSpec().getTaints(), pod.pod().getSpec().getTolerations());
    return untolerated.<FilterResult>map(t -> FilterResult.unresolvable(Tolerations.untoleratedReason(t.getKey(), t.getValue())))
        .orElse(FilterResult.PASS);
  }
}
