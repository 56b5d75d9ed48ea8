package io.skiff.images.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how long to wait between attempts of one registry request: {@code attempts} in total, waits
 * starting at {@code initialDelay} and doubling up to {@code maxDelay}.
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(4));

  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
  }

  /** The wait before attempt {@code attempt} (1-based; the first attempt does not wait). */
  public Duration delayBefore(int attempt) {
    if (attempt <= 1) {
      return Duration.ZERO;
    }
    Duration d = initialDelay.multipliedBy(1L << Math.min(attempt - 2, 20));
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }
}
