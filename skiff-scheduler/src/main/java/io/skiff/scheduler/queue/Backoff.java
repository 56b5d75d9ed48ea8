package io.skiff.scheduler.queue;

import java.time.Duration;
import java.util.Objects;

/** Per-pod retry backoff: {@code initial} after the first failed attempt, doubling with each attempt up to {@code max}. */
public record Backoff(Duration initial, Duration max) {
  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
    }
  }

  /** The wait after {@code attempts} failed attempts (at least one). */
  public Duration after(int attempts) {
    Duration d = initial;
    for (int i = 1; i < attempts && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
