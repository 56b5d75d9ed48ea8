package io.skiff.kubelet.pod;

import io.skiff.common.Backoff;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

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
  private final Backoff backoff;

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
    this.backoff = new Backoff(clock, initial, max);
  }

  /** The key: the pod's uid, the container's name and its spec hash (a spec change starts afresh). */
  public static String key(String podUid, String container, String specHash) {
    return podUid + "/" + container + "/" + specHash;
  }

  /** Whether a restart of the container whose last instance finished at {@code finishedAt} must still wait. */
  public Optional<Hold> hold(String key, Instant finishedAt) {
    Optional<Backoff.Entry> e = backoff.current(key, finishedAt);
    if (e.isEmpty()) {
      return Optional.empty();
    }
    Duration since = Duration.between(finishedAt, clock.instant());
    Duration delay = e.get().delay();
    return since.compareTo(delay) >= 0 ? Optional.empty() : Optional.of(new Hold(delay, delay.minus(since)));
  }

  /** Records a restart that goes ahead now: the first sets the delay to 10 s, each further one doubles it up to the cap. */
  public void advance(String key, Instant finishedAt) {
    backoff.step(key, finishedAt);
  }

  /** Forgets every entry of a pod (when it is gone). */
  public void forgetPod(String podUid) {
    backoff.forgetIf(k -> k.startsWith(podUid + "/"));
  }

  /** Drops entries untouched for longer than twice the cap. */
  public void gc() {
    backoff.gc();
  }
}
