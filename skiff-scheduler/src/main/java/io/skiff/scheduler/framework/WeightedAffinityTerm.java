package io.skiff.scheduler.framework;

import java.util.Objects;

/** A preferred (anti-)affinity term and its weight (1 to 100). */
public record WeightedAffinityTerm(AffinityTerm term, int weight) {
  public WeightedAffinityTerm {
    Objects.requireNonNull(term, "term");
  }
}
