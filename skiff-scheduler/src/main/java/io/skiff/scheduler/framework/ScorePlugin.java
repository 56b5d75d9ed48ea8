package io.skiff.scheduler.framework;

import java.util.List;

/**
 * Ranks the nodes that passed every filter, in two steps as Kubernetes' PreScore and Score: {@link #prepare} looks at
 * the cluster and the feasible nodes once per pod and returns the scorer for single nodes. Contract: pure; final
 * scores run from 0 to {@link #MAX_NODE_SCORE}.
 */
public interface ScorePlugin extends Plugin {
  /** The highest score a plugin returns, as Kubernetes' {@code MaxNodeScore}. */
  long MAX_NODE_SCORE = 100;

  NodeScorer prepare(PodInfo pod, ClusterSnapshot cluster, List<NodeInfo> feasible);
}
