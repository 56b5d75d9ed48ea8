package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.FilterPlugin;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeFilter;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeScorer;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.ScorePlugin;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes' PodTopologySpread. Filter ({@code whenUnsatisfiable: DoNotSchedule}): the matching pods are counted per
 * topology value over the nodes that carry every constraint's key and pass its inclusion policies; a node fails when
 * its value's count, plus one if the pod matches its own selector, minus the smallest count (zero while fewer domains
 * than {@code minDomains} exist) exceeds {@code maxSkew}, and a node without the key fails unresolvably. Score ({@code
 * ScheduleAnyway}): each node gets, per constraint, the count of its domain times {@code ln(domains + 2)} plus {@code
 * maxSkew - 1}; fewer is better after normalizing, and nodes lacking a key score zero.
 */
public final class PodTopologySpread implements FilterPlugin, ScorePlugin {
  public static final String NAME = "PodTopologySpread";
  public static final String CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
  public static final String MISSING_LABEL = CONSTRAINTS_NOT_MATCH + " (missing required label)";
  static final String HOSTNAME = "kubernetes.io/hostname";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NodeFilter prepare(PodInfo pod, ClusterSnapshot cluster) {
    List<SpreadConstraint> constraints = SpreadConstraint.of(pod.pod(), SpreadConstraint.DO_NOT_SCHEDULE);
    if (constraints.isEmpty()) {
      return NodeFilter.PASS_ALL;
    }
    int n = constraints.size();
    List<Map<String, Integer>> counts = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      counts.add(new HashMap<>());
    }
    for (NodeInfo node : cluster.nodes()) {
      if (!SpreadConstraint.nodeHasAllKeys(node, constraints)) {
        continue;
      }
      for (int i = 0; i < n; i++) {
        SpreadConstraint c = constraints.get(i);
        if (c.includes(pod, node)) {
          counts.get(i).merge(node.labels().get(c.topologyKey()), c.countMatching(node, pod.namespace()), Integer::sum);
        }
      }
    }
    int[] minMatch = new int[n];
    for (int i = 0; i < n; i++) {
      int min = Integer.MAX_VALUE;
      for (int v : counts.get(i).values()) {
        min = Math.min(min, v);
      }
      minMatch[i] = counts.get(i).size() < constraints.get(i).minDomains() ? 0 : min;
    }
    return node -> {
      for (int i = 0; i < n; i++) {
        SpreadConstraint c = constraints.get(i);
        String value = node.labels().get(c.topologyKey());
        if (value == null) {
          return FilterResult.unresolvable(MISSING_LABEL);
        }
        long skew = (long) counts.get(i).getOrDefault(value, 0) + (c.selects(pod) ? 1 : 0) - minMatch[i];
        if (skew > c.maxSkew()) {
          return FilterResult.unschedulable(CONSTRAINTS_NOT_MATCH);
        }
      }
      return FilterResult.PASS;
    };
  }

  @Override
  public NodeScorer prepare(PodInfo pod, ClusterSnapshot cluster, List<NodeInfo> feasible) {
    List<SpreadConstraint> constraints = SpreadConstraint.of(pod.pod(), SpreadConstraint.SCHEDULE_ANYWAY);
    if (constraints.isEmpty() || cluster.nodes().isEmpty()) {
      return NodeScorer.SKIP;
    }
    int n = constraints.size();
    Set<String> ignored = new HashSet<>();
    List<Map<String, Long>> counts = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      counts.add(new HashMap<>());
    }
    for (NodeInfo node : feasible) {
      if (!SpreadConstraint.nodeHasAllKeys(node, constraints)) {
        ignored.add(node.name());
        continue;
      }
      for (int i = 0; i < n; i++) {
        SpreadConstraint c = constraints.get(i);
        if (!c.topologyKey().equals(HOSTNAME)) {
          counts.get(i).putIfAbsent(node.labels().get(c.topologyKey()), 0L);
        }
      }
    }
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      int size = constraints.get(i).topologyKey().equals(HOSTNAME) ? feasible.size() - ignored.size() : counts.get(i).size();
      weights[i] = Math.log(size + 2);
    }
    for (NodeInfo node : cluster.nodes()) {
      if (!SpreadConstraint.nodeHasAllKeys(node, constraints)) {
        continue;
      }
      for (int i = 0; i < n; i++) {
        SpreadConstraint c = constraints.get(i);
        String value = node.labels().get(c.topologyKey());
        if (!c.includes(pod, node) || !counts.get(i).containsKey(value)) {
          continue;
        }
        counts.get(i).merge(value, (long) c.countMatching(node, pod.namespace()), Long::sum);
      }
    }
    return new NodeScorer() {
      @Override
      public long score(NodeInfo node) {
        if (ignored.contains(node.name())) {
          return 0;
        }
        double score = 0;
        for (int i = 0; i < n; i++) {
          SpreadConstraint c = constraints.get(i);
          String value = node.labels().get(c.topologyKey());
          if (value == null) {
            continue;
          }
          long count = c.topologyKey().equals(HOSTNAME) ? c.countMatching(node, pod.namespace()) : counts.get(i).getOrDefault(value, 0L);
          score += count * weights[i] + (c.maxSkew() - 1);
        }
        return Math.round(score);
      }

      @Override
      public void normalize(List<NodeInfo> nodes, long[] scores) {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < scores.length; i++) {
          if (!ignored.contains(nodes.get(i).name())) {
            min = Math.min(min, scores[i]);
            max = Math.max(max, scores[i]);
          }
        }
        for (int i = 0; i < scores.length; i++) {
          if (ignored.contains(nodes.get(i).name())) {
            scores[i] = 0;
          } else if (max == 0) {
            scores[i] = MAX_NODE_SCORE;
          } else {
            scores[i] = MAX_NODE_SCORE * (max + min - scores[i]) / max;
          }
        }
      }
    };
  }
}
