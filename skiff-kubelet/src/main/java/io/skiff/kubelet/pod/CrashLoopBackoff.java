package io.skiff.kubelet.pod;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The kubelet's crash-loop back-off (client-go's {@code flowcontrol.Backoff} used by {@code doBackOff}): keyed by pod,
 * container name and spec hash; a restart is held back while less than the current delay has passed since the last
 * instance finished; each restart that goes ahead advances the delay (10 s, doubling, at most 5 min). When the exit
 * happened more than twice the cap after the last update, the delay starts again at 10 s.
 */
public final class CrashLoopBackoff {
  public static final Duration INITIAL = Duration.ofSeconds(10);
  public static final Duration MAX = Duration.ofMinutes(5);

  private final InstantSource clock;
  private final Duration initial;
  private final Duration max;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Entry> entries = new HashMap<>();

  private record Entry(Duration delay, Instant lastUpdate) {}

  /** A container held back: the current delay (for the waiting message) and how long is left. */
  public record Hold(Duration delay, Duration remaining) {
    public Hold {
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(remaining, "remaining");
    }
  }

  public CrashLoopBackoff(InstantSource clock) {
    this(clock, INITIAL, MAX);
  }

  public CrashLoopBackoff(InstantSource clock, Duration initial, Duration max) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.initial = Objects.requireNonNull(initial, "initial");
    this.max = Objects.requireNonNull(max, "max");
  }

  /** The key: the pod's uid, the container's name and its spec hash (a spec change starts afresh). */
  public static String key(String podUid, String container, String specHash) {
    return podUid + "/" + container + "/" + specHash;
  }

  /** Whether a restart of the container whose last instance finished at {@code finishedAt} must still wait. */
  public Optional<Hold> hold(String key, Instant finishedAt) {
    lock.lock();
    try {
      Entry e = entries.get(key);
      if (e == null || expired(finishedAt, e)) {
        return Optional.empty();
      }
      Duration since = Duration.between(finishedAt, clock.instant());
      if (since.compareTo(e.delay()) >= 0) {
        return Optional.empty();
      }
      return Optional.of(new Hold(e.delay(), e.delay().minus(since)));
    } finally {
      lock.unlock();
    }
  }

  /** Records a restart that goes ahead now: the first sets the delay to 10 s, each further one doubles it up to the cap. */
  public void advance(String key, Instant finishedAt) {
    lock.lock();
    try {
      Entry e = entries.get(key);
      Duration next;
      if (e == null || expired(finishedAt, e)) {
        next = initial;
      } else {
        Duration doubled = e.delay().multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
      }
      entries.put(key, new Entry(next, clock.instant()));
    } finally {
      lock.unlock();
    }
  }

  /** Forgets every entry of a pod (when it is gone). */
  public void forgetPod(String podUid) {
    lock.lock();
    try {
      entries.keySet().removeIf(k -> k.startsWith(podUid + "/"));
    } finally {
      lock.unlock();
    }
  }

  /** Drops entries untouched for longer than twice the cap. */
  public void gc() {
    Instant now = clock.instant();
    lock.lock();
    try {
      entries.values().removeIf(e -> expired(now, e));
    } finally {
      lock.unlock();
    }
  }

  private boolean expired(Instant eventTime, Entry e) {
    return Duration.between(e.lastUpdate(), eventTime).compareTo(max.multipliedBy(2)) > 0;
  }
}
