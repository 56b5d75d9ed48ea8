package io.skiff.scheduler.framework;

/** Ranks a node that passed every filter. Contract: pure; returns a value from 0 to {@link #MAX_NODE_SCORE}. */
public interface ScorePlugin extends Plugin {
  /** The highest score a plugin returns, as Kubernetes' {@code MaxNodeScore}. */
  long MAX_NODE_SCORE = 100;

  long score(PodInfo pod, NodeInfo node);
}
