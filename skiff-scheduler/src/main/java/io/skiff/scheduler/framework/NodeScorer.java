package io.skiff.scheduler.framework;

import java.util.List;

/**
 * A score prepared for one pod in one cycle: scores each feasible node, then normalizes the scores of all of them
 * (Kubernetes' NormalizeScore) so that they end between 0 and {@link ScorePlugin#MAX_NODE_SCORE}.
 */
@FunctionalInterface
public interface NodeScorer {
  /** A scorer that gives every node zero: the plugin has nothing to say about this pod (Kubernetes' Skip). */
  NodeScorer SKIP = node -> 0;

  long score(NodeInfo node);

  /** Rewrites {@code scores} (one per node of {@code nodes}, same order); the default keeps them. */
  default void normalize(List<NodeInfo> nodes, long[] scores) {}
}
