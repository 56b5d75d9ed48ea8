package io.skiff.common;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A keyed exponential back-off with the semantics of client-go's {@code flowcontrol.Backoff}, which the kubelet uses
 * for image pulls and container restarts: the first step of a key sets its delay to {@code initial}, each further step
 * doubles it up to {@code max}; an event more than {@code 2 × max} after the key's last step starts again at
 * {@code initial}. Thread-safe.
 */
public final class Backoff {
  /** A key's state: its current delay and when it was last stepped. */
  public record Entry(Duration delay, Instant lastUpdate) {}

  private final InstantSource clock;
  private final Duration initial;
  private final Duration max;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Entry> entries = new HashMap<>();

  public Backoff(InstantSource clock, Duration initial, Duration max) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.initial = Objects.requireNonNull(initial, "initial");
    this.max = Objects.requireNonNull(max, "max");
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("back-off needs 0 <= initial <= max, got " + initial + " and " + max);
    }
  }

  /** Steps the key for an event at {@code eventTime} (now, or when a container finished) and answers the new delay. */
  public Duration step(String key, Instant eventTime) {
    lock.lock();
    try {
      Entry e = entries.get(key);
      Duration next;
      if (e == null || expired(e, eventTime)) {
        next = initial;
      } else {
        Duration doubled = e.delay().multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
      }
      entries.put(key, new Entry(next, clock.instant()));
      return next;
    } finally {
      lock.unlock();
    }
  }

  /** The key's state, unless it has none or it expired with respect to an event at {@code eventTime}. */
  public Optional<Entry> current(String key, Instant eventTime) {
    lock.lock();
    try {
      Entry e = entries.get(key);
      return e == null || expired(e, eventTime) ? Optional.empty() : Optional.of(e);
    } finally {
      lock.unlock();
    }
  }

  /** How long the key's delay still runs from its last step; zero when it has none or it ran out. */
  public Duration remaining(String key) {
    Instant now = clock.instant();
    return current(key, now).map(e -> e.delay().minus(Duration.between(e.lastUpdate(), now))).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
  }

  /** Forgets the keys that match. */
  public void forgetIf(Predicate<String> keys) {
    lock.lock();
    try {
      entries.keySet().removeIf(keys);
    } finally {
      lock.unlock();
    }
  }

  /** Drops keys untouched for longer than {@code 2 × max}. */
  public void gc() {
    Instant now = clock.instant();
    lock.lock();
    try {
      entries.values().removeIf(e -> expired(e, now));
    } finally {
      lock.unlock();
    }
  }

  /** Whether the key is known (not forgotten or collected). */
  public boolean knows(String key) {
    lock.lock();
    try {
      return entries.containsKey(key);
    } finally {
      lock.unlock();
    }
  }

  private boolean expired(Entry e, Instant eventTime) {
    return Duration.between(e.lastUpdate(), eventTime).compareTo(max.multipliedBy(2)) > 0;
  }
}
