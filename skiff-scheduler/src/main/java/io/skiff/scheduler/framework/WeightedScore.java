package io.skiff.scheduler.framework;

import java.util.Objects;

/** A score plugin and the weight its score is multiplied by. */
public record WeightedScore(ScorePlugin plugin, int weight) {
  public WeightedScore {
    Objects.requireNonNull(plugin, "plugin");
    if (weight <= 0) {
      throw new IllegalArgumentException("weight must be positive, got " + weight);
    }
  }
}
