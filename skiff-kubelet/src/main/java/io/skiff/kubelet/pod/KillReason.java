package io.skiff.kubelet.pod;

/**
 * Why a container is stopped, as far as it matters to its grace period: a liveness or startup probe failure uses the
 * probe's own {@code terminationGracePeriodSeconds} when set; everything else the pod's.
 */
public enum KillReason {
  LIVENESS_PROBE, STARTUP_PROBE, OTHER
}
