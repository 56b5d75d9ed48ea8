package io.skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeFilter;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeLocalFilter;
import io.skiff.scheduler.framework.NodeScorer;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.ScorePlugin;
import io.skiff.scheduler.framework.Scores;
import java.util.List;

/**
 * Kubernetes' NodeAffinity: the filter rejects nodes that do not match the pod's {@code nodeSelector} or its required
 * node affinity; the score adds up the weights of the pod's preferred node affinity terms the node matches, scaled so
 * the best node gets 100.
 */
public final class NodeAffinity implements NodeLocalFilter, ScorePlugin {
  public static final String NAME = "NodeAffinity";
  public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A pod with neither a {@code nodeSelector} nor a required node affinity passes every node (Kubernetes' PreFilter
   * skip).
   */
  @Override
  public NodeFilter prepare(PodInfo pod, ClusterSnapshot cluster) {
    PodSpec spec = pod.pod().getSpec();
    boolean selects = spec.getNodeSelector() != null && !spec.getNodeSelector().isEmpty();
    return !selects && required(spec.getAffinity()) == null ? NodeFilter.PASS_ALL : node -> filter(pod, node);
  }

  @Override
  public FilterResult filter(PodInfo pod, NodeInfo node) {
    return matchesRequired(pod.pod(), node.node()) ? FilterResult.PASS : FilterResult.unresolvable(REASON);
  }

  /** True when the node matches the pod's {@code nodeSelector} and required node affinity (Kubernetes' {@code RequiredNodeAffinity}). */
  public static boolean matchesRequired(Pod pod, Node node) {
    PodSpec spec = pod.getSpec();
    if (!NodeSelectors.matchesLabels(spec.getNodeSelector(), node.getMetadata().getLabels())) {
      return false;
    }
    NodeSelector required = required(spec.getAffinity());
    return required == null || NodeSelectors.matches(required, node);
  }

  @Override
  public NodeScorer prepare(PodInfo pod, ClusterSnapshot cluster, List<NodeInfo> feasible) {
    Affinity affinity = pod.pod().getSpec().getAffinity();
    List<PreferredSchedulingTerm> preferred = affinity == null || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution() == null
        ? List.of() : affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    List<PreferredSchedulingTerm> weighted = preferred.stream()
        .filter(t -> t.getWeight() != null && t.getWeight() != 0 && t.getPreference() != null).toList();
    if (weighted.isEmpty()) {
      return NodeScorer.SKIP;
    }
    return new NodeScorer() {
      @Override
      public long score(NodeInfo node) {
        long sum = 0;
        for (PreferredSchedulingTerm t : weighted) {
          if (NodeSelectors.matches(t.getPreference(), node.node())) {
            sum += t.getWeight();
          }
        }
        return sum;
      }

      @Override
      public void normalize(List<NodeInfo> nodes, long[] scores) {
        Scores.normalize(scores, false);
      }
    };
  }

  private static NodeSelector required(Affinity affinity) {
    if (affinity == null || affinity.getNodeAffinity() == null) {
      return null;
    }
    return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
  }
}
