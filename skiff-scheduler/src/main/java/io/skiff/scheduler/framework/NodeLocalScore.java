package io.skiff.scheduler.framework;

import java.util.List;

/** A score that needs nothing but the pod and the node it scores, and no normalization. */
public interface NodeLocalScore extends ScorePlugin {
  long score(PodInfo pod, NodeInfo node);

  @Override
  default NodeScorer prepare(PodInfo pod, ClusterSnapshot cluster, List<NodeInfo> feasible) {
    return node -> score(pod, node);
  }
}
