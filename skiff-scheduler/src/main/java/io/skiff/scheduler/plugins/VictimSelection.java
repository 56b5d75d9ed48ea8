package io.skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
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
 * first, and each one that keeps the pod fitting is reprieved; the others are the victims. As in Kubernetes, the pods
 * whose eviction would break a PodDisruptionBudget ({@link BudgetSplit}) are reprieved in a first pass, the others in a
 * second; each victim from the first pass counts as one budget violation of the candidate. The victims are returned
 * most important first.
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

  static Outcome select(PodInfo pod, ClusterSnapshot cluster, NodeInfo node, FilterChain filters, Instant now,
                        List<PodDisruptionBudget> budgets) {
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
    BudgetSplit split = BudgetSplit.of(potential, budgets);
    List<PodInfo> victims = new ArrayList<>();
    reprieve(pod, cluster, node, filters, split.violating(), kept, victims);
    int violations = victims.size();
    reprieve(pod, cluster, node, filters, split.nonViolating(), kept, victims);
    if (victims.isEmpty()) {
      return new Outcome.NoRoom(FilterResult.unresolvable("expected at least one victim pod on node \"" + node.name() + "\""));
    }
    victims.sort(Importance.mostImportantFirst(now));
    return new Outcome.Victims(new Candidate(node.name(), victims, violations));
  }

  /** Puts each of {@code pods} back on the node if the pod still fits with it there, else adds it to {@code victims}. */
  private static void reprieve(PodInfo pod, ClusterSnapshot cluster, NodeInfo node, FilterChain filters, List<PodInfo> pods,
                               List<PodInfo> kept, List<PodInfo> victims) {
    for (PodInfo p : pods) {
      kept.add(p);
      if (fits(pod, cluster, NodeInfo.of(node.node(), kept), filters) instanceof FilterResult.Reject) {
        kept.remove(kept.size() - 1);
        victims.add(p);
      }
    }
  }

  private static FilterResult fits(PodInfo pod, ClusterSnapshot cluster, NodeInfo node, FilterChain filters) {
    return filters.prepareWithNominated(pod, cluster.withNode(node)).filter(node);
  }
}
