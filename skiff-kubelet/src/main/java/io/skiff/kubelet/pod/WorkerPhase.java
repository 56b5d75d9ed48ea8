package io.skiff.kubelet.pod;

/** Where a pod's worker is; phases only move forward. */
public enum WorkerPhase {
  /** Running the pod: syncs start and restart containers. */
  SYNCING,
  /** Stopping every container and the sandbox. */
  TERMINATING,
  /** Stopped; cleaned up once the pod is deleted. */
  TERMINATED
}
