package io.skiff.scheduler.framework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Profile} for one pod over a snapshot of the nodes, as Kubernetes' {@code schedulePod}: every node goes
 * through the filters; with no feasible node the post-filters run and the result is a {@link FitError}; with one it is
 * chosen; with several, each is scored (the sum of weight × score) and the best wins, ties broken at random.
 * Not thread-safe (the random generator); the scheduler runs one cycle at a time.
 */
public final class Placer {
  private static final Logger LOG = LoggerFactory.getLogger(Placer.class);
  private final Profile profile;
  private final RandomGenerator random;

  public Placer(Profile profile, RandomGenerator random) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.random = Objects.requireNonNull(random, "random");
  }

  public Placement place(PodInfo pod, List<NodeInfo> nodes) {
    if (nodes.isEmpty()) {
      return new Placement.Unschedulable(FitError.of(0, Map.of()));
    }
    List<NodeInfo> feasible = new ArrayList<>();
    Map<String, FilterResult.Reject> rejections = new LinkedHashMap<>();
    for (NodeInfo node : nodes) {
      switch (profile.filters().run(pod, node)) {
        case FilterResult.Pass pass -> feasible.add(node);
        case FilterResult.Reject reject -> rejections.put(node.name(), reject);
      }
    }
    if (feasible.isEmpty()) {
      return new Placement.Unschedulable(postFilter(pod, nodes, rejections));
    }
    if (feasible.size() == 1) {
      return new Placement.Assigned(feasible.get(0).name(), 1);
    }
    return new Placement.Assigned(best(pod, feasible), feasible.size());
  }

  private FitError postFilter(PodInfo pod, List<NodeInfo> nodes, Map<String, FilterResult.Reject> rejections) {
    FitError error = FitError.of(nodes.size(), rejections);
    for (PostFilterPlugin plugin : profile.postFilters()) {
      switch (plugin.postFilter(pod, nodes, rejections, profile.filters())) {
        case PostFilterResult.Unresolved unresolved -> error = error.withPostFilterMessage(unresolved.message());
        case PostFilterResult.VictimsFound found -> {
          LOG.info("pod {} would fit on node {} if {} lower-priority pod(s) were preempted; skiff does not preempt",
              pod.key(), found.nodeName(), found.victims());
          return FitError.of(nodes.size(), rejections);
        }
      }
    }
    return error;
  }

  /** The highest-scoring node; among equals each is equally likely (reservoir sampling, as Kubernetes' {@code selectHost}). */
  private String best(PodInfo pod, List<NodeInfo> feasible) {
    String selected = null;
    long bestScore = Long.MIN_VALUE;
    int ties = 0;
    for (NodeInfo node : feasible) {
      long score = 0;
      for (WeightedScore ws : profile.scores()) {
        score += ws.weight() * ws.plugin().score(pod, node);
      }
      if (score > bestScore) {
        bestScore = score;
        selected = node.name();
        ties = 1;
      } else if (score == bestScore) {
        ties++;
        if (random.nextInt(ties) == 0) {
          selected = node.name();
        }
      }
    }
    return selected;
  }
}
