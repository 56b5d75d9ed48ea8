package io.skiff.scheduler.plugins;

import java.util.HashMap;
import java.util.Map;

/** Counts per (topology key, topology value), as Kubernetes' {@code topologyToMatchedTermCount}. */
final class TopologyCounts {
  private record Pair(String key, String value) {}

  private final Map<Pair, Long> counts = new HashMap<>();

  /** Adds {@code delta} for the node's value of {@code key}; a node without that label counts nowhere. */
  void add(Map<String, String> nodeLabels, String key, long delta) {
    String value = nodeLabels.get(key);
    if (value != null) {
      counts.merge(new Pair(key, value), delta, Long::sum);
    }
  }

  long get(String key, String value) {
    return counts.getOrDefault(new Pair(key, value), 0L);
  }

  boolean isEmpty() {
    return counts.values().stream().allMatch(v -> v == 0);
  }

  /** True when any label of the node has a positive count. */
  boolean anyPositive(Map<String, String> nodeLabels) {
    for (Map.Entry<String, String> e : nodeLabels.entrySet()) {
      if (get(e.getKey(), e.getValue()) > 0) {
        return true;
      }
    }
    return false;
  }
}
