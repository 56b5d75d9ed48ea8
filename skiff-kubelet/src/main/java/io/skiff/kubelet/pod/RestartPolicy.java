package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;

/** A pod's {@code spec.restartPolicy}. */
public enum RestartPolicy {
  Always, OnFailure, Never;

  /** The pod's policy; an absent one is Kubernetes' default, Always. */
  public static RestartPolicy of(Pod pod) {
    String p = pod.getSpec() == null ? null : pod.getSpec().getRestartPolicy();
    if (p == null || p.isEmpty()) {
      return Always;
    }
    return switch (p) {
      case "OnFailure" -> OnFailure;
      case "Never" -> Never;
      default -> Always;
    };
  }

  /** Whether a failed container (or init container) is restarted. */
  public boolean restartsOnFailure() {
    return this != Never;
  }

  /** {@code ShouldContainerBeRestarted} for an exited app container. */
  public boolean restarts(ObservedContainer exited) {
    return switch (this) {
      case Always -> true;
      case OnFailure -> exited.exitCode() != 0;
      case Never -> false;
    };
  }
}
