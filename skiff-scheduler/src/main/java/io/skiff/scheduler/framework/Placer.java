package io.skiff.scheduler.framework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks a node for one pod with a {@link Profile}, as Kubernetes' {@code schedulePod} does: the filters are prepared
 * for the pod over the whole snapshot, then nodes are checked in turn, starting where the previous pod stopped, until
 * {@link #feasibleNodesToFind enough} fit (all of them in clusters under 100 nodes; Kubernetes' adaptive
 * percentageOfNodesToScore above). A node the pod is nominated to is tried first, and nominated pods of equal or higher
 * priority keep their room ({@link FilterChain#prepareWithNominated}). With no fitting node the post-filters run and
 * the result is a {@link FitError} with what preemption decided;
 * with one it is chosen; with several each score plugin scores and normalizes them, the weighted sum decides, and ties
 * are broken at random. Not thread-safe (the start index, the random generator); the scheduler runs one cycle at a time.
 */
public final class Placer {
  private static final Logger LOG = LoggerFactory.getLogger(Placer.class);
  /** Kubernetes' {@code minFeasibleNodesToFind}. */
  static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
  /** Kubernetes' {@code minFeasibleNodesPercentageToFind}. */
  static final int MIN_FEASIBLE_NODES_PERCENTAGE = 5;

  private final Profile profile;
  private final RandomGenerator random;
  private final int percentageOfNodesToScore;
  private int nextStartNodeIndex;

  /** A placer with Kubernetes' adaptive {@code percentageOfNodesToScore}. */
  public Placer(Profile profile, RandomGenerator random) {
    this(profile, random, 0);
  }

  /**
   * A placer that stops searching once {@code percentageOfNodesToScore} percent of the nodes (at least 100) were found
   * feasible; 0 is Kubernetes' adaptive default, 100 checks every node.
   */
  public Placer(Profile profile, RandomGenerator random, int percentageOfNodesToScore) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.random = Objects.requireNonNull(random, "random");
    if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
      throw new IllegalArgumentException("percentageOfNodesToScore must be between 0 and 100: " + percentageOfNodesToScore);
    }
    this.percentageOfNodesToScore = percentageOfNodesToScore;
  }

  /** A placement over a snapshot of exactly these nodes (no namespace labels). */
  public Placement place(PodInfo pod, List<NodeInfo> nodes) {
    return place(pod, ClusterSnapshot.of(nodes));
  }

  public Placement place(PodInfo pod, ClusterSnapshot cluster) {
    List<NodeInfo> nodes = cluster.nodes();
    if (nodes.isEmpty()) {
      return new Placement.Unschedulable(FitError.of(0, Map.of()));
    }
    NodeFilter filter = profile.filters().prepareWithNominated(pod, cluster);
    Optional<NodeInfo> nominated = nominatedNode(pod, cluster);
    if (nominated.isPresent() && filter.filter(nominated.get()) instanceof FilterResult.Pass) {
      return new Placement.Assigned(nominated.get().name(), 1);
    }
    int all = nodes.size();
    int wanted = feasibleNodesToFind(all, percentageOfNodesToScore);
    List<NodeInfo> feasible = new ArrayList<>(Math.min(wanted, all));
    Map<String, FilterResult.Reject> rejections = new LinkedHashMap<>();
    int processed = 0;
    for (; processed < all && feasible.size() < wanted; processed++) {
      NodeInfo node = nodes.get((nextStartNodeIndex + processed) % all);
      switch (filter.filter(node)) {
        case FilterResult.Pass pass -> feasible.add(node);
        case FilterResult.Reject reject -> rejections.put(node.name(), reject);
      }
    }
    nextStartNodeIndex = (nextStartNodeIndex + processed) % all;
    if (feasible.isEmpty()) {
      return postFilter(pod, cluster, rejections);
    }
    if (feasible.size() == 1) {
      return new Placement.Assigned(feasible.get(0).name(), 1);
    }
    return new Placement.Assigned(best(pod, cluster, feasible), feasible.size());
  }

  /**
   * The node preemption nominated the pod to, tried first as Kubernetes' {@code evaluateNominatedNode} does: the
   * queue's nomination, else the pod's {@code status.nominatedNodeName}.
   */
  private static Optional<NodeInfo> nominatedNode(PodInfo pod, ClusterSnapshot cluster) {
    String name = cluster.nominated().nodeOf(pod.uid()).orElse(pod.nominatedNodeName());
    return name.isEmpty() ? Optional.empty() : cluster.find(name);
  }

  /** Kubernetes' {@code numFeasibleNodesToFind} with the default adaptive percentage ({@code 50 - nodes/125}, at least 5 %). */
  static int feasibleNodesToFind(int allNodes) {
    return feasibleNodesToFind(allNodes, 0);
  }

  /**
   * Kubernetes' {@code numFeasibleNodesToFind}: every node in clusters under 100 nodes; else {@code percentage} percent
   * of them (0: the adaptive {@code 50 - nodes/125}, at least 5 %), and at least 100.
   */
  static int feasibleNodesToFind(int allNodes, int percentageOfNodesToScore) {
    if (allNodes < MIN_FEASIBLE_NODES_TO_FIND) {
      return allNodes;
    }
    int percentage = percentageOfNodesToScore > 0 ? percentageOfNodesToScore
        : Math.max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - allNodes / 125);
    int nodes = (int) ((long) allNodes * percentage / 100);
    return Math.max(nodes, MIN_FEASIBLE_NODES_TO_FIND);
  }

  private Placement postFilter(PodInfo pod, ClusterSnapshot cluster, Map<String, FilterResult.Reject> rejections) {
    int all = cluster.nodes().size();
    FitError error = FitError.of(all, rejections);
    Nomination nomination = Nomination.KEEP;
    for (PostFilterPlugin plugin : profile.postFilters()) {
      switch (plugin.postFilter(pod, cluster, rejections, profile.filters())) {
        case PostFilterResult.Unresolved unresolved -> {
          error = error.withPostFilterMessage(unresolved.message());
          if (unresolved.clearsNomination()) {
            nomination = Nomination.CLEAR;
          }
        }
        case PostFilterResult.VictimsFound found -> {
          LOG.info("pod {} fits on node {} once {} lower-priority pod(s) are preempted", pod.key(), found.candidate().nodeName(),
              found.candidate().victims().size());
          return new Placement.Unschedulable(FitError.of(all, rejections), new Nomination.Preempt(found.candidate()));
        }
      }
    }
    return new Placement.Unschedulable(error, nomination);
  }

  /** The highest-scoring node; among equals each is equally likely (reservoir sampling, as Kubernetes' {@code selectHost}). */
  private String best(PodInfo pod, ClusterSnapshot cluster, List<NodeInfo> feasible) {
    long[] total = new long[feasible.size()];
    long[] scores = new long[feasible.size()];
    for (WeightedScore ws : profile.scores()) {
      NodeScorer scorer = ws.plugin().prepare(pod, cluster, feasible);
      if (scorer == NodeScorer.SKIP) {
        continue;
      }
      for (int i = 0; i < scores.length; i++) {
        scores[i] = scorer.score(feasible.get(i));
      }
      scorer.normalize(feasible, scores);
      for (int i = 0; i < scores.length; i++) {
        total[i] += ws.weight() * scores[i];
      }
    }
    int selected = -1;
    long bestScore = Long.MIN_VALUE;
    int ties = 0;
    for (int i = 0; i < total.length; i++) {
      if (total[i] > bestScore) {
        bestScore = total[i];
        selected = i;
        ties = 1;
      } else if (total[i] == bestScore) {
        ties++;
        if (random.nextInt(ties) == 0) {
          selected = i;
        }
      }
    }
    return feasible.get(selected).name();
  }
}
