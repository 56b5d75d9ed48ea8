package io.skiff.kubelet.startup;

import io.skiff.images.pull.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One pod's observed start, as the kubelet logs it: from the pod's creation to the agent's watch seeing it with every
 * container running (end to end), and that without the time spent pulling images (the SLI).
 *
 * @param namespace                the pod's namespace
 * @param name                     the pod's name
 * @param created                  the pod's creationTimestamp (whole seconds, as the API keeps it)
 * @param firstStartedPulling      when the first image pull for it began; {@link Instant#EPOCH} when nothing was pulled
 * @param lastFinishedPulling      when the last image pull for it ended; {@link Instant#EPOCH} when nothing was pulled
 * @param observedRunning          when the agent handed a status with every container running to the status manager
 * @param watchObservedRunning     when the agent's watch saw that status
 */
public record PodStartup(String namespace, String name, Instant created, Instant firstStartedPulling, Instant lastFinishedPulling,
    Instant observedRunning, Instant watchObservedRunning) {
  public PodStartup {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(firstStartedPulling, "firstStartedPulling");
    Objects.requireNonNull(lastFinishedPulling, "lastFinishedPulling");
    Objects.requireNonNull(observedRunning, "observedRunning");
    Objects.requireNonNull(watchObservedRunning, "watchObservedRunning");
  }

  /** Creation → running seen by the agent's watch. */
  public Duration e2e() {
    return Duration.between(created, watchObservedRunning);
  }

  /** Time spent pulling images: first pull's start to last pull's end (zero when nothing was pulled). */
  public Duration pulling() {
    return Duration.between(firstStartedPulling, lastFinishedPulling);
  }

  /** The end-to-end duration without the image pulls, in seconds (the kubelet's podStartSLOduration). */
  public double sloSeconds() {
    return e2e().minus(pulling()).toNanos() / 1e9;
  }

  /** The INFO line's fields, in the kubelet's names. */
  public String logFields() {
    return "pod=\"" + namespace + "/" + name + "\" podStartSLOduration=" + sloSeconds() + " podStartE2EDuration=\"" + GoDuration.format(e2e())
        + "\" podCreationTimestamp=\"" + created + "\" firstStartedPulling=\"" + zeroAsGo(firstStartedPulling)
        + "\" lastFinishedPulling=\"" + zeroAsGo(lastFinishedPulling) + "\" observedRunningTime=\"" + observedRunning
        + "\" watchObservedRunningTime=\"" + watchObservedRunning + "\"";
  }

  /** Go's zero time, as the kubelet prints a pull time that never happened. */
  private static String zeroAsGo(Instant t) {
    return t.equals(Instant.EPOCH) ? "0001-01-01T00:00:00Z" : t.toString();
  }
}
