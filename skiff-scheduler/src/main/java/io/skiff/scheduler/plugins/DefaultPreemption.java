package io.skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.skiff.scheduler.framework.Candidate;
import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.DisruptionBudgets;
import io.skiff.scheduler.framework.FilterChain;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.FitError;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.PostFilterPlugin;
import io.skiff.scheduler.framework.PostFilterResult;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Kubernetes' {@code DefaultPreemption} post-filter: it decides which lower-priority pods to evict, and where, so that
 * a pod that fits no node can run; the scheduling cycle then evicts them and nominates the pod to that node.
 *
 * <p>A pod with {@code preemptionPolicy: Never} does not preempt, nor does a pod whose nominated node still has a pod
 * it preempted terminating (it waits for that room). Nodes rejected for a reason eviction cannot change count as
 * "Preemption is not helpful for scheduling"; on the others, starting at a random node, {@link VictimSelection} finds
 * the fewest victims, sparing first the pods a PodDisruptionBudget protects (the budgets are read once per attempt
 * from {@link DisruptionBudgets}; at least 10 % of the nodes and at least 100 are examined, as Kubernetes' default
 * {@code minCandidateNodesPercentage} and {@code minCandidateNodesAbsolute}), and {@link CandidateRanking} picks one
 * node, the fewest budget violations first. Without any candidate the reasons are worded as Kubernetes does ({@code preemption: 0/3 nodes are available:
 * 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.}) and the pod's
 * nomination is dropped.
 */
public final class DefaultPreemption implements PostFilterPlugin {
  public static final String NAME = "DefaultPreemption";
  public static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
  public static final String NO_VICTIMS = "No preemption victims found for incoming pod";
  public static final String NEVER = "not eligible due to preemptionPolicy=Never.";
  public static final String TERMINATING = "not eligible due to a terminating pod on the nominated node.";
  /** The condition a preempted pod gets, and its reason. */
  public static final String DISRUPTION_TARGET = "DisruptionTarget";
  public static final String PREEMPTION_BY_SCHEDULER = "PreemptionByScheduler";
  static final String PREFIX = "preemption: ";
  static final int MIN_CANDIDATE_NODES_PERCENTAGE = 10;
  static final int MIN_CANDIDATE_NODES_ABSOLUTE = 100;

  private final InstantSource clock;
  private final RandomGenerator random;
  private final DisruptionBudgets budgets;

  public DefaultPreemption(InstantSource clock, RandomGenerator random, DisruptionBudgets budgets) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.budgets = Objects.requireNonNull(budgets, "budgets");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PostFilterResult postFilter(PodInfo pod, ClusterSnapshot cluster, Map<String, FilterResult.Reject> rejections, FilterChain filters) {
    Optional<String> notEligible = notEligible(pod, cluster, rejections);
    if (notEligible.isPresent()) {
      return new PostFilterResult.Unresolved(PREFIX + notEligible.get());
    }
    List<NodeInfo> potential = new ArrayList<>();
    for (NodeInfo node : cluster.nodes()) {
      FilterResult.Reject rejection = rejections.get(node.name());
      if (rejection != null && rejection.code() == FilterResult.Code.UNSCHEDULABLE) {
        potential.add(node);
      }
    }
    Instant now = clock.instant();
    List<PodDisruptionBudget> pdbs = List.copyOf(budgets.list());
    Map<String, FilterResult.Reject> statuses = new LinkedHashMap<>();
    List<Candidate> candidates = new ArrayList<>();
    int wanted = candidatesToFind(cluster.nodes().size());
    int offset = potential.isEmpty() ? 0 : random.nextInt(potential.size());
    for (int i = 0; i < potential.size() && candidates.size() < wanted; i++) {
      NodeInfo node = potential.get((offset + i) % potential.size());
      switch (VictimSelection.select(pod, cluster, node, filters, now, pdbs)) {
        case VictimSelection.Outcome.Victims victims -> candidates.add(victims.candidate());
        case VictimSelection.Outcome.NoRoom noRoom -> statuses.put(node.name(), noRoom.reason());
      }
    }
    if (candidates.isEmpty()) {
      FitError error = new FitError(cluster.nodes().size(), statuses, NOT_HELPFUL, "");
      return new PostFilterResult.Unresolved(PREFIX + error.message(), true);
    }
    return new PostFilterResult.VictimsFound(CandidateRanking.pick(candidates, now));
  }

  /** Kubernetes' {@code PodEligibleToPreemptOthers}: why the pod may not preempt now, if it may not. */
  private static Optional<String> notEligible(PodInfo pod, ClusterSnapshot cluster, Map<String, FilterResult.Reject> rejections) {
    if (pod.neverPreempts()) {
      return Optional.of(NEVER);
    }
    String nominated = cluster.nominated().nodeOf(pod.uid()).orElse(pod.nominatedNodeName());
    if (nominated.isEmpty()) {
      return Optional.empty();
    }
    FilterResult.Reject onNominated = rejections.get(nominated);
    if (onNominated != null && onNominated.code() == FilterResult.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
      return Optional.empty();
    }
    Optional<NodeInfo> node = cluster.find(nominated);
    if (node.isPresent()) {
      for (PodInfo p : node.get().pods()) {
        if (p.priority() < pod.priority() && terminatingByPreemption(p)) {
          return Optional.of(TERMINATING);
        }
      }
    }
    return Optional.empty();
  }

  /** Whether the pod is being deleted because the scheduler preempted it (its first DisruptionTarget condition says so). */
  static boolean terminatingByPreemption(PodInfo p) {
    if (!p.terminating() || p.pod().getStatus() == null || p.pod().getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition c : p.pod().getStatus().getConditions()) {
      if (DISRUPTION_TARGET.equals(c.getType())) {
        return "True".equals(c.getStatus()) && PREEMPTION_BY_SCHEDULER.equals(c.getReason());
      }
    }
    return false;
  }

  /** Kubernetes' {@code calculateNumCandidates}: 10 % of the nodes, at least 100, at most all of them. */
  static int candidatesToFind(int nodes) {
    int n = nodes * MIN_CANDIDATE_NODES_PERCENTAGE / 100;
    return Math.min(Math.max(n, MIN_CANDIDATE_NODES_ABSOLUTE), nodes);
  }
}
