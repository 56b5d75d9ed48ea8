package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.AffinityTerm;
import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.FilterPlugin;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeFilter;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeScorer;
import io.skiff.scheduler.framework.PodAffinities;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.ScorePlugin;
import io.skiff.scheduler.framework.WeightedAffinityTerm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' InterPodAffinity. Filter: a node fails when it lacks a topology key of a required affinity term or no
 * pod matching every required affinity term runs in its domain (unless no pod anywhere matches and the pod matches
 * its own terms, so that the first of a group can start), which preemption cannot fix; it also fails when a pod
 * matching a required anti-affinity term runs in its domain, or when the pod would run in the domain of an existing
 * pod whose required anti-affinity it matches. Terms match pods in the namespaces they list, or those their
 * namespace selector picks, or else the owner's own namespace. Score: per topology domain, the weights of the pod's
 * preferred terms matched by the pods there (anti-affinity subtracting), plus the existing pods' terms matched by
 * the pod (their required affinity with weight 1), scaled between the lowest and highest node.
 */
public final class InterPodAffinity implements FilterPlugin, ScorePlugin {
  public static final String NAME = "InterPodAffinity";
  public static final String AFFINITY_RULES = "node(s) didn't match pod affinity rules";
  public static final String ANTI_AFFINITY_RULES = "node(s) didn't match pod anti-affinity rules";
  public static final String EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
  /** Kubernetes' default {@code hardPodAffinityWeight}. */
  static final int HARD_POD_AFFINITY_WEIGHT = 1;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NodeFilter prepare(PodInfo pod, ClusterSnapshot cluster) {
    PodAffinities own = pod.affinities();
    Map<String, String> podNamespaceLabels = cluster.namespaceLabels(pod.namespace());
    TopologyCounts existingAnti = new TopologyCounts();
    for (NodeInfo node : cluster.nodesWithRequiredAntiAffinity()) {
      for (PodInfo existing : node.podsWithRequiredAntiAffinity()) {
        for (AffinityTerm t : existing.affinities().requiredAntiAffinity()) {
          if (t.matches(pod.pod(), podNamespaceLabels)) {
            existingAnti.add(node.labels(), t.topologyKey(), 1);
          }
        }
      }
    }
    List<AffinityTerm> affinity = own.requiredAffinity();
    List<AffinityTerm> anti = own.requiredAntiAffinity();
    if (affinity.isEmpty() && anti.isEmpty() && existingAnti.isEmpty()) {
      return NodeFilter.PASS_ALL;
    }
    TopologyCounts affinityCounts = new TopologyCounts();
    TopologyCounts antiCounts = new TopologyCounts();
    if (!affinity.isEmpty() || !anti.isEmpty()) {
      for (NodeInfo node : cluster.nodes()) {
        for (PodInfo existing : node.pods()) {
          Map<String, String> nsLabels = cluster.namespaceLabels(existing.namespace());
          if (matchesAll(affinity, existing, nsLabels)) {
            for (AffinityTerm t : affinity) {
              affinityCounts.add(node.labels(), t.topologyKey(), 1);
            }
          }
          for (AffinityTerm t : anti) {
            if (t.matches(existing.pod(), nsLabels)) {
              antiCounts.add(node.labels(), t.topologyKey(), 1);
            }
          }
        }
      }
    }
    boolean firstOfGroup = affinityCounts.isEmpty() && matchesAll(affinity, pod, podNamespaceLabels);
    return node -> {
      if (!satisfiesAffinity(affinity, affinityCounts, firstOfGroup, node)) {
        return FilterResult.unresolvable(AFFINITY_RULES);
      }
      for (AffinityTerm t : anti) {
        String value = node.labels().get(t.topologyKey());
        if (value != null && antiCounts.get(t.topologyKey(), value) > 0) {
          return FilterResult.unschedulable(ANTI_AFFINITY_RULES);
        }
      }
      if (existingAnti.anyPositive(node.labels())) {
        return FilterResult.unschedulable(EXISTING_ANTI_AFFINITY);
      }
      return FilterResult.PASS;
    };
  }

  private static boolean satisfiesAffinity(List<AffinityTerm> terms, TopologyCounts counts, boolean firstOfGroup, NodeInfo node) {
    boolean podsExist = true;
    for (AffinityTerm t : terms) {
      String value = node.labels().get(t.topologyKey());
      if (value == null) {
        return false;
      }
      if (counts.get(t.topologyKey(), value) <= 0) {
        podsExist = false;
      }
    }
    return podsExist || firstOfGroup;
  }

  private static boolean matchesAll(List<AffinityTerm> terms, PodInfo candidate, Map<String, String> namespaceLabels) {
    if (terms.isEmpty()) {
      return false;
    }
    for (AffinityTerm t : terms) {
      if (!t.matches(candidate.pod(), namespaceLabels)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public NodeScorer prepare(PodInfo pod, ClusterSnapshot cluster, List<NodeInfo> feasible) {
    PodAffinities own = pod.affinities();
    boolean ownPreferences = !own.preferredAffinity().isEmpty() || !own.preferredAntiAffinity().isEmpty();
    List<NodeInfo> nodes = ownPreferences ? cluster.nodes() : cluster.nodesWithAffinity();
    if (nodes.isEmpty()) {
      return NodeScorer.SKIP;
    }
    Map<String, String> podNamespaceLabels = cluster.namespaceLabels(pod.namespace());
    Map<String, Map<String, Long>> topologyScore = new HashMap<>();
    for (NodeInfo node : nodes) {
      for (PodInfo existing : ownPreferences ? node.pods() : node.podsWithAffinity()) {
        Map<String, String> existingNamespaceLabels = cluster.namespaceLabels(existing.namespace());
        for (WeightedAffinityTerm w : own.preferredAffinity()) {
          add(topologyScore, w.term(), w.weight(), existing, existingNamespaceLabels, node);
        }
        for (WeightedAffinityTerm w : own.preferredAntiAffinity()) {
          add(topologyScore, w.term(), -w.weight(), existing, existingNamespaceLabels, node);
        }
        PodAffinities theirs = existing.affinities();
        for (AffinityTerm t : theirs.requiredAffinity()) {
          add(topologyScore, t, HARD_POD_AFFINITY_WEIGHT, pod, podNamespaceLabels, node);
        }
        for (WeightedAffinityTerm w : theirs.preferredAffinity()) {
          add(topologyScore, w.term(), w.weight(), pod, podNamespaceLabels, node);
        }
        for (WeightedAffinityTerm w : theirs.preferredAntiAffinity()) {
          add(topologyScore, w.term(), -w.weight(), pod, podNamespaceLabels, node);
        }
      }
    }
    if (topologyScore.isEmpty()) {
      return NodeScorer.SKIP;
    }
    return new NodeScorer() {
      @Override
      public long score(NodeInfo node) {
        long score = 0;
        for (Map.Entry<String, Map<String, Long>> e : topologyScore.entrySet()) {
          String value = node.labels().get(e.getKey());
          if (value != null) {
            score += e.getValue().getOrDefault(value, 0L);
          }
        }
        return score;
      }

      @Override
      public void normalize(List<NodeInfo> scored, long[] scores) {
        long max = 0;
        long min = 0;
        for (long s : scores) {
          max = Math.max(max, s);
          min = Math.min(min, s);
        }
        long diff = max - min;
        for (int i = 0; i < scores.length; i++) {
          scores[i] = diff > 0 ? (long) (MAX_NODE_SCORE * ((double) (scores[i] - min) / diff)) : 0;
        }
      }
    };
  }

  /** Adds {@code weight} to the node's domain of the term's key when {@code candidate} matches the term. */
  private static void add(Map<String, Map<String, Long>> topologyScore, AffinityTerm term, long weight, PodInfo candidate,
                          Map<String, String> candidateNamespaceLabels, NodeInfo node) {
    String value = node.labels().get(term.topologyKey());
    if (value == null || node.labels().isEmpty() || !term.matches(candidate.pod(), candidateNamespaceLabels)) {
      return;
    }
    topologyScore.computeIfAbsent(term.topologyKey(), k -> new HashMap<>()).merge(value, weight, Long::sum);
  }
}
