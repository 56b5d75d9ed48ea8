package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

/**
 * The three probes of a container, with the word events use ({@code Liveness probe failed: …}) and the result a new
 * container instance has before its first probe: liveness passes, readiness fails, startup is unknown.
 */
public enum ProbeType {
  LIVENESS("Liveness", ProbeResult.SUCCESS),
  READINESS("Readiness", ProbeResult.FAILURE),
  STARTUP("Startup", ProbeResult.UNKNOWN);

  private final String word;
  private final ProbeResult initial;

  ProbeType(String word, ProbeResult initial) {
    this.word = word;
    this.initial = initial;
  }

  /** {@code Liveness}, {@code Readiness} or {@code Startup}. */
  public String word() {
    return word;
  }

  /** The result before the first probe of an instance. */
  public ProbeResult initial() {
    return initial;
  }

  /** This probe of the container, or {@code null}. */
  public Probe of(Container c) {
    return switch (this) {
      case LIVENESS -> c.getLivenessProbe();
      case READINESS -> c.getReadinessProbe();
      case STARTUP -> c.getStartupProbe();
    };
  }
}
