package io.skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeLocalFilter;
import io.skiff.scheduler.framework.NodeScorer;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.ScorePlugin;
import io.skiff.scheduler.framework.Scores;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes' TaintToleration: the filter rejects a node with a NoSchedule or NoExecute taint the pod does not
 * tolerate, naming the first such taint; the score counts the node's PreferNoSchedule taints the pod does not
 * tolerate (with a toleration of effect PreferNoSchedule or of any effect), fewer being better.
 */
public final class TaintToleration implements NodeLocalFilter, ScorePlugin {
  public static final String NAME = "TaintToleration";
  static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    if (node.taints().isEmpty()) {
      return FilterResult.PASS;
    }
    Optional<Taint> untolerated = Tolerations.firstUntolerated(node.taints(), pod.pod().getSpec().getTolerations());
    return untolerated.<FilterResult>map(t -> FilterResult.unresolvable(Tolerations.untoleratedReason(t.getKey(), t.getValue())))
        .orElse(FilterResult.PASS);
  }

  @Override
  public NodeScorer prepare(PodInfo pod, ClusterSnapshot cluster, List<NodeInfo> feasible) {
    List<Toleration> all = pod.pod().getSpec().getTolerations() == null ? List.of() : pod.pod().getSpec().getTolerations();
    List<Toleration> preferring = all.stream()
        .filter(t -> t.getEffect() == null || t.getEffect().isEmpty() || PREFER_NO_SCHEDULE.equals(t.getEffect())).toList();
    return new NodeScorer() {
      @Override
      public long score(NodeInfo node) {
        long count = 0;
        for (Taint t : node.taints()) {
          if (PREFER_NO_SCHEDULE.equals(t.getEffect()) && !Tolerations.anyTolerates(preferring, t)) {
            count++;
          }
        }
        return count;
      }

      @Override
      public void normalize(List<NodeInfo> nodes, long[] scores) {
        Scores.normalize(scores, true);
      }
    };
  }
}
