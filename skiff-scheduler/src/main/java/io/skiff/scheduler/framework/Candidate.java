package io.skiff.scheduler.framework;

import java.util.List;
import java.util.Objects;

/**
 * A node where preemption would make room: the pods to evict, most important first (higher priority, then the
 * longer-running), and how many of them are evicted in spite of a PodDisruptionBudget that allows no more disruptions.
 */
public record Candidate(String nodeName, List<PodInfo> victims, int pdbViolations) {
  public Candidate {
    Objects.requireNonNull(nodeName, "nodeName");
    victims = List.copyOf(victims);
    if (pdbViolations < 0 || pdbViolations > victims.size()) {
      throw new IllegalArgumentException("pdbViolations must be between 0 and the number of victims, not " + pdbViolations);
    }
    if (victims.isEmpty()) {
      throw new IllegalArgumentException("a preemption candidate has at least one victim");
    }
  }
}
