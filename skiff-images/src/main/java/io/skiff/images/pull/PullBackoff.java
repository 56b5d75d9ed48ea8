package io.skiff.images.pull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

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
  private final Duration initial;
  private final Duration max;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Entry> entries = new HashMap<>();

  private record Entry(Duration backoff, Instant lastUpdate, String lastError) {}

  public PullBackoff(InstantSource clock) {
    this(clock, INITIAL, MAX);
  }

  public PullBackoff(InstantSource clock, Duration initial, Duration max) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.initial = initial;
    this.max = max;
  }

  /** The key Kubernetes uses: {@code <podUID>_<image as written>}. */
  public static String key(String podUid, String image) {
    return podUid + "_" + image;
  }

  /** Records a failed pull at the current time. */
  public void failed(String key, String error) {
    Instant now = clock.instant();
    lock.lock();
    try {
      Entry e = entries.get(key);
      Duration next;
      if (e == null || expired(e, now)) {
        next = initial;
      } else {
        Duration doubled = e.backoff().multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
      }
      entries.put(key, new Entry(next, now, error));
    } finally {
      lock.unlock();
    }
  }

  /** How long the back-off still runs; zero when not backing off. */
  public Duration remaining(String key) {
    Instant now = clock.instant();
    lock.lock();
    try {
      Entry e = entries.get(key);
      if (e == null) {
        return Duration.ZERO;
      }
      Duration left = e.backoff().minus(Duration.between(e.lastUpdate(), now));
      return left.isNegative() ? Duration.ZERO : left;
    } finally {
      lock.unlock();
    }
  }

  /** The current back-off period (what the next wait is based on), when an entry exists. */
  public Optional<Duration> period(String key) {
    lock.lock();
    try {
      return Optional.ofNullable(entries.get(key)).map(Entry::backoff);
    } finally {
      lock.unlock();
    }
  }

  /** The error of the last failed pull. */
  public Optional<String> lastError(String key) {
    lock.lock();
    try {
      return Optional.ofNullable(entries.get(key)).map(Entry::lastError);
    } finally {
      lock.unlock();
    }
  }

  /** Drops entries untouched for longer than {@code 2 × max}. */
  public void gc() {
    Instant now = clock.instant();
    lock.lock();
    try {
      entries.values().removeIf(e -> expired(e, now));
    } finally {
      lock.unlock();
    }
  }

  private boolean expired(Entry e, Instant now) {
    return Duration.between(e.lastUpdate(), now).compareTo(max.multipliedBy(2)) > 0;
  }
}
