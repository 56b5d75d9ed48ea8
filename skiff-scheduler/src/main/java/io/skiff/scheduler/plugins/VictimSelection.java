package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.Candidate;
import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.FilterChain;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes' {@code SelectVictimsOnNode}: the smallest set of lower-priority pods whose eviction lets the pod fit on
 * one node. Every pod of lower priority is removed; if the pod still does not fit (nominated pods of equal or higher
 * priority counted), the node cannot help. Otherwise the removed pods are put back one at a time, the most important
 * first, and each one that keeps the pod fitting is reprieved; the others are the victims. Kubernetes reprieves the
 * pods a PodDisruptionBudget protects before the others; skiff has no PodDisruptionBudgets, so there is one pass.
 */
final class VictimSelection {

  /** What one node offers. */
  sealed interface Outcome {
    /** Evicting the candidate's victims makes room. */
    record Victims(Candidate candidate) implements Outcome {}

    /** Preemption on this node does not help, for {@code reason}. */
    record NoRoom(FilterResult.Reject reason) implements Outcome {}
  }

  private VictimSelection() {}

  static Outcome select(PodInfo pod, ClusterSnapshot cluster, NodeInfo node, FilterChain filters, Instant now) {
    List<PodInfo> potential = new ArrayList<>();
    List<PodInfo> kept = new ArrayList<>();
    for (PodInfo p : node.pods()) {
      (p.priority() < pod.priority() ? potential : kept).add(p);
    }
    if (potential.isEmpty()) {
      return new Outcome.NoRoom(FilterResult.unresolvable(DefaultPreemption.NO_VICTIMS));
    }
    if (fits(pod, cluster, NodeInfo.of(node.node(), kept), filters) instanceof FilterResult.Reject reject) {
      return new Outcome.NoRoom(reject);
    }
    potential.sort(Importance.mostImportantFirst(now));
    List<PodInfo> victims = new ArrayList<>();
    for (PodInfo p : potential) {
      kept.add(p);
      if (fits(pod, cluster, NodeInfo.of(node.node(), kept), filters) instanceof FilterResult.Reject) {
        kept.remove(kept.size() - 1);
        victims.add(p);
      }
    }
    if (victims.isEmpty()) {
      return new Outcome.NoRoom(FilterResult.unresolvable("expected at least one victim pod on node \"" + node.name() + "\""));
    }
    return new Outcome.Victims(new Candidate(node.name(), victims, 0));
  }

  private static FilterResult fits(PodInfo pod, ClusterSnapshot cluster, NodeInfo node, FilterChain filters) {
    return filters.prepareWithNominated(pod, cluster.withNode(node)).filter(node);
  }
}
