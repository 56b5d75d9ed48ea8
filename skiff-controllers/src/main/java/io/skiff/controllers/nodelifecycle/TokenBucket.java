package io.skiff.controllers.nodelifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket of capacity one refilled at {@code qps} tokens per second, as the node eviction limiter (Kubernetes'
 * burst is 1); a rate of zero or less never admits anything. Not thread-safe: the controller's loop owns it.
 */
final class TokenBucket {
  private double qps;
  private double tokens = 1;
  private Instant last;

  TokenBucket(double qps, Instant now) {
    this.qps = qps;
    this.last = now;
  }

  /** Takes a token if one is there. */
  boolean tryAccept(Instant now) {
    refill(now);
    if (qps > 0 && tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Changes the rate; a new rate starts with a full bucket, as Kubernetes swaps in a new limiter. */
  void setRate(double newQps, Instant now) {
    if (newQps != qps) {
      qps = newQps;
      tokens = 1;
      last = now;
    }
  }

  double rate() {
    return qps;
  }

  private void refill(Instant now) {
    if (qps > 0 && now.isAfter(last)) {
      tokens = Math.min(1, tokens + Duration.between(last, now).toNanos() / 1e9 * qps);
    }
    last = now;
  }
}
