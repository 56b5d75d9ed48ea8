package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.FilterChain;
import io.skiff.scheduler.framework.Profile;
import io.skiff.scheduler.framework.WeightedScore;
import java.util.List;

/**
 * The default profile, in Kubernetes' filter order (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity,
 * NodePorts, NodeResourcesFit) with skiff's NodeReady right after TaintToleration, the LeastAllocated score, and the
 * preemption diagnosis as post-filter. New plugins are registered here.
 */
public final class DefaultPlugins {
  private DefaultPlugins() {}

  public static Profile profile() {
    return new Profile(
        new FilterChain(List.of(new NodeUnschedulable(), new NodeName(), new TaintToleration(), new NodeReady(),
            new NodeAffinity(), new NodePorts(), new NodeResourcesFit())),
        List.of(new WeightedScore(new LeastAllocated(), 1)),
        List.of(new DefaultPreemption()));
  }
}
