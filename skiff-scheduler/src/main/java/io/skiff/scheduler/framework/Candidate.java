package io.skiff.scheduler.framework;

import java.util.List;
import java.util.Objects;

/**
 * A node where preemption would make room: the pods to evict, most important first (higher priority, then the
 * longer-running), and how many of them a PodDisruptionBudget protects (always 0: skiff has no
 * PodDisruptionBudgets).
 */
public record Candidate(String nodeName, List<PodInfo> victims, int pdbViolations) {
  public Candidate {
    Objects.requireNonNull(nodeName, "nodeName");
    victims = List.copyOf(victims);
    if (victims.isEmpty()) {
      throw new IllegalArgumentException("a preemption candidate has at least one victim");
    }
  }
}
