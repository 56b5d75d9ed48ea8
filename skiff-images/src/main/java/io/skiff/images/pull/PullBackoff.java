package io.skiff.images.pull;

import io.skiff.common.Backoff;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The image pull back-off of the kubelet (client-go's {@code flowcontrol.Backoff}): keyed by
 * {@code <podUID>_<image as written>}; the first failure waits {@code initial}, each further failure doubles the
 * wait up to {@code max}; a failure more than {@code 2 × max} after the last one starts again at {@code initial}.
 * The last error is kept for the {@code ImagePullBackOff} message.
 */
public final class PullBackoff {
  public static final Duration INITIAL = Duration.ofSeconds(10);
  public static final Duration MAX = Duration.ofMinutes(5);

  private final InstantSource clock;
  private final Backoff backoff;
  private final Map<String, String> lastErrors = new ConcurrentHashMap<>();

  public PullBackoff(InstantSource clock) {
    this(clock, INITIAL, MAX);
  }

  public PullBackoff(InstantSource clock, Duration initial, Duration max) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backoff = new Backoff(clock, initial, max);
  }

  /** The key Kubernetes uses: {@code <podUID>_<image as written>}. */
  public static String key(String podUid, String image) {
    return podUid + "_" + image;
  }

  /** Records a failed pull at the current time. */
  public void failed(String key, String error) {
    lastErrors.put(key, error);
    backoff.step(key, clock.instant());
  }

  /** How long the back-off still runs; zero when not backing off. */
  public Duration remaining(String key) {
    return backoff.remaining(key);
  }

  /** The current back-off period (what the next wait is based on), when the key is backing off or may still double. */
  public Optional<Duration> period(String key) {
    return backoff.current(key, clock.instant()).map(Backoff.Entry::delay);
  }

  /** The error of the last failed pull. */
  public Optional<String> lastError(String key) {
    return backoff.knows(key) ? Optional.ofNullable(lastErrors.get(key)) : Optional.empty();
  }

  /** Drops entries untouched for longer than {@code 2 × max}. */
  public void gc() {
    backoff.gc();
    lastErrors.keySet().removeIf(k -> !backoff.knows(k));
  }
}
