package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.DisruptionBudgets;
import io.skiff.scheduler.framework.FilterChain;
import io.skiff.scheduler.framework.Profile;
import io.skiff.scheduler.framework.WeightedScore;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The default profile, as Kubernetes' default plugin set: filters in Kubernetes' order (NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit, PodTopologySpread, InterPodAffinity) with skiff's
 * NodeReady right after TaintToleration; scores with Kubernetes' default weights (TaintToleration 3, NodeAffinity 2,
 * PodTopologySpread 2, InterPodAffinity 2, NodeResourcesFit's LeastAllocated 1, BalancedAllocation 1); Kubernetes'
 * DefaultPreemption as post-filter. The volume plugins and ImageLocality are not built. New plugins are registered here.
 */
public final class DefaultPlugins {
  private DefaultPlugins() {}

  /** The default profile for a cluster without PodDisruptionBudgets. */
  public static Profile profile() {
    return profile(DisruptionBudgets.NONE);
  }

  /** The default profile; preemption reads PodDisruptionBudgets from {@code budgets}. */
  public static Profile profile(DisruptionBudgets budgets) {
    TaintToleration taints = new TaintToleration();
    NodeAffinity nodeAffinity = new NodeAffinity();
    PodTopologySpread spread = new PodTopologySpread();
    InterPodAffinity podAffinity = new InterPodAffinity();
    return new Profile(
        new FilterChain(List.of(new NodeUnschedulable(), new NodeName(), taints, new NodeReady(), nodeAffinity, new NodePorts(),
            new NodeResourcesFit(), spread, podAffinity)),
        List.of(new WeightedScore(taints, 3), new WeightedScore(nodeAffinity, 2), new WeightedScore(spread, 2),
            new WeightedScore(podAffinity, 2), new WeightedScore(new LeastAllocated(), 1), new WeightedScore(new BalancedAllocation(), 1)),
        List.of(new DefaultPreemption(InstantSource.system(), new SplittableRandom(), budgets)));
  }
}
