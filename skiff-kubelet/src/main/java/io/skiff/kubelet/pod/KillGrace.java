package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;

/**
 * The kubelet's {@code setTerminationGracePeriod}: the grace a container gets when it is stopped on its own: the pod's
 * deletion grace period while it is being deleted; else, for a liveness or startup probe failure, that probe's
 * {@code terminationGracePeriodSeconds} when set; else the pod's {@code terminationGracePeriodSeconds}; 2 s when
 * the pod has none.
 */
public final class KillGrace {
  static final Duration MINIMUM = Duration.ofSeconds(2);

  private KillGrace() {}

  public static Duration of(Pod pod, Container container, KillReason reason) {
    Long deletion = pod.getMetadata().getDeletionGracePeriodSeconds();
    if (deletion != null) {
      return seconds(deletion);
    }
    Long spec = pod.getSpec().getTerminationGracePeriodSeconds();
    if (spec == null) {
      return MINIMUM;
    }
    Probe probe = container == null ? null : switch (reason) {
      case LIVENESS_PROBE -> container.getLivenessProbe();
      case STARTUP_PROBE -> container.getStartupProbe();
      case OTHER -> null;
    };
    if (probe != null && probe.getTerminationGracePeriodSeconds() != null) {
      return seconds(probe.getTerminationGracePeriodSeconds());
    }
    return seconds(spec);
  }

  private static Duration seconds(long s) {
    return Duration.ofSeconds(Math.max(0, s));
  }
}
